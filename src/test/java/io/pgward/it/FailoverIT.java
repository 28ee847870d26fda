package io.pgward.it;

import io.pgward.ha.ClusterView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Automatic failover on one 3-node cluster, scenario after scenario. A probe samples every node every 100 ms and
 * each scenario asserts that no two nodes ever accepted writes at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverIT {

    private ClusterFixture cluster;
    private WriterProbe probe;
    private int deadNode = -1;

    @BeforeAll
    void bootstrap() throws Exception {
        cluster = new ClusterFixture(3).startEtcd().startAll();
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
        probe = new WriterProbe(cluster);
    }

    @AfterEach
    void neverTwoWriters() throws Exception {
        probe.closeAndAssertOneWriter();
    }

    private int leader() {
        return cluster.index(cluster.view().leader());
    }

    private void insert(int node, long id, String note) throws SQLException {
        try (Connection c = cluster.connect(node); Statement s = c.createStatement()) {
            s.execute("INSERT INTO acked VALUES (" + id + ", '" + note + "')");
        }
    }

    private boolean has(int node, long id) throws SQLException {
        try (Connection c = cluster.connect(node); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM acked WHERE id = " + id)) {
            r.next();
            return r.getInt(1) == 1;
        }
    }

    private int timeline(int node) throws SQLException {
        try (Connection c = cluster.connect(node); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT timeline_id FROM pg_control_checkpoint()")) {
            r.next();
            return r.getInt(1);
        }
    }

    @Test
    @Order(1)
    void killedPrimaryAgentAndPostmasterFailOverToAReplica() throws Exception {
        int old = leader();
        insert(old, 1, "before kill");
        await().ignoreExceptions().atMost(TestTime.seconds(20)).until(() -> has((old + 1) % 3, 1) && has((old + 2) % 3, 1));
        // A divergent write for the rejoin scenario: freeze the walsenders, so the next commit (acknowledged
        // locally: replication is asynchronous) is never sent, then kill everything of the primary.
        try (Connection c = cluster.connect(old); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT pid FROM pg_stat_replication")) {
                while (r.next()) {
                    Signals.send("STOP", r.getLong(1));
                }
            }
            s.execute("INSERT INTO acked VALUES (100, 'divergent')");
        }
        cluster.agents.get(cluster.name(old)).kill9();
        cluster.killPostgres(old);

        await().ignoreExceptions().atMost(TestTime.seconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.leaderIsNot(cluster.name(old)));
        int fresh = leader();
        await().ignoreExceptions().atMost(TestTime.seconds(20)).untilAsserted(() -> insert(fresh, 2, "after failover"));
        assertThat(has(fresh, 1)).as("the replicated write survived").isTrue();
        assertThat(has(fresh, 100)).as("precondition: the divergent write never reached the replicas").isFalse();
        await().ignoreExceptions().atMost(TestTime.seconds(40)).until(() -> cluster.view().member(cluster.name(old)).isEmpty());
        deadNode = old;
    }

    @Test
    @Order(2)
    void oldPrimaryWithADivergentWriteRejoinsThroughPgRewind() throws Exception {
        assertThat(deadNode).as("runs after the hard-kill scenario").isNotNegative();
        int old = deadNode;
        ClusterView before = cluster.view();
        int newLeader = cluster.index(before.leader());
        cluster.startAgent(old);
        await().ignoreExceptions().atMost(TestTime.seconds(90)).until(() -> {
            ClusterView v = cluster.view();
            return v.member(cluster.name(old)).map(m -> "streaming".equals(m.replicationState())).orElse(false);
        });
        assertThat(cluster.view().leader()).isEqualTo(cluster.name(newLeader));
        insert(newLeader, 3, "after rejoin");
        await().ignoreExceptions().atMost(TestTime.seconds(20)).until(() -> has(old, 3));
        assertThat(cluster.log(old)).contains("pg_rewind finished");
        assertThat(has(old, 100)).as("the divergent write is gone from the rejoined node").isFalse();
        deadNode = -1;
    }

    @Test
    @Order(3)
    void killedPostmasterIsRestartedInPlaceWithoutFailover() throws Exception {
        cluster.awaitHealthy(TestTime.seconds(60));
        int primary = leader();
        int tl = timeline(primary);
        cluster.postmaster(primary).orElseThrow().destroyForcibly();
        await().ignoreExceptions().atMost(TestTime.seconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> insert(primary, 4, "after postmaster restart"));
        assertThat(leader()).isEqualTo(primary);
        assertThat(timeline(primary)).as("no new timeline").isEqualTo(tl);
    }

    @Test
    @Order(4)
    void primaryGoesReadOnlyWhenEtcdStopsAndTheClusterRecovers() throws Exception {
        cluster.awaitHealthy(TestTime.seconds(60));
        int primary = leader();
        cluster.etcd.stop();
        long stopped = System.nanoTime();
        await().ignoreExceptions().atMost(TestTime.seconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> !writable(primary));
        assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(20));
        cluster.etcd.start();
        cluster.awaitHealthy(TestTime.seconds(90));
        int now = leader();
        await().ignoreExceptions().atMost(TestTime.seconds(20)).untilAsserted(() -> insert(now, 5, "after etcd returned"));
    }

    private boolean writable(int node) {
        try (Connection c = cluster.connect(node); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT NOT pg_is_in_recovery()")) {
            r.next();
            return r.getBoolean(1);
        } catch (SQLException e) {
            return false;
        }
    }

    @Test
    @Order(5)
    void sigtermOfThePrimaryAgentHandsOverWellUnderTtl() throws Exception {
        cluster.awaitHealthy(TestTime.seconds(60));
        int old = leader();
        long start = System.nanoTime();
        cluster.agents.get(cluster.name(old)).terminate(TestTime.seconds(60));
        await().ignoreExceptions().atMost(TestTime.seconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.leaderIsNot(cluster.name(old)));
        int fresh = leader();
        await().ignoreExceptions().atMost(TestTime.seconds(10)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> insert(fresh, 6, "after sigterm"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("well under ttl (20 s)")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(has(fresh, 5)).isTrue();
    }

    @Test
    @Order(6)
    void frozenPrimaryAgentDoesNotCauseTwoWriters() throws Exception {
        cluster.awaitHealthy(TestTime.seconds(90));
        int old = leader();
        Proc agent = cluster.agents.get(cluster.name(old));
        Signals.send("STOP", agent.pid());
        try {
            await().ignoreExceptions().atMost(TestTime.seconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> cluster.leaderIsNot(cluster.name(old)));
            assertThat(writable(old)).as("the frozen agent's PostgreSQL was fenced").isFalse();
        } finally {
            Signals.send("CONT", agent.pid());
        }
        cluster.awaitHealthy(TestTime.seconds(90));
        assertThat(cluster.view().member(cluster.name(old)).map(m -> m.replicationState()).orElse(null))
                .isEqualTo("streaming");
    }

    @Test
    @Order(7)
    void killedAgentAloneCannotLeaveAWritablePrimaryBehind() throws Exception {
        cluster.awaitHealthy(TestTime.seconds(90));
        int old = leader();
        cluster.agents.get(cluster.name(old)).kill9();
        assertThat(cluster.postmaster(old)).as("PostgreSQL outlives its agent at first").isPresent();
        await().ignoreExceptions().atMost(TestTime.seconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.leaderIsNot(cluster.name(old)));
        assertThat(writable(old)).as("the orphaned primary was fenced before the new leader took over").isFalse();
        cluster.startAgent(old);
        cluster.awaitHealthy(TestTime.seconds(90));
    }
}
