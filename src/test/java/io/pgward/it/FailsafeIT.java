package io.pgward.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * failsafe_mode with real processes: the only etcd member frozen (SIGSTOP) for twice the ttl. While every member
 * answers POST /failsafe the primary stays primary and keeps acknowledging writes; when etcd thaws it takes its
 * leader key back and no replica raced for it. With one replica's agent frozen as well, the primary cannot get
 * every member's acceptance and steps down, as without failsafe_mode. No acknowledged write is lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailsafeIT {

    private ClusterFixture cluster;
    private int primary;
    private TimedWriter writer;

    @BeforeAll
    void start() throws Exception {
        cluster = new ClusterFixture(3);
        cluster.dcsExtra = "    failsafe_mode: true\n";
        cluster.startEtcd().startAll();
        primary = cluster.createAckedTable();
        await("the failsafe topology names every member").atMost(TestTime.seconds(30)).ignoreExceptions()
                .until(() -> cluster.view().failsafe().size() == 3);
        writer = new TimedWriter("failsafe", "jdbc:postgresql://127.0.0.1:" + cluster.pgPorts[primary] + "/postgres", 1);
    }

    @AfterAll
    void stop() throws Exception {
        if (writer != null) {
            writer.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aFrozenEtcdLeavesThePrimaryWritableWhileEveryMemberAnswers() throws Exception {
        String leader = cluster.name(primary);
        long frozenAt = System.nanoTime();
        Signals.send("STOP", cluster.etcd.pid());
        try {
            Thread.sleep(TestTime.seconds(2L * cluster.ttl).toMillis());
        } finally {
            Signals.send("CONT", cluster.etcd.pid());
        }
        long thawedAt = System.nanoTime();
        await("the primary holds its leader key again").atMost(TestTime.seconds(60)).ignoreExceptions()
                .until(() -> leader.equals(cluster.view().leader()));
        cluster.awaitHealthy(TestTime.seconds(60));

        long gap = writer.longestGapMillis(frozenAt, thawedAt);
        System.out.println("MEASURE failsafe etcd frozen " + 2 * cluster.ttl + " s: longest write gap " + gap + " ms");
        assertThat(writer.acksSince(frozenAt + TestTime.seconds(cluster.ttl).toNanos(), cluster.pgPorts[primary]))
                .as("writes acknowledged by the same primary after its lease ran out in etcd").isPositive();
        assertThat(gap).as("longest time without an acknowledged write while etcd was frozen").isLessThan(5000);
        assertThat(cluster.log(primary)).contains("staying primary (failsafe_mode)")
                .doesNotContain("to demote");
        for (int i = 0; i < 3; i++) {
            if (i != primary) {
                assertThat(cluster.log(i)).as(cluster.name(i) + " never races while the primary pings it")
                        .doesNotContain("acquired the leader key");
            }
        }
        assertAllAcknowledgedWritesPresent();
    }

    @Test
    @Order(2)
    void aMemberThatDoesNotAnswerMakesThePrimaryStepDown() throws Exception {
        int frozenReplica = (primary + 1) % 3;
        Signals.send("STOP", cluster.agents.get(cluster.name(frozenReplica)).pid());
        Signals.send("STOP", cluster.etcd.pid());
        try {
            await("the primary steps down").atMost(TestTime.seconds(30)).ignoreExceptions()
                    .until(() -> cluster.log(primary).contains("(failsafe_mode: not accepted by "
                            + cluster.name(frozenReplica)));
        } finally {
            Signals.send("CONT", cluster.etcd.pid());
            Signals.send("CONT", cluster.agents.get(cluster.name(frozenReplica)).pid());
        }
        cluster.awaitHealthy(TestTime.seconds(120));
        primary = cluster.index(cluster.view().leader());
        assertAllAcknowledgedWritesPresent();
    }

    private void assertAllAcknowledgedWritesPresent() throws Exception {
        Set<Long> acked = writer.acknowledged();
        int leader = cluster.index(cluster.view().leader());
        try (var c = cluster.connect(leader); var s = c.createStatement();
             var r = s.executeQuery("SELECT id FROM acked")) {
            java.util.Set<Long> present = new java.util.HashSet<>();
            while (r.next()) {
                present.add(r.getLong(1));
            }
            assertThat(present).as("every acknowledged write is on the leader").containsAll(acked);
        }
    }
}
