package io.pgward.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Samples the primary's WAL archiving once a second on a thread of its own: seconds since
 * pg_stat_archiver.last_archived_time, WAL segments waiting for archive_command (.ready files in
 * pg_wal/archive_status), and the WAL position, so the report can say how much WAL was written meanwhile.
 */
final class ArchiveSampler implements AutoCloseable {

    private static final String QUERY = """
            SELECT extract(epoch FROM now() - last_archived_time), archived_count, failed_count,
                   pg_current_wal_lsn() - '0/0'::pg_lsn
            FROM pg_stat_archiver
            """;

    /**
     * One look: seconds since the last archived segment, .ready files and the age of the oldest (how long the
     * oldest complete segment has waited for archive_command; 0 when none waits), archived and failed counts,
     * WAL bytes.
     */
    record Sample(double sinceArchived, int ready, double oldestReadyAge, long archived, long failed, long walBytes) {
    }

    private record Ready(int count, double oldestAge) {
    }

    private final Connection conn;
    private final Path archiveStatus;
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final Ticker ticker = new Ticker("archive-sampler", 1.0, this::sampleOnce);
    private volatile String lastError;

    ArchiveSampler(int pgPort, Path dataDir) throws SQLException {
        this.conn = Postgres.connect(pgPort, 10);
        this.archiveStatus = dataDir.resolve("pg_wal/archive_status");
    }

    ArchiveSampler start() {
        ticker.start();
        return this;
    }

    /** One sample now; also used without the thread. */
    Sample sampleOnce() {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(QUERY)) {
            rs.next();
            double since = rs.getObject(1) == null ? Double.NaN : rs.getDouble(1);
            Ready ready = readyFiles();
            Sample s = new Sample(since, ready.count(), ready.oldestAge(), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            samples.add(s);
            return s;
        } catch (SQLException | IOException e) {
            if (!e.getMessage().equals(lastError)) {
                Log.log("archive sampler: " + e.getMessage());
            }
            lastError = e.getMessage();
            return null;
        }
    }

    private Ready readyFiles() throws IOException {
        List<Path> ready;
        try (Stream<Path> files = Files.list(archiveStatus)) {
            ready = files.filter(p -> p.getFileName().toString().endsWith(".ready")).toList();
        }
        long oldest = System.currentTimeMillis();
        for (Path p : ready) {
            try {
                oldest = Math.min(oldest, Files.getLastModifiedTime(p).toMillis());
            } catch (IOException e) {
                // archived meanwhile
            }
        }
        return new Ready(ready.size(), (System.currentTimeMillis() - oldest) / 1000.0);
    }

    List<Sample> samples() {
        synchronized (samples) {
            return new ArrayList<>(samples);
        }
    }

    @Override
    public void close() {
        ticker.stop();
        Quietly.close(conn);
    }
}
