package io.pgward.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Inserts a unique id every few milliseconds into {@code acked} on whichever node accepts writes (multi-host URL,
 * targetServerType=primary) and remembers every id whose commit was acknowledged.
 */
final class AckWriter implements AutoCloseable {

    private final ClusterFixture cluster;
    private final Set<Long> acknowledged = new ConcurrentSkipListSet<>();
    private final java.util.List<Long> ackTimes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final AtomicLong next;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong failures = new AtomicLong();
    private final Thread thread;

    AckWriter(ClusterFixture cluster, long firstId) {
        this.cluster = cluster;
        this.next = new AtomicLong(firstId);
        this.thread = new Thread(this::loop, "ack-writer");
        thread.setDaemon(true);
        thread.start();
    }

    String url() {
        StringBuilder hosts = new StringBuilder();
        for (int i = 0; i < cluster.nodes; i++) {
            hosts.append(i == 0 ? "" : ",").append(cluster.hosts[i]).append(':').append(cluster.pgPorts[i]);
        }
        return "jdbc:postgresql://" + hosts + "/postgres?targetServerType=primary&hostRecheckSeconds=1&connectTimeout=2&socketTimeout=10";
    }

    private void loop() {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", ClusterFixture.SUPERUSER_PASSWORD);
        Connection c = null;
        while (running.get()) {
            long id = next.getAndIncrement();
            try {
                if (c == null) {
                    c = DriverManager.getConnection(url(), p);
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO acked VALUES (?, 'writer')")) {
                    s.setLong(1, id);
                    s.executeUpdate();
                }
                acknowledged.add(id);
                ackTimes.add(System.nanoTime());
            } catch (SQLException e) {
                failures.incrementAndGet();
                close(c);
                c = null;
                EtcdServer.sleep(50);
            }
            EtcdServer.sleep(10);
        }
        close(c);
    }

    private static void close(Connection c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException ignored) {
            // the node went away
        }
    }

    /** The longest time between two acknowledged writes, in milliseconds. */
    long longestGapMillis() {
        synchronized (ackTimes) {
            long worst = 0;
            for (int i = 1; i < ackTimes.size(); i++) {
                worst = Math.max(worst, ackTimes.get(i) - ackTimes.get(i - 1));
            }
            return worst / 1_000_000;
        }
    }

    Set<Long> acknowledged() {
        return new HashSet<>(acknowledged);
    }

    /** Acknowledged ids missing from node i. */
    Set<Long> missingOn(int node) throws SQLException {
        Set<Long> present = new HashSet<>();
        try (Connection c = cluster.connect(node); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id FROM acked")) {
            while (r.next()) {
                present.add(r.getLong(1));
            }
        }
        Set<Long> missing = acknowledged();
        missing.removeAll(present);
        return missing;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(15000);
    }
}
