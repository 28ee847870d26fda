package io.pgward.it;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Samples every node every 100 ms: does it accept writes right now? Records every instant at which two or more
 * nodes did, which must never happen.
 */
final class WriterProbe implements AutoCloseable {

    private final ClusterFixture cluster;
    private final Connection[] connections;
    private final List<String> violations = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile int samples;

    WriterProbe(ClusterFixture cluster) {
        this.cluster = cluster;
        this.connections = new Connection[cluster.nodes];
        this.thread = new Thread(this::loop, "writer-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running.get()) {
            List<String> writable = new ArrayList<>();
            for (int i = 0; i < cluster.nodes; i++) {
                if (acceptsWrites(i)) {
                    writable.add(cluster.name(i));
                }
            }
            samples++;
            if (writable.size() > 1) {
                synchronized (violations) {
                    violations.add(System.currentTimeMillis() + ": " + writable);
                }
            }
            EtcdServer.sleep(100);
        }
        for (Connection c : connections) {
            close(c);
        }
    }

    private boolean acceptsWrites(int i) {
        try {
            if (connections[i] == null || connections[i].isClosed()) {
                connections[i] = cluster.connect(i);
            }
            try (Statement s = connections[i].createStatement();
                 ResultSet r = s.executeQuery("SELECT NOT pg_is_in_recovery()"
                         + " AND current_setting('default_transaction_read_only') = 'off'")) {
                return r.next() && r.getBoolean(1);
            }
        } catch (SQLException e) {
            close(connections[i]);
            connections[i] = null;
            return false;
        }
    }

    private static void close(Connection c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException ignored) {
            // the node is down; nothing to close
        }
    }

    int samples() {
        return samples;
    }

    List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    /** Stops the probe, then fails unless it sampled and never saw two nodes accept writes at once. */
    void closeAndAssertOneWriter() throws InterruptedException {
        close();
        org.assertj.core.api.Assertions.assertThat(samples()).as("the probe sampled").isPositive();
        org.assertj.core.api.Assertions.assertThat(violations()).as("instants at which two nodes accepted writes")
                .isEmpty();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5000);
    }
}
