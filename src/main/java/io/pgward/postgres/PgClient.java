package io.pgward.postgres;

import java.util.Optional;
import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.config.Credentials;
import io.pgward.ha.LocalChange;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** SQL against a PostgreSQL server as the superuser. */
public final class PgClient {

    private static final String STATUS_SQL = """
            SELECT pg_is_in_recovery(),
                   CASE WHEN pg_is_in_recovery() THEN 0 ELSE pg_current_wal_flush_lsn() - '0/0' END,
                   COALESCE(pg_last_wal_receive_lsn() - '0/0', 0),
                   COALESCE(pg_last_wal_replay_lsn() - '0/0', 0),
                   CASE WHEN pg_is_in_recovery()
                        THEN COALESCE(w.received_tli, (SELECT timeline_id FROM pg_control_checkpoint()))
                        ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int END,
                   w.status,
                   pg_last_xact_replay_timestamp()::text,
                   CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() ELSE false END,
                   pg_postmaster_start_time()::text,
                   current_setting('server_version_num')::int,
                   a.archived_count, a.failed_count,
                   COALESCE(extract(epoch FROM a.last_archived_time)::bigint, 0),
                   COALESCE(extract(epoch FROM a.last_failed_time)::bigint, 0),
                   w.pid,
                   COALESCE((extract(epoch FROM clock_timestamp() - w.last_msg_receipt_time) * 1000)::bigint, 0),
                   CASE WHEN w.pid IS NOT NULL
                        THEN (SELECT setting::bigint FROM pg_settings WHERE name = 'wal_receiver_timeout') END,
                   w.sender_host || ':' || w.sender_port
            FROM pg_stat_archiver a LEFT JOIN pg_stat_wal_receiver w ON true
            """;
    private static final String REPLICATION_SQL = """
            SELECT usename, application_name, client_addr::text, state, sync_state, sync_priority,
                   COALESCE(flush_lsn - '0/0', 0)
            FROM pg_stat_replication ORDER BY application_name
            """;

    private static final Duration RETRY_IF_FAILED_WITHIN = Duration.ofSeconds(1);

    private final String url;
    private final Properties props = new Properties();
    private final boolean keepConnection;
    private Connection kept;

    /** A client that opens a short connection per call (for other nodes' servers, asked now and then). */
    public PgClient(String host, int port, Credentials superuser, int timeoutSeconds) {
        this(host, port, superuser, timeoutSeconds, false);
    }

    /**
     * With {@code keepConnection}, read-only queries share one connection that stays open between calls: the local
     * server is asked every cycle, and a new connection each time costs a backend fork and a SCRAM exchange on both
     * sides. Calls that change something still use a connection of their own.
     */
    public PgClient(String host, int port, Credentials superuser, int timeoutSeconds, boolean keepConnection) {
        this.keepConnection = keepConnection;
        this.url = "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/postgres";
        setCredentials(superuser);
        props.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
        props.setProperty("socketTimeout", Integer.toString(Math.max(timeoutSeconds, 10)));
        props.setProperty("loginTimeout", Integer.toString(timeoutSeconds));
        props.setProperty("ApplicationName", "pgward");
    }

    /** libpq's option names for the TLS/GSS settings of postgresql.authentication -> pgJDBC's property names. */
    static final Map<String, String> DRIVER_PROPERTIES = Map.of("sslmode", "sslmode", "sslrootcert", "sslrootcert",
            "sslcert", "sslcert", "sslkey", "sslkey", "sslpassword", "sslpassword", "sslnegotiation", "sslNegotiation",
            "gssencmode", "gssEncMode", "channel_binding", "channelBinding");

    private void setCredentials(Credentials user) {
        props.remove("user");
        props.remove("password");
        DRIVER_PROPERTIES.values().forEach(props::remove);
        props.putAll(loginProperties(user));
    }

    /**
     * The driver's properties for connecting as {@code user}: name, password and the user's TLS/GSS options,
     * sslmode prefer (libpq's default, as Patroni's connections have it) unless set. sslcrl and sslcrldir have no
     * driver equivalent and are used by PostgreSQL's own connections only.
     */
    public static Properties loginProperties(Credentials user) {
        Properties p = new Properties();
        p.setProperty("user", user.username());
        if (user.password() != null) {
            p.setProperty("password", user.password());
        }
        p.setProperty("sslmode", "prefer");
        user.options().forEach((option, value) -> {
            String property = DRIVER_PROPERTIES.get(option);
            if (property != null) {
                p.setProperty(property, value);
            }
        });
        return p;
    }

    /** From now on connects as {@code superuser} (a reload changed it); the kept connection is dropped. */
    public synchronized void useCredentials(Credentials superuser) {
        setCredentials(superuser);
        discardKept();
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, props);
    }

    @FunctionalInterface
    private interface Work<T> {
        T on(Connection c) throws SQLException;
    }

    /**
     * Runs a read-only query. On the kept connection, a failure that comes at once (the server restarted since the
     * last call and closed it) is retried on a fresh connection; a slow failure (a hung server) is not repeated.
     */
    private <T> T read(String what, Work<T> work) {
        if (!keepConnection) {
            try (Connection c = connect()) {
                return work.on(c);
            } catch (SQLException e) {
                throw failed(what, e);
            }
        }
        synchronized (this) {
            for (int attempt = 1; ; attempt++) {
                boolean reused = kept != null;
                long start = System.nanoTime();
                try {
                    return work.on(keptConnection());
                } catch (SQLException e) {
                    discardKept();
                    boolean closedWhileIdle = reused && System.nanoTime() - start <= RETRY_IF_FAILED_WITHIN.toNanos();
                    if (attempt > 1 || !closedWhileIdle) {
                        throw failed(what, e);
                    }
                }
            }
        }
    }

    private Connection keptConnection() throws SQLException {
        if (kept == null) {
            kept = connect();
        }
        return kept;
    }

    private void discardKept() {
        if (kept != null) {
            try {
                kept.close();
            } catch (SQLException ignored) {
                // it is being dropped because it failed
            }
            kept = null;
        }
    }

    public PgStatus status() {
        return read("status query", c -> {
            try (Statement s = c.createStatement()) {
                PgStatus partial;
                try (ResultSet r = s.executeQuery(STATUS_SQL)) {
                    r.next();
                    partial = new PgStatus(r.getBoolean(1), r.getInt(5), r.getLong(2), r.getLong(3), r.getLong(4),
                            r.getString(6), r.getString(7), r.getBoolean(8), r.getString(9), r.getInt(10), List.of(), List.of(),
                            new PgStatus.Archiver(r.getLong(11), r.getLong(12), r.getLong(13), r.getLong(14)),
                            r.getObject(15) == null ? null : new WalReceiver(r.getLong(15), r.getString(6),
                                    r.getLong(16), r.getLong(17), r.getString(18)));
                }
                List<PgStatus.Replication> rows = new ArrayList<>();
                try (ResultSet r = s.executeQuery(REPLICATION_SQL)) {
                    while (r.next()) {
                        rows.add(new PgStatus.Replication(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                                r.getString(5), r.getInt(6), r.getLong(7)));
                    }
                }
                List<String> pending = new ArrayList<>();
                try (ResultSet r = s.executeQuery("SELECT name FROM pg_settings WHERE pending_restart ORDER BY name")) {
                    while (r.next()) {
                        pending.add(r.getString(1));
                    }
                }
                return new PgStatus(partial.inRecovery(), partial.timeline(), partial.flushLsn(), partial.receiveLsn(),
                        partial.replayLsn(), partial.receiverState(), partial.replayTimestamp(), partial.replayPaused(),
                        partial.postmasterStartTime(), partial.serverVersion(), rows, List.copyOf(pending),
                        partial.archiver(), partial.receiver());
            }
        });
    }

    /** Whether the server is a standby and whether its WAL receiver streams (as {@link #status()} reads them). */
    public LocalChange.Pulse pulse() {
        return read("pulse query", c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                    "SELECT pg_is_in_recovery(), (SELECT status FROM pg_stat_wal_receiver)")) {
                r.next();
                return new LocalChange.Pulse(true, r.getBoolean(1), "streaming".equals(r.getString(2)));
            }
        });
    }

    /** Closes the current WAL segment (pg_switch_wal) and names the last complete one, the one to see archived. */
    public String switchWal() {
        return text("SELECT pg_walfile_name(pg_switch_wal())");
    }

    /** pg_stat_archiver's last_archived_wal: a segment, a history file or a .partial; "" when none. */
    public String lastArchivedWal() {
        return text("SELECT COALESCE(last_archived_wal, '') FROM pg_stat_archiver");
    }

    private String text(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    public void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw failed(sql.length() > 60 ? sql.substring(0, 60) + "..." : sql, e);
        }
    }

    /**
     * Requests an immediate checkpoint and waits for it, for at most {@code limit}; false when it did not complete in
     * time (the request stays queued in PostgreSQL). It completes only once the checkpointer has been through its main
     * loop after the request, where it applies a pending configuration reload.
     */
    public boolean checkpointWithin(java.time.Duration limit) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = " + Math.max(1, limit.toMillis()));
            s.execute("CHECKPOINT");
            return true;
        } catch (SQLException e) {
            if ("57014".equals(e.getSQLState())) {    // query_canceled: the statement timeout
                return false;
            }
            throw failed("CHECKPOINT", e);
        }
    }

    /**
     * Commits a probe transaction (an xid, so a commit record) with synchronous_commit on; returns the WAL insert
     * position just before its commit: the commit record lies beyond it, so a standby that flushed past it by the time
     * the commit returned was waited for or raced it.
     */
    public long probeCommit(java.time.Duration limit) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = " + Math.max(1, limit.toMillis()));
            s.execute("SET synchronous_commit = on");
            c.setAutoCommit(false);
            long before;
            try (ResultSet r = s.executeQuery("SELECT pg_current_xact_id(), pg_current_wal_insert_lsn() - '0/0'")) {
                r.next();
                before = r.getLong(2);
            }
            c.commit();
            return before;
        } catch (SQLException e) {
            throw failed("probe commit", e);
        }
    }

    /** Creates or updates a login role with a scram-sha-256 password and the given attributes. */
    public void ensureRole(String name, String password, String attributes) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            keepSecretsOutOfLogs(s);
            s.execute("SET password_encryption = 'scram-sha-256'");
            boolean exists;
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                p.setString(1, name);
                try (ResultSet r = p.executeQuery()) {
                    exists = r.next();
                }
            }
            s.execute((exists ? "ALTER" : "CREATE") + " ROLE " + identifier(name) + " WITH LOGIN " + attributes);
            if (password != null) {
                // The SCRAM verifier is computed here: the password itself never reaches the server.
                c.unwrap(org.postgresql.PGConnection.class).alterUserPassword(name, password.toCharArray(),
                        "scram-sha-256");
            }
        } catch (SQLException e) {
            throw failed("creating role " + name, e);
        }
    }

    /**
     * For the statements of this session: none is written to the server log (not by log_statement, nor as the
     * statement of an error, nor as a slow one) and pg_stat_statements does not record them.
     */
    private static void keepSecretsOutOfLogs(Statement s) throws SQLException {
        s.execute("SET log_statement = 'none'");
        s.execute("SET log_min_error_statement = 'panic'");
        s.execute("SET log_min_duration_statement = -1");
        s.execute("SET pg_stat_statements.track = 'none'");
    }

    /** Physical replication slots by name: true when a walsender is using it. */
    public Map<String, Boolean> physicalSlotActivity() {
        return read("listing replication slots", c -> {
            Map<String, Boolean> slots = new HashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT slot_name, active FROM pg_replication_slots"
                         + " WHERE slot_type = 'physical'")) {
                while (r.next()) {
                    slots.put(r.getString(1), r.getBoolean(2));
                }
            }
            return slots;
        });
    }

    public void createPhysicalSlot(String name) {
        try (Connection c = connect();
             PreparedStatement p = c.prepareStatement("SELECT pg_create_physical_replication_slot(?, true)")) {
            p.setString(1, name);
            p.execute();
        } catch (SQLException e) {
            if (!"42710".equals(e.getSQLState())) {    // duplicate_object: someone created it meanwhile
                throw failed("creating replication slot " + name, e);
            }
        }
    }

    public void dropPhysicalSlot(String name) {
        try (Connection c = connect();
             PreparedStatement p = c.prepareStatement(
                     "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ? AND NOT active")) {
            p.setString(1, name);
            p.execute();
        } catch (SQLException e) {
            throw failed("dropping replication slot " + name, e);
        }
    }

    /**
     * Asks for promotion without waiting in the server (a waiting pg_promote outlives the socket timeout), then polls
     * until the server left recovery or {@code timeout} passed; true when it left recovery.
     */
    public boolean promote(java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = connect()) {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT pg_promote(false)")) {
                if (!r.next() || !r.getBoolean(1)) {
                    return false;
                }
            }
            while (true) {
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT pg_is_in_recovery()")) {
                    if (r.next() && !r.getBoolean(1)) {
                        return true;
                    }
                }
                if (System.nanoTime() - deadline > 0) {
                    return false;
                }
                Thread.sleep(100);
            }
        } catch (SQLException e) {
            throw failed("promote", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The current timeline and the content of its history file ("" on timeline 1). */
    /**
     * A server's timeline and the content of its history file. {@code inRecovery}: the server is a standby (or still
     * promoting), so its timeline is only its last checkpoint's and may be about to change: not a basis for deciding
     * whether another node diverged from it.
     */
    public record TimelineHistory(int timeline, String history, boolean inRecovery) {}

    static final String TIMELINE_HISTORY_SQL = "SELECT tl, CASE WHEN tl > 1 THEN pg_read_file('pg_wal/'"
            + " || lpad(upper(to_hex(tl)), 8, '0') || '.history') ELSE '' END, rec FROM (SELECT CASE WHEN rec"
            + " THEN (SELECT timeline_id FROM pg_control_checkpoint()) ELSE ('x' || substr(pg_walfile_name("
            + "pg_current_wal_lsn()), 1, 8))::bit(32)::int END AS tl, rec FROM (SELECT pg_is_in_recovery() AS rec) r) t";

    /**
     * The server's timeline and history over a physical replication connection (IDENTIFY_SYSTEM, TIMELINE_HISTORY):
     * what the replication user may do where pg_hba admits nothing else, as a hardened configuration does. Recovery
     * is read from {@code in_hot_standby}; a server that cannot say counts as in recovery (not a basis for deciding).
     */
    public TimelineHistory timelineHistoryOverReplication() {
        Properties replication = new Properties();
        replication.putAll(props);
        replication.setProperty("replication", "true");
        replication.setProperty("assumeMinServerVersion", "9.4");
        replication.setProperty("preferQueryMode", "simple");
        try (Connection c = DriverManager.getConnection(url, replication); Statement s = c.createStatement()) {
            int timeline;
            try (ResultSet r = s.executeQuery("IDENTIFY_SYSTEM")) {
                r.next();
                timeline = r.getInt("timeline");
            }
            boolean inRecovery = true;
            try (ResultSet r = s.executeQuery("SHOW in_hot_standby")) {
                inRecovery = !r.next() || !"off".equals(r.getString(1));
            } catch (SQLException e) {
                // before PostgreSQL 14: unknown, so in recovery as far as decisions go
            }
            String history = "";
            if (timeline > 1) {
                try (ResultSet r = s.executeQuery("TIMELINE_HISTORY " + timeline)) {
                    r.next();
                    history = r.getString(2);
                }
            }
            return new TimelineHistory(timeline, history, inRecovery);
        } catch (SQLException e) {
            throw failed("reading the timeline history over replication", e);
        }
    }

    public TimelineHistory timelineHistory() {
        return read("reading the timeline history", c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(TIMELINE_HISTORY_SQL)) {
                r.next();
                return new TimelineHistory(r.getInt(1), r.getString(2), r.getBoolean(3));
            }
        });
    }

    /** current_setting() of each name (settings PostgreSQL does not know are left out). */
    public Map<String, String> currentSettings(Collection<String> names) {
        return read("reading settings", c -> {
            Map<String, String> values = new HashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT name, setting FROM pg_settings WHERE name = ANY (?)")) {
                p.setArray(1, c.createArrayOf("text", names.toArray()));
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        values.put(r.getString(1), r.getString(2));
                    }
                }
            }
            return values;
        });
    }

    /** How far a standby has received and flushed WAL (pg_last_wal_receive_lsn), in bytes; 0 if none. */
    public long receivedLsn() {
        return read("reading the received WAL position", c -> {
            try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COALESCE(pg_last_wal_receive_lsn() - '0/0', 0)")) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    /**
     * A standby's WAL positions as of now (pg_last_wal_receive_lsn, pg_last_wal_replay_lsn), in bytes; 0 for one
     * that is unknown. Empty when the server is not in recovery.
     */
    public Optional<StandbyWal> standbyWal() {
        return read("reading the standby's WAL positions", c -> {
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT pg_is_in_recovery(), COALESCE(pg_last_wal_receive_lsn() - '0/0', 0),"
                         + " COALESCE(pg_last_wal_replay_lsn() - '0/0', 0)")) {
                r.next();
                return r.getBoolean(1) ? Optional.of(new StandbyWal(r.getLong(2), r.getLong(3)))
                        : Optional.<StandbyWal>empty();
            }
        });
    }

    /** pg_current_wal_flush_lsn() in bytes (primary only). */
    public long currentFlushLsn() {
        return read("reading the WAL position", c -> {
            try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pg_current_wal_flush_lsn() - '0/0'")) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    public String show(String setting) {
        return read("SHOW " + setting, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT current_setting(?)")) {
                p.setString(1, setting);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getString(1);
                }
            }
        });
    }

    public static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    public static String identifier(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static PgwardException failed(String what, SQLException e) {
        return new PgwardException(Code.POSTGRES_FAILED, what + " failed: " + e.getMessage(), e);
    }
}
