package io.pgward.it;

import io.pgward.dcs.etcd.EtcdClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Takeover on confirmed process death, on a 3-member etcd with authentication and ttl 30: when the primary's agent dies
 * on a live host, its fence confirms that PostgreSQL is gone (the postmaster and every process it left behind) and
 * revokes the agent's lease, so a replica takes over long before the lease could run out. An agent that dies while its
 * PostgreSQL runs, or freezes, is not taken for a dead server: nothing is revoked before the lease deadline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessDeathTakeoverIT {

    private static final String REVOKED = "pgward fence: revoked the dead agent's etcd lease";
    private ClusterFixture cluster;
    private WriterProbe probe;

    @BeforeAll
    void bootstrap() throws Exception {
        cluster = new ClusterFixture(3).withEtcdCluster(3);
        cluster.ttl = 30;
        cluster.loopWait = 10;
        cluster.retryTimeout = 10;
        cluster.startEtcd();
        cluster.etcdCluster.enableAuth("pgward", "pgward-secret", "/service/");
        cluster.etcdExtra = "  username: pgward\n  password: pgward-secret\n";
        cluster.startAll();
        cluster.createAckedTable();
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void startProbe() {
        cluster.awaitHealthy(TestTime.seconds(120));
        probe = new WriterProbe(cluster);
    }

    @AfterEach
    void neverTwoWriters() throws Exception {
        probe.closeAndAssertOneWriter();
    }

    @Test
    @Order(1)
    void primaryAgentAndPostmasterKilledOnALiveHostLetAReplicaTakeOverAtOnce() throws Exception {
        int old = leader();
        for (int id = 1; id <= 50; id++) {
            insert(old, id);
        }
        await().ignoreExceptions().atMost(TestTime.seconds(30))
                .until(() -> count((old + 1) % 3) == 50 && count((old + 2) % 3) == 50);
        long lease = leaderLease();
        ProcessHandle postmaster = cluster.postmaster(old).orElseThrow();
        long busyBackend = busyBackend(old);
        List<Long> serverBefore = serverProcesses(old);
        assertThat(serverBefore).as("precondition: the backend runs in the data directory").contains(busyBackend);
        EtcdServer.sleep(500);    // the backend is into its query

        long killed = System.nanoTime();
        cluster.agents.get(cluster.name(old)).kill9();
        postmaster.destroyForcibly();    // by PID: its children outlive it for a while
        await().ignoreExceptions().atMost(TestTime.seconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.leaderIsNot(cluster.name(old)));
        Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
        System.out.println("process crash of the primary: a replica led after " + takeover.toMillis() + " ms");

        assertThat(takeover).as("a replica led long before the lease (ttl 30 s) could run out")
                .isLessThan(Duration.ofSeconds(15));
        assertThat(etcd().leaseTimeToLive(lease)).as("the dead agent's lease is gone").isEqualTo(-1);
        await().atMost(TestTime.seconds(10)).until(() -> cluster.log(old).contains(REVOKED));
        assertThat(cluster.log(old)).contains("killing");
        assertThat(serverBefore).as("every process of the old server was killed")
                .noneMatch(ProcessDeathTakeoverIT::running);
        assertThat(serverProcesses(old)).as("no process works in the old data directory").isEmpty();
        int fresh = leader();
        await().ignoreExceptions().atMost(TestTime.seconds(20)).untilAsserted(() -> insert(fresh, 51));
        assertThat(count(fresh)).as("every acknowledged write is on the new primary").isEqualTo(51);

        cluster.startAgent(old);
    }

    @Test
    @Order(2)
    void agentKilledAloneAndRestartedWithinTheLeaseKeepsItsPrimary() throws Exception {
        int old = leader();
        long lease = leaderLease();
        ProcessHandle postmaster = cluster.postmaster(old).orElseThrow();
        int history = cluster.view().history().size();
        killAgentAlone(old, lease, postmaster);

        cluster.startAgent(old);
        cluster.awaitHealthy(TestTime.seconds(90));
        assertThat(cluster.view().leader()).as("no failover").isEqualTo(cluster.name(old));
        assertThat(cluster.view().history()).as("no new timeline").hasSize(history);
        assertThat(running(postmaster.pid())).as("the restarted agent adopted the running PostgreSQL").isTrue();
        insert(old, 52);
    }

    @Test
    @Order(3)
    void agentKilledAloneAndNotRestartedHasItsPostgresStoppedAtTheDeadlineThenItsLeaseRevoked() throws Exception {
        int old = leader();
        long lease = leaderLease();
        ProcessHandle postmaster = cluster.postmaster(old).orElseThrow();
        String logBefore = cluster.log(old);
        killAgentAlone(old, lease, postmaster);

        await().ignoreExceptions().atMost(TestTime.seconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.leaderIsNot(cluster.name(old)));
        assertThat(running(postmaster.pid())).as("stopped by the fence").isFalse();
        await().atMost(TestTime.seconds(10)).until(() -> cluster.log(old).substring(logBefore.length()).contains(REVOKED));
        assertThat(cluster.log(old).substring(logBefore.length())).contains("stopping PostgreSQL");
        assertThat(etcd().leaseTimeToLive(lease)).isEqualTo(-1);
        assertThat(serverProcesses(old)).isEmpty();

        cluster.startAgent(old);
    }

    @Test
    @Order(4)
    void frozenAgentIsNotRevokedAndOnceResumedAfterTheDeadlineDoesNotWrite() throws Exception {
        int old = leader();
        String logBefore = cluster.log(old);
        Proc agent = cluster.agents.get(cluster.name(old));
        Signals.send("STOP", agent.pid());
        try {
            await().ignoreExceptions().atMost(TestTime.seconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> cluster.leaderIsNot(cluster.name(old)));
            assertThat(writable(old)).as("the frozen agent's PostgreSQL was fenced").isFalse();
        } finally {
            Signals.send("CONT", agent.pid());
        }
        String newLeader = cluster.view().leader();
        await().during(TestTime.seconds(10)).atMost(TestTime.seconds(12)).pollInterval(Duration.ofMillis(200))
                .until(() -> !writable(old) && newLeader.equals(cluster.view().leader()));
        assertThat(cluster.log(old).substring(logBefore.length())).as("a frozen agent is not a dead one")
                .doesNotContain(REVOKED).doesNotContain("the agent died");
        cluster.awaitHealthy(TestTime.seconds(90));
        assertThat(cluster.view().leader()).isEqualTo(newLeader);
        assertThat(cluster.log(old).substring(logBefore.length())).as("the resumed agent found its lease gone")
                .contains("expired; granting a new one");
    }

    /** kill -9 of the primary's agent only: its PostgreSQL runs on, so its lease is left alone (for now). */
    private void killAgentAlone(int old, long lease, ProcessHandle postmaster) {
        cluster.agents.get(cluster.name(old)).kill9();
        EtcdServer.sleep(3000);
        assertThat(etcd().leaseTimeToLive(lease)).as("nothing revoked while PostgreSQL runs").isPositive();
        assertThat(cluster.view().leader()).isEqualTo(cluster.name(old));
        assertThat(running(postmaster.pid())).as("PostgreSQL runs until the deadline").isTrue();
    }

    private EtcdClient etcd() {
        return cluster.etcdCluster.client();
    }

    private long leaderLease() {
        List<EtcdClient.KeyValue> kvs = etcd().get("/service/" + cluster.scope + "/leader").kvs();
        assertThat(kvs).as("a leader key").hasSize(1);
        return kvs.get(0).lease();
    }

    private int leader() {
        return cluster.index(cluster.view().leader());
    }

    private void insert(int node, long id) throws SQLException {
        cluster.execute(node, "INSERT INTO acked VALUES (" + id + ", 'takeover')");
    }

    private int count(int node) throws SQLException {
        return Integer.parseInt(cluster.queryText(node, "SELECT count(*) FROM acked"));
    }

    private boolean writable(int node) {
        try {
            return "f".equals(cluster.queryText(node, "SELECT pg_is_in_recovery()"));
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * A backend busy in a long computation, which does not look for its postmaster's death: it would outlive a killed
     * postmaster until the query ends. Returns its pid.
     */
    private long busyBackend(int node) throws SQLException {
        Connection c = cluster.connect(node, 600);
        long pid;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
            r.next();
            pid = r.getLong(1);
        }
        Thread t = new Thread(() -> {
            try (c; Statement s = c.createStatement()) {
                s.execute("SELECT count(*) FROM generate_series(1, 10000000000)");
            } catch (SQLException expected) {
                // killed with its server
            }
        }, "busy-backend");
        t.setDaemon(true);
        t.start();
        return pid;
    }

    /**
     * Whether the process runs: a killed child of a dead postmaster stays a zombie until the process it was handed to
     * reaps it, and ProcessHandle counts a zombie as alive.
     */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /** Every process named postgres working in node i's data directory (the postmaster and what it started). */
    private List<Long> serverProcesses(int node) throws IOException {
        Path data = cluster.dataDir(node).toRealPath();
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> all = Files.list(Path.of("/proc"))) {
            for (Path p : all.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if ("postgres".equals(Files.readString(p.resolve("comm")).strip())
                            && Files.readSymbolicLink(p.resolve("cwd")).equals(data)) {
                        pids.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException | SecurityException gone) {
                    // exited meanwhile, or a zombie
                }
            }
        }
        return pids;
    }
}
