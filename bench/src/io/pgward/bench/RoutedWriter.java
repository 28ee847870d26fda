package io.pgward.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The client of an application behind a router: INSERTs a fresh id every 100 ms through one port (HAProxy's
 * read-write port), reconnecting to that port after any error. Acknowledged as for {@link Writer}.
 */
final class RoutedWriter implements Runnable {

    private final int port;
    private final long firstId;
    /** {id, nanos} of every acknowledged write, in order. */
    private final List<long[]> acks = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stopped;
    private Thread thread;

    RoutedWriter(int port, long firstId) {
        this.port = port;
        this.firstId = firstId;
    }

    void start() {
        thread = new Thread(this, "routed-writer");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        stopped = true;
        try {
            thread.join(15000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        Connection conn = null;
        long id = firstId;
        long next = System.nanoTime();
        while (!stopped) {
            try {
                if (conn == null) {
                    conn = Postgres.connect(port, 5);
                }
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO bench_writes (id) VALUES (?)")) {
                    ps.setLong(1, ++id);
                    ps.executeUpdate();
                    acks.add(new long[] {id, System.nanoTime()});
                }
            } catch (SQLException e) {
                Quietly.close(conn);
                conn = null;
            }
            next = Math.max(next + 100_000_000L, System.nanoTime());
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
        Quietly.close(conn);
    }

    List<long[]> snapshot() {
        synchronized (acks) {
            return new ArrayList<>(acks);
        }
    }

    /** The time of the last acknowledged write, or Long.MIN_VALUE before the first. */
    long lastAck() {
        synchronized (acks) {
            return acks.isEmpty() ? Long.MIN_VALUE : acks.get(acks.size() - 1)[1];
        }
    }
}
