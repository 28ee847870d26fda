package io.pgward.it;

import io.pgward.ha.ClusterView;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A standby cluster (two nodes, its own etcd) replicating from a source cluster (two nodes) through a permanent slot
 * of the source: the standby leader follows the source primary, its replica cascades from it; the standby leader
 * killed, the other member becomes standby leader and keeps receiving; the source primary killed (agent and
 * PostgreSQL), promote-cluster makes the standby cluster writable with every write of the source it had received.
 */
class StandbyClusterIT {

    private static final Duration CONVERGE = TestTime.seconds(120);

    @Test
    void aStandbyClusterFollowsTheSourceFailsOverInsideAndIsPromotedWithoutLosingWhatItReceived() throws Exception {
        Rest rest = new Rest(null, null);
        ClusterFixture source = new ClusterFixture(2);
        ClusterFixture standby = new ClusterFixture(2);
        try (source; standby) {
            withDiagnosis(source, standby, () -> failoverInsideAndPromotion(rest, source, standby));
        }
    }

    private static void failoverInsideAndPromotion(Rest rest, ClusterFixture source, ClusterFixture standby)
            throws Exception {
        source.dcsExtra = "    slots:\n      dc2:\n        type: physical\n";
        source.startEtcd().startAll();
        int sourceLeader = source.createAckedTable();
        await().atMost(TestTime.seconds(30)).ignoreExceptions()
                .until(() -> source.column(sourceLeader, "SELECT slot_name FROM pg_replication_slots").contains("dc2"));

        standby.dcsExtra = "    standby_cluster:\n      host: 127.0.0.1\n      port: " + source.pgPorts[sourceLeader]
                + "\n      primary_slot_name: dc2\n";
        standby.startEtcd().writeConfigs();
        standby.startAgent(0);
        awaitStandbyLeader(standby, "n1");
        assertThat(standby.log(0)).contains("I am the standby leader");
        standby.startAgent(1);
        awaitHealthy(standby, 2);

        int leaderPort = standby.restPorts[0];
        int replicaPort = standby.restPorts[1];
        assertThat(rest.status(leaderPort, "GET", "/standby-leader")).isEqualTo(200);
        assertThat(rest.status(leaderPort, "GET", "/standby_leader")).isEqualTo(200);
        assertThat(rest.status(leaderPort, "GET", "/leader")).isEqualTo(200);
        assertThat(rest.status(leaderPort, "GET", "/primary")).isEqualTo(503);
        assertThat(rest.status(leaderPort, "GET", "/read-write")).isEqualTo(503);
        assertThat(rest.status(leaderPort, "GET", "/replica")).isEqualTo(503);
        assertThat(rest.status(replicaPort, "GET", "/standby-leader")).isEqualTo(503);
        assertThat(rest.status(replicaPort, "GET", "/replica")).isEqualTo(200);
        assertThat(rest.call(leaderPort, "GET", "/patroni", null).body()).contains("\"role\":\"standby_leader\"");
        assertThat(rest.call(leaderPort, "GET", "/cluster", null).body()).contains("\"role\":\"standby_leader\"");
        assertThat(rest.call(leaderPort, "GET", "/metrics", null).body())
                .contains("patroni_standby_leader{scope=\"it\",name=\"n1\"} 1");
        String list = Cli.run(null, "list", "-c", standby.configFile(0).toString()).output();
        assertThat(list).contains("Standby Leader").contains("Standby cluster: replicating from 127.0.0.1:"
                + source.pgPorts[sourceLeader] + " through slot dc2");
        assertThat(source.column(sourceLeader, "SELECT slot_name FROM pg_replication_slots WHERE active"))
                .contains("dc2");
        assertThat(standby.column(0, "SELECT application_name FROM pg_stat_replication WHERE state = 'streaming'"))
                .containsExactly("n2");

        insertAndAwait(source, sourceLeader, 1, standby, 0, 1);

        standby.agents.get("n1").kill9();
        standby.killPostgres(0);
        long killed = System.nanoTime();
        awaitStandbyLeader(standby, "n2");
        System.out.printf("n2 became the standby leader %d ms after n1 was killed%n",
                (System.nanoTime() - killed) / 1_000_000);
        insertAndAwait(source, sourceLeader, 2, standby, 1);
        standby.startAgent(0);
        awaitHealthy(standby, 2);
        assertThat(standby.column(1, "SELECT application_name FROM pg_stat_replication WHERE state = 'streaming'"))
                .containsExactly("n1");
        insertAndAwait(source, sourceLeader, 3, standby, 1, 0);

        SortedSet<Long> beforeKill;
        try (AckWriter writer = new AckWriter(source, 1000)) {
            await().atMost(TestTime.seconds(30)).until(() -> writer.acknowledged().size() >= 200);
            beforeKill = ids(standby, 1);
            source.agents.get(source.name(sourceLeader)).kill9();
            source.killPostgres(sourceLeader);
        }
        await().atMost(TestTime.seconds(30)).ignoreExceptions().until(() -> "t".equals(standby.queryText(1,
                "SELECT pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()")));
        SortedSet<Long> reached = ids(standby, 1);
        assertThat(reached).containsAll(beforeKill).contains(1L, 2L, 3L);

        Cli.Result promoted = Cli.run(null, "promote-cluster", "--force", "-c", standby.configFile(1).toString());
        assertThat(promoted.exit()).as(promoted.output()).isZero();
        assertThat(promoted.output()).contains("Success: cluster it is promoted: n2 runs as primary");
        standby.execute(1, "INSERT INTO acked VALUES (4, 'after promote-cluster')");
        assertThat(ids(standby, 1)).containsAll(reached).contains(4L);
        await().atMost(TestTime.seconds(60)).ignoreExceptions().until(() -> ids(standby, 0).contains(4L));
        assertThat(ids(standby, 0)).containsAll(reached);
        assertThat(rest.status(standby.restPorts[1], "GET", "/primary")).isEqualTo(200);
        assertThat(rest.status(standby.restPorts[1], "GET", "/standby-leader")).isEqualTo(503);
        System.out.printf("the standby cluster had %d of the source's rows before the kill, %d after it%n",
                beforeKill.size(), reached.size());
    }

    interface Steps {
        void run() throws Exception;
    }

    /** Runs the steps; a failure keeps both clusters' directories and adds what each member reported and logged. */
    private static void withDiagnosis(ClusterFixture source, ClusterFixture standby, Steps steps) throws Exception {
        try {
            steps.run();
        } catch (AssertionError | RuntimeException e) {
            source.failed = true;
            standby.failed = true;
            throw new AssertionError(e.getMessage() + "\n--- standby cluster\n" + standby.diagnosis()
                    + "--- source cluster\n" + source.diagnosis(), e);
        }
    }

    /**
     * The other direction: the standby cluster is promoted while the source still runs and takes more writes, then
     * demote-cluster turns the source into a standby cluster of it: its leader stops, rewinds to the new timeline and
     * follows as standby leader, its replica rewinds too; the source's writes after the fork are gone, the new
     * primary's arrive.
     */
    @Test
    void demoteClusterTurnsTheFormerSourceIntoAStandbyClusterOfThePromotedOne() throws Exception {
        ClusterFixture source = new ClusterFixture(2);
        ClusterFixture standby = new ClusterFixture(2);
        try (source; standby) {
            withDiagnosis(source, standby, () -> {
                source.startEtcd().startAll();
                int sourceLeader = source.createAckedTable();
                standby.dcsExtra = "    standby_cluster:\n      host: 127.0.0.1\n      port: "
                        + source.pgPorts[sourceLeader] + "\n";
                standby.startEtcd().startAll();
                awaitHealthy(standby, 2);
                insertAndAwait(source, sourceLeader, 1, standby, 0, 1);

                Cli.Result promoted = Cli.run(null, "promote-cluster", "--force", "-c", standby.configFile(0).toString());
                assertThat(promoted.exit()).as(promoted.output()).isZero();
                int newPrimary = standby.index(standby.view().leader());
                standby.execute(newPrimary, "INSERT INTO acked VALUES (2, 'new primary')");
                source.execute(sourceLeader, "INSERT INTO acked VALUES (3, 'old source after the fork')");

                Cli.Result demoted = Cli.run(null, "demote-cluster", "--force", "--host", "127.0.0.1", "--port",
                        Integer.toString(standby.pgPorts[newPrimary]), "-c", source.configFile(0).toString());
                assertThat(demoted.exit()).as(demoted.output()).isZero();
                assertThat(demoted.output()).contains("runs as standby_leader");
                awaitHealthy(source, 2);
                assertThat(source.log(sourceLeader)).contains("demote-cluster");
                standby.execute(newPrimary, "INSERT INTO acked VALUES (4, 'new primary')");
                for (int node = 0; node < 2; node++) {
                    int n = node;
                    await().atMost(TestTime.seconds(60)).ignoreExceptions().until(() -> ids(source, n).contains(4L));
                    assertThat(ids(source, n)).contains(1L, 2L, 4L).doesNotContain(3L);
                }
                assertThat(source.queryText(sourceLeader, "SELECT pg_is_in_recovery()")).isEqualTo("t");
            });
        }
    }

    private static void awaitStandbyLeader(ClusterFixture cluster, String name) {
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
            ClusterView v = cluster.view();
            return name.equals(v.leader()) && v.member(name).map(m -> "standby_leader".equals(m.role())
                    && m.isRunning()).orElse(false);
        });
    }

    private static void awaitHealthy(ClusterFixture cluster, int members) {
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> cluster.view().isHealthy(members));
    }

    private static SortedSet<Long> ids(ClusterFixture cluster, int node) throws Exception {
        SortedSet<Long> ids = new TreeSet<>();
        for (String id : cluster.column(node, "SELECT id FROM acked")) {
            ids.add(Long.parseLong(id));
        }
        return ids;
    }

    /** Inserts row {@code id} on the source primary and waits until each listed standby-cluster node shows it. */
    private static void insertAndAwait(ClusterFixture source, int primary, long id, ClusterFixture standby,
                                       int... nodes) throws Exception {
        source.execute(primary, "INSERT INTO acked VALUES (" + id + ", 'source')");
        for (int node : nodes) {
            await().atMost(TestTime.seconds(30)).ignoreExceptions().until(() -> ids(standby, node).contains(id));
        }
    }
}
