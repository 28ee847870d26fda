package io.pgward.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client that inserts one row at a time into {@code acked} through one JDBC URL (a router's port, or a multi-host
 * URL) and keeps, for every acknowledged commit, its id, the monotonic time of the acknowledgement and the server
 * port that gave it: what a client sees of a failover, measured on the client's side.
 */
final class TimedWriter implements AutoCloseable {

    /** One acknowledged commit. */
    record Ack(long id, long nanos, int serverPort) {}

    private final String url;
    private final String note;
    private final AtomicLong next;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Ack> acks = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final Thread thread;

    /** A writer that connects to the nodes themselves, finding the primary as libpq's multi-host URLs do. */
    static TimedWriter direct(ClusterFixture cluster, long firstId) {
        StringBuilder hosts = new StringBuilder();
        for (int i = 0; i < cluster.nodes; i++) {
            hosts.append(i == 0 ? "" : ",").append(cluster.hosts[i]).append(':').append(cluster.pgPorts[i]);
        }
        return new TimedWriter("direct", "jdbc:postgresql://" + hosts
                + "/postgres?targetServerType=primary&hostRecheckSeconds=1", firstId);
    }

    /** The writes {@code writers} saw acknowledged that node {@code node} of the cluster does not hold. */
    static Set<Long> lostOn(ClusterFixture cluster, int node, List<TimedWriter> writers) throws SQLException {
        Set<Long> missing = new HashSet<>();
        writers.forEach(w -> missing.addAll(w.acknowledged()));
        try (Connection c = cluster.connect(node); java.sql.Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id FROM acked")) {
            while (r.next()) {
                missing.remove(r.getLong(1));
            }
        }
        return missing;
    }

    TimedWriter(String note, String url, long firstId) {
        this.note = note;
        this.url = url;
        this.next = new AtomicLong(firstId);
        thread = new Thread(this::loop, "writer-" + note);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", ClusterFixture.SUPERUSER_PASSWORD);
        p.setProperty("connectTimeout", "2");
        p.setProperty("socketTimeout", "5");
        Connection c = null;
        while (running.get()) {
            try {
                if (c == null) {
                    c = DriverManager.getConnection(url, p);
                }
                long id = next.getAndIncrement();
                // The port of each commit's server: behind a pooler one connection may reach several servers.
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO acked VALUES (?, ?) RETURNING current_setting('port')::int")) {
                    s.setLong(1, id);
                    s.setString(2, note);
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        int port = r.getInt(1);
                        synchronized (acks) {
                            acks.add(new Ack(id, System.nanoTime(), port));
                        }
                    }
                }
                EtcdServer.sleep(10);
            } catch (SQLException e) {
                synchronized (failures) {
                    failures.add(e.getSQLState() + " " + e.getMessage());
                }
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (SQLException ignored) {
                    // the server went away; the next round connects again
                }
                c = null;
                EtcdServer.sleep(20);
            }
        }
    }

    List<Ack> acks() {
        synchronized (acks) {
            return List.copyOf(acks);
        }
    }

    /** Every failed connection attempt or statement, as "SQLSTATE message", in order. */
    List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    Set<Long> acknowledged() {
        Set<Long> ids = new HashSet<>();
        acks().forEach(a -> ids.add(a.id()));
        return ids;
    }

    /** Acknowledgements given after {@code nanos} by the server on {@code port}. */
    long acksSince(long nanos, int port) {
        return acks().stream().filter(a -> a.nanos() > nanos && a.serverPort() == port).count();
    }

    /**
     * The longest time without an acknowledgement, in milliseconds, among the gaps that end after {@code from}
     * and begin before {@code to} (the gaps a disruption between those instants may have caused).
     */
    long longestGapMillis(long from, long to) {
        List<Ack> all = acks();
        long worst = 0;
        for (int i = 1; i < all.size(); i++) {
            long start = all.get(i - 1).nanos();
            long end = all.get(i).nanos();
            if (end >= from && start <= to) {
                worst = Math.max(worst, end - start);
            }
        }
        return worst / 1_000_000;
    }

    /** Closes each writer that was started (null: not started). */
    static void closeAll(TimedWriter... writers) throws InterruptedException {
        for (TimedWriter w : writers) {
            if (w != null) {
                w.close();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(15000);
    }
}
