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
 * targetServerType=primary) and remembers every id whose commit was acknowledged, with what the acknowledging server
 * said about itself ({@link SplitBrainCheck.Ack}). With {@code everyNode}, one more writer per node writes to that
 * node directly, so that a deposed primary still taking writes is caught acknowledging them.
 */
final class AckWriter implements AutoCloseable {

    private final ClusterFixture cluster;
    private final Set<Long> acknowledged = new ConcurrentSkipListSet<>();
    private final java.util.List<Long> ackTimes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final AtomicLong next;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong failures = new AtomicLong();
    private final java.util.List<SplitBrainCheck.Ack> acks = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final java.util.List<Thread> threads = new java.util.ArrayList<>();

    static final String INSERT = "INSERT INTO acked VALUES (?, 'writer') RETURNING (SELECT system_identifier::text FROM"
            + " pg_control_system()), ('x' || substr(pg_walfile_name(pg_current_wal_insert_lsn()), 1, 8))::bit(32)::int,"
            + " pg_current_wal_insert_lsn() - '0/0', (extract(epoch FROM clock_timestamp()) * 1000000)::bigint";

    AckWriter(ClusterFixture cluster, long firstId) {
        this(cluster, firstId, false);
    }

    AckWriter(ClusterFixture cluster, long firstId, boolean everyNode) {
        this.cluster = cluster;
        this.next = new AtomicLong(firstId);
        start("ack-writer", this::loop);
        if (everyNode) {
            for (int i = 0; i < cluster.nodes; i++) {
                int node = i;
                start("ack-writer-" + cluster.name(i), () -> directLoop(node));
            }
        }
    }

    private void start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        threads.add(t);
    }

    private static Properties credentials() {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", ClusterFixture.SUPERUSER_PASSWORD);
        return p;
    }

    /** Writes to one node only; a standby refuses, so only a node that acts as primary acknowledges anything. */
    private void directLoop(int node) {
        String url = "jdbc:postgresql://" + cluster.hosts[node] + ":" + cluster.pgPorts[node]
                + "/postgres?connectTimeout=2&socketTimeout=10";
        Connection c = null;
        while (running.get()) {
            try {
                if (c == null) {
                    c = DriverManager.getConnection(url, credentials());
                }
                insert(c, cluster.name(node));
                EtcdServer.sleep(20);
            } catch (SQLException e) {
                if (!"25006".equals(e.getSQLState())) {    // anything but "read-only transaction": reconnect
                    close(c);
                    c = null;
                }
                EtcdServer.sleep(100);
            }
        }
        close(c);
    }

    /** Inserts the next id; returns once acknowledged, recording it and what the server said about itself. */
    private void insert(Connection c, String node) throws SQLException {
        long id = next.getAndIncrement();
        try (PreparedStatement s = c.prepareStatement(INSERT)) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                SplitBrainCheck.Ack ack = new SplitBrainCheck.Ack(id, node, r.getString(1), r.getInt(2), r.getLong(3),
                        r.getLong(4));
                acknowledged.add(id);
                ackTimes.add(System.nanoTime());
                acks.add(ack);
            }
        }
    }

    /** Pairs of nodes that acknowledged writes during overlapping periods (see {@link SplitBrainCheck}). */
    java.util.List<String> overlappingWriters() {
        synchronized (acks) {
            return SplitBrainCheck.overlaps(java.util.List.copyOf(acks));
        }
    }

    String url() {
        StringBuilder hosts = new StringBuilder();
        for (int i = 0; i < cluster.nodes; i++) {
            hosts.append(i == 0 ? "" : ",").append(cluster.hosts[i]).append(':').append(cluster.pgPorts[i]);
        }
        return "jdbc:postgresql://" + hosts + "/postgres?targetServerType=primary&hostRecheckSeconds=1&connectTimeout=2&socketTimeout=10";
    }

    private void loop() {
        Connection c = null;
        String node = null;
        while (running.get()) {
            try {
                if (c == null) {
                    c = DriverManager.getConnection(url(), credentials());
                    node = nodeOf(c);
                }
                insert(c, node);
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

    /** Which node a multi-host connection went to, by its address and port. */
    private String nodeOf(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT host(inet_server_addr()), current_setting('port')::int")) {
            r.next();
            for (int i = 0; i < cluster.nodes; i++) {
                if (cluster.hosts[i].equals(r.getString(1)) && cluster.pgPorts[i] == r.getInt(2)) {
                    return cluster.name(i);
                }
            }
            return r.getString(1) + ":" + r.getInt(2);
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

    /** Every acknowledgment so far, in order. */
    java.util.List<SplitBrainCheck.Ack> acks() {
        synchronized (acks) {
            return java.util.List.copyOf(acks);
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
        for (Thread t : threads) {
            t.join(15000);
        }
    }
}
