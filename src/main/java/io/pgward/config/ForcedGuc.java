package io.pgward.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GUCs Patroni controls (its CMDLINE_OPTIONS): they must be equal on every node, so they are taken only from
 * the dynamic configuration, validated (an invalid value means the default), and most are passed on the postgres
 * command line. listen_addresses, port and cluster_name are not here: they always come from the node's file.
 */
enum ForcedGuc {
    HOT_STANDBY("hot_standby", "on", Kind.TRUE, 0),
    WAL_LEVEL("wal_level", "replica", Kind.WAL_LEVEL, 0),
    MAX_CONNECTIONS("max_connections", "100", Kind.INTEGER, 25),
    MAX_WAL_SENDERS("max_wal_senders", "10", Kind.INTEGER, 3),
    MAX_REPLICATION_SLOTS("max_replication_slots", "10", Kind.INTEGER, 4),
    MAX_WORKER_PROCESSES("max_worker_processes", "8", Kind.INTEGER, 2),
    MAX_PREPARED_TRANSACTIONS("max_prepared_transactions", "0", Kind.INTEGER, 0),
    MAX_LOCKS_PER_TRANSACTION("max_locks_per_transaction", "64", Kind.INTEGER, 32),
    TRACK_COMMIT_TIMESTAMP("track_commit_timestamp", "off", Kind.BOOLEAN, 0),
    WAL_KEEP_SIZE("wal_keep_size", "128MB", Kind.MEGABYTES, 16),
    WAL_LOG_HINTS("wal_log_hints", "on", Kind.BOOLEAN, 0);

    /** Set from postgresql.listen and scope; never from parameters. */
    static final Set<String> FIXED = Set.of("listen_addresses", "port", "cluster_name");
    /** PostgreSQL < 13 name of wal_keep_size (in 16MB segments); converted, never written. */
    static final String WAL_KEEP_SEGMENTS = "wal_keep_segments";

    private static final Pattern SIZE = Pattern.compile("([0-9]{1,15})\\s*(kB|MB|GB|TB)?");

    private enum Kind { TRUE, BOOLEAN, WAL_LEVEL, INTEGER, MEGABYTES }

    private final String gucName;
    private final String defaultValue;
    private final Kind kind;
    private final long min;

    ForcedGuc(String gucName, String defaultValue, Kind kind, long min) {
        this.gucName = gucName;
        this.defaultValue = defaultValue;
        this.kind = kind;
        this.min = min;
    }

    String gucName() {
        return gucName;
    }

    String defaultValue() {
        return defaultValue;
    }

    /** Passed as postgres --name=value (all but wal_keep_size). */
    boolean onCommandLine() {
        return this != WAL_KEEP_SIZE;
    }

    static Optional<ForcedGuc> byName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(g -> g.gucName.equals(lower)).findFirst();
    }

    /** What a valid value looks like, for messages. */
    String requirement() {
        return switch (kind) {
            case TRUE -> "on";
            case BOOLEAN -> "on or off";
            case WAL_LEVEL -> "one of replica, logical, hot_standby";
            case INTEGER -> "an integer >= " + min;
            case MEGABYTES -> "a size >= " + min + "MB (e.g. 128MB, 1GB; a plain number means MB)";
        };
    }

    /** The value as it should be written (booleans as on/off, hot_standby as replica), or empty if invalid. */
    Optional<String> normalise(String value) {
        String v = value.strip();
        return switch (kind) {
            case TRUE -> PlainValues.parseBool(v).filter(b -> b).map(b -> "on");
            case BOOLEAN -> PlainValues.parseBool(v).map(b -> b ? "on" : "off");
            case WAL_LEVEL -> switch (v.toLowerCase(Locale.ROOT)) {
                case "replica", "hot_standby" -> Optional.of("replica");
                case "logical" -> Optional.of("logical");
                default -> Optional.empty();
            };
            case INTEGER -> PlainValues.parseLong(v).filter(n -> n >= min).map(String::valueOf);
            case MEGABYTES -> megabytes(v).filter(mb -> mb >= min).map(mb -> v);
        };
    }

    /** A PostgreSQL size in MB: "128", "128MB", "1GB", "16384kB", "1TB". */
    static Optional<Long> megabytes(String value) {
        Matcher m = SIZE.matcher(value.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "MB" : m.group(2);
        return Optional.of(switch (unit) {
            case "kB" -> n / 1024;
            case "GB" -> n * 1024;
            case "TB" -> n * 1024 * 1024;
            default -> n;
        });
    }
}
