package io.pgward.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
    private final Thread thread;

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
        int port = 0;
        while (running.get()) {
            try {
                if (c == null) {
                    c = DriverManager.getConnection(url, p);
                    try (Statement s = c.createStatement();
                         ResultSet r = s.executeQuery("SELECT current_setting('port')::int")) {
                        r.next();
                        port = r.getInt(1);
                    }
                }
                long id = next.getAndIncrement();
                try (PreparedStatement s = c.prepareStatement("INSERT INTO acked VALUES (?, ?)")) {
                    s.setLong(1, id);
                    s.setString(2, note);
                    s.executeUpdate();
                }
                synchronized (acks) {
                    acks.add(new Ack(id, System.nanoTime(), port));
                }
                EtcdServer.sleep(10);
            } catch (SQLException e) {
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

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(15000);
    }
}
