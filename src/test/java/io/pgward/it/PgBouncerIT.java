package io.pgward.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients through Debian's PgBouncer (transaction pooling), which the agents' {@code pgbouncer} section lets them
 * steer: around a switchover the old primary's agent pauses PgBouncer and the new primary's agent points its
 * {@code [databases]} file at itself, reloads and resumes it, so a client committing all along sees no failed
 * transaction, only a wait; after the primary is killed the new primary's agent repoints PgBouncer and writes go on
 * there. No acknowledged write is lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PgBouncerIT {

    private static final Path PGBOUNCER = Path.of("/usr/sbin/pgbouncer");

    private ClusterFixture cluster;
    private Proc pgbouncer;
    private int port;
    private Path databases;
    private TimedWriter writer;
    private final List<TimedWriter> writers = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PGBOUNCER), "Debian's pgbouncer package is not installed"
                + " (scripts/setup.sh --with-test-tools installs it): PgBouncerIT is skipped");
        cluster = new ClusterFixture(3);
        port = FreePorts.pick();
        databases = cluster.dir.resolve("pgbouncer-databases.ini");
        // Points at no member: the first leader's agent rewrites it.
        writeReadable(databases, "[databases]\npostgres = host=127.0.0.1 port=1 dbname=postgres\n");
        writeReadable(cluster.dir.resolve("pgbouncer-users.txt"), "\"pgward\" \"\"\n\"postgres\" \""
                + ClusterFixture.SUPERUSER_PASSWORD + "\"\n");
        Path ini = cluster.dir.resolve("pgbouncer.ini");
        writeReadable(ini, fromExample(Files.readString(Path.of("examples/pgbouncer/pgbouncer.ini")), Map.of(
                "listen_addr", "127.0.0.1", "listen_port", Integer.toString(port), "unix_socket_dir", "",
                "auth_type", "trust", "auth_file", cluster.dir.resolve("pgbouncer-users.txt").toString(),
                "logfile", "", "pidfile", "")).replace("%include /etc/pgbouncer/pgward-databases.ini",
                "%include " + databases));
        List<String> command = new ArrayList<>(List.of(PGBOUNCER.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "postgres"));    // PgBouncer refuses to run as root
        }
        command.add(ini.toString());
        pgbouncer = Proc.start("pgbouncer", command, cluster.dir.resolve("pgbouncer.log"));
        cluster.extraSections = """
                pgbouncer:
                  admin_uri: postgresql://pgward@127.0.0.1:%d/pgbouncer
                  databases_file: %s
                """.formatted(port, databases);
        cluster.startEtcd().startAll();
        cluster.createAckedTable();
    }

    /** The shipped example with some settings replaced (each must be there), for loopback and a test directory. */
    private static String fromExample(String example, Map<String, String> settings) {
        String text = example;
        for (var e : settings.entrySet()) {
            String replaced = text.replaceFirst("(?m)^" + e.getKey() + " = .*$", e.getKey() + " = " + e.getValue());
            assertThat(replaced).as("the example sets " + e.getKey()).isNotEqualTo(text);
            text = replaced;
        }
        return text;
    }

    private static void writeReadable(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    @AfterAll
    void stop() throws Exception {
        for (TimedWriter w : writers) {
            w.close();
        }
        if (pgbouncer != null) {
            pgbouncer.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private String url() {
        // No server-side prepared statements: with transaction pooling consecutive statements may reach different
        // server connections (and after a switchover another server). A pause may last longer than a query should.
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?prepareThreshold=0&socketTimeout=60";
    }

    private int portThroughPgBouncer() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", ClusterFixture.SUPERUSER_PASSWORD);
        p.setProperty("connectTimeout", "2");
        try (Connection c = DriverManager.getConnection(url(), p); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT current_setting('port')::int WHERE NOT pg_is_in_recovery()")) {
            return r.next() ? r.getInt(1) : -1;
        }
    }

    private int leaderPort() {
        return cluster.pgPorts[cluster.index(cluster.view().leader())];
    }

    private String logs() throws Exception {
        return "pgbouncer's output:\n" + Files.readString(pgbouncer.log) + "\n" + cluster.diagnosis();
    }

    @Test
    @Order(1)
    void theFirstLeaderPointsPgBouncerAtItself() throws Exception {
        int leader = leaderPort();
        await().ignoreExceptions().atMost(TestTime.seconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(portThroughPgBouncer()).isEqualTo(leader));
        assertThat(Files.readString(databases)).contains("host=127.0.0.1 port=" + leader + " dbname=postgres");
    }

    @Test
    @Order(2)
    void aClientCommittingThroughPgBouncerOnlyWaitsDuringASwitchover() throws Exception {
        writer = new TimedWriter("pgbouncer", url(), 1_000_000);
        writers.add(writer);
        await().atMost(TestTime.seconds(20)).until(() -> writer.acks().size() > 20);
        String old = cluster.view().leader();
        long from = System.nanoTime();
        String candidate = cluster.switchoverFrom(old);
        int candidatePort = cluster.pgPorts[cluster.index(candidate)];
        await().atMost(TestTime.seconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> writer.acksSince(from, candidatePort) >= 10);
        System.out.printf("PgBouncerIT: switchover: longest wait for a commit through PgBouncer %d ms%n",
                writer.longestGapMillis(from, System.nanoTime()));
        assertThat(writer.failures()).as("failed statements through PgBouncer; " + logs()).isEmpty();
        assertThat(cluster.log(cluster.index(old))).contains("paused PgBouncer at");
        assertThat(cluster.log(cluster.index(candidate))).contains("pointed PgBouncer at");
    }

    @Test
    @Order(3)
    void afterTheprimaryIsKilledTheNewPrimaryPointsPgBouncerAtItself() throws Exception {
        assertThat(writer).as("runs after the switchover scenario").isNotNull();
        cluster.awaitHealthy(TestTime.seconds(60));
        String old = cluster.view().leader();
        long from = System.nanoTime();
        cluster.agents.get(old).kill9();
        cluster.killPostgres(cluster.index(old));
        await().ignoreExceptions().atMost(TestTime.seconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.leaderIsNot(old));
        int newPort = leaderPort();
        await().atMost(TestTime.seconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> writer.acksSince(from, newPort) >= 10);
        System.out.printf("PgBouncerIT: kill of the primary: longest write gap through PgBouncer %d ms%n",
                writer.longestGapMillis(from, System.nanoTime()));
        assertThat(Files.readString(databases)).contains("port=" + newPort + " ");
    }

    @Test
    @Order(4)
    void noAcknowledgedWriteIsLost() throws Exception {
        assertThat(writer).as("runs after the failure scenarios").isNotNull();
        writer.close();
        assertThat(writer.acknowledged()).as("acknowledged writes exist").isNotEmpty();
        assertThat(TimedWriter.lostOn(cluster, cluster.index(cluster.view().leader()), List.of(writer)))
                .as("acknowledged writes missing on the new primary").isEmpty();
        assertThat(pgbouncer.alive()).as(logs()).isTrue();
    }
}
