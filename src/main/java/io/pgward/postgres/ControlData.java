package io.pgward.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The parts of {@code pg_controldata} output pgward needs. */
public record ControlData(Map<String, String> fields) {

    public static ControlData parse(String output) {
        Map<String, String> f = new HashMap<>();
        for (String line : output.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                f.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return new ControlData(Map.copyOf(f));
    }

    public String systemId() {
        return fields.get("Database system identifier");
    }

    /** e.g. "in production", "shut down", "shut down in recovery", "in archive recovery", "in crash recovery". */
    public String clusterState() {
        return fields.getOrDefault("Database cluster state", "");
    }

    /** True when the cluster last ran as a primary (so, as a former primary, it may have diverged). */
    public boolean wasPrimary() {
        String s = clusterState();
        return s.equals("in production") || s.equals("shut down") || s.equals("in crash recovery");
    }

    /**
     * A primary stopped cleanly: its last checkpoint is the end of its WAL, which a switchover or a clean stop of the
     * leader's agent hands over.
     */
    public boolean primaryShutDownCleanly() {
        return clusterState().equals("shut down");
    }

    public boolean cleanlyShutDown() {
        String s = clusterState();
        return s.equals("shut down") || s.equals("shut down in recovery");
    }

    public int checkpointTimeline() {
        return parseInt(fields.get("Latest checkpoint's TimeLineID"));
    }

    /** Timeline the cluster must reach to be consistent (a standby's), 0 when none. */
    public int minRecoveryTimeline() {
        return parseInt(fields.get("Min recovery ending loc's timeline"));
    }

    public long checkpointLocation() {
        return Lsn.parse(fields.get("Latest checkpoint location"));
    }

    public long minRecoveryLocation() {
        return Lsn.parse(fields.get("Minimum recovery ending location"));
    }

    public boolean rewindable() {
        return "on".equals(fields.get("wal_log_hints setting"))
                || !"0".equals(fields.getOrDefault("Data page checksum version", "0"));
    }

    private static int parseInt(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The system identifier: the first field of a {@code pg_control} file, written in the host's byte order. */
    public static String readSystemId(Path pgControl) throws IOException {
        try (InputStream in = Files.newInputStream(pgControl)) {
            byte[] head = in.readNBytes(Long.BYTES);
            if (head.length < Long.BYTES) {
                throw new IOException(pgControl + " is shorter than its first field");
            }
            return Long.toUnsignedString(ByteBuffer.wrap(head).order(ByteOrder.nativeOrder()).getLong());
        }
    }
}
