package io.pgward.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A steady stream of WAL on the primary: every 100 ms one INSERT of rows of about 1 KiB (under the size at which
 * PostgreSQL would compress them), so that WAL segments fill at a known rate and archiving has work to keep up with.
 * The benchmark's {@link Writer} alone (10 small INSERTs a second) fills a 16 MiB segment in about an hour.
 */
final class WalLoad implements AutoCloseable {

    static final String TABLE = "bench_wal_load";
    private static final int ROW_BYTES = 1024;

    private final Connection conn;
    private final Ticker ticker = new Ticker("wal-load", 0.1, this::insert);
    private final String sql;
    private volatile String lastError;

    /** About {@code mibPerSecond} MiB of rows a second on the primary at {@code pgPort}. */
    WalLoad(int pgPort, double mibPerSecond) throws SQLException {
        this.conn = Postgres.connect(pgPort, 30);
        int rowsPerTick = (int) Math.max(1, mibPerSecond * 1024 * 1024 / ROW_BYTES / 10);
        this.sql = "INSERT INTO " + TABLE + " (payload) SELECT repeat(md5(random()::text), 30) FROM generate_series(1, "
                + rowsPerTick + ")";
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id bigserial PRIMARY KEY, payload text NOT NULL)");
        }
    }

    WalLoad start() {
        ticker.start();
        return this;
    }

    private void insert() {
        try (Statement st = conn.createStatement()) {
            st.executeUpdate(sql);
        } catch (SQLException e) {
            lastError = e.getMessage();
        }
    }

    String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        ticker.stop();
        Quietly.close(conn);
    }
}
