package io.pgward.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Looks at each node's PostgreSQL over SQL, keeping one monitoring connection per node. */
final class PgProbe implements AutoCloseable {

    private static final String QUERY = """
            SELECT pg_is_in_recovery(),
                   (SELECT status FROM pg_stat_wal_receiver LIMIT 1),
                   CASE WHEN pg_is_in_recovery() THEN 0
                        ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int
                   END,
                   (SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'),
                   (SELECT count(*) FROM pg_stat_replication WHERE sync_state IN ('sync', 'quorum'))
            """;

    private final ClusterLayout layout;
    private final Connection[] mon;
    private final String[] lastError;

    PgProbe(ClusterLayout layout) {
        this.layout = layout;
        this.mon = new Connection[layout.n()];
        this.lastError = new String[layout.n()];
    }

    /** A look at node i over a cached connection; a broken cached connection is replaced once. */
    PgState probe(int i) {
        boolean cached = mon[i] != null;
        PgState s = probeOnce(i);
        return !s.up() && cached ? probeOnce(i) : s;
    }

    private PgState probeOnce(int i) {
        try {
            if (mon[i] == null) {
                mon[i] = Postgres.connect(layout.pgPort(i), 2);
            }
            try (Statement st = mon[i].createStatement(); ResultSet rs = st.executeQuery(QUERY)) {
                rs.next();
                return new PgState(true, rs.getBoolean(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                        rs.getInt(5));
            }
        } catch (SQLException e) {
            lastError[i] = e.getMessage();
            close(i);
            return PgState.DOWN;
        }
    }

    /** Why the last look at node i failed. */
    String lastError(int i) {
        return lastError[i];
    }

    private void close(int i) {
        Quietly.close(mon[i]);
        mon[i] = null;
    }

    @Override
    public void close() {
        for (int i = 0; i < mon.length; i++) {
            close(i);
        }
    }
}
