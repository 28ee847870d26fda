package io.pgward.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * INSERTs a fresh id every 100 ms on whichever node accepts it: first the node that took the last write, then
 * each other node in turn. An id is acknowledged when the INSERT (autocommit) returns without error. A routed
 * writer ({@link #routed}) is instead the client of an application behind a router: it writes through one port
 * only (HAProxy's read-write port) and connects to it again after any error.
 */
final class Writer implements Runnable {

    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1000);

    private final BenchCluster c;
    /** {id, nanos, node} of every acknowledged write, in order. */
    private final List<long[]> acks = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> failures = Collections.synchronizedList(new ArrayList<>());
    private volatile String lastError;
    private volatile boolean stopped;
    private Connection conn;
    private int node;
    private Thread thread;
    /** The one port a routed writer writes through, else 0. */
    private int routedPort;

    /** The first attempt goes to the node after {@code before}. */
    Writer(BenchCluster c, int before) {
        this.c = c;
        this.node = before;
    }

    /** A writer through {@code port} only; its acknowledgements name node -1. */
    static Writer routed(BenchCluster c, int port) {
        Writer w = new Writer(c, -1);
        w.routedPort = port;
        return w;
    }

    void start() {
        thread = new Thread(this, "writer");
        thread.setDaemon(true);
        thread.start();
    }

    boolean stopped() {
        return stopped;
    }

    void stop() {
        stopped = true;
        try {
            thread.join(15000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConn();
    }

    int ackCount() {
        return acks.size();
    }

    String lastError() {
        return lastError;
    }

    @Override
    public void run() {
        long next = System.nanoTime();
        while (!stopped) {
            attempt();
            next += 100_000_000L;
            long now = System.nanoTime();
            if (next < now) {
                next = now;
            } else {
                try {
                    Thread.sleep((next - now) / 1_000_000, (int) ((next - now) % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void attempt() {
        if (conn != null && insert()) {
            return;
        }
        if (routedPort > 0) {
            try {
                conn = Postgres.connect(routedPort, 5);
                if (insert()) {
                    return;
                }
            } catch (SQLException e) {
                lastError = "port " + routedPort + ": " + e.getMessage();
            }
            failures.add(System.nanoTime());
            return;
        }
        int from = node;
        for (int k = 1; k <= c.n(); k++) {
            int i = (from + k) % c.n();
            try {
                conn = Postgres.connect(c.layout.pgPort(i), 5);
                node = i;
            } catch (SQLException e) {
                lastError = c.name(i) + ": " + e.getMessage();
                continue;
            }
            if (insert()) {
                return;
            }
        }
        failures.add(System.nanoTime());
    }

    private boolean insert() {
        long id = IDS.incrementAndGet();
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO bench_writes (id) VALUES (?)")) {
            ps.setLong(1, id);
            ps.executeUpdate();
            acks.add(new long[] {id, System.nanoTime(), node});
            return true;
        } catch (SQLException e) {
            lastError = (routedPort > 0 ? "port " + routedPort : c.name(node)) + ": " + e.getMessage();
            closeConn();
            return false;
        }
    }

    private void closeConn() {
        Quietly.close(conn);
        conn = null;
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

    /** A write acknowledged after t by another node than notNode. */
    boolean ackedAfter(long t, int notNode) {
        synchronized (acks) {
            for (int k = acks.size() - 1; k >= 0; k--) {
                long[] a = acks.get(k);
                if (a[1] <= t) {
                    return false;
                }
                if (a[2] != notNode) {
                    return true;
                }
            }
        }
        return false;
    }

    /** An acknowledged write after a failed attempt that came after t. */
    boolean resumedAfter(long t) {
        long firstFailure = Long.MAX_VALUE;
        synchronized (failures) {
            for (long f : failures) {
                if (f > t) {
                    firstFailure = f;
                    break;
                }
            }
        }
        if (firstFailure == Long.MAX_VALUE) {
            return false;
        }
        synchronized (acks) {
            return !acks.isEmpty() && acks.get(acks.size() - 1)[1] > firstFailure;
        }
    }
}
