package io.pgward.it;

import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The deployment guide's "moving a Patroni cluster to pgward", carried out: a cluster bootstrapped and run by
 * Debian's Patroni (from the same YAML pgward reads) is moved one node at a time while a client writes — each replica
 * stopped under Patroni and started under pgward on Patroni's data directory, then a switchover from Patroni's
 * primary to a pgward node, then the old primary moved too. Mixed clusters are the risky part: a Patroni leader
 * serving pgward replicas (slots, the switchover protocol through its REST API) and a Patroni replica following a
 * pgward leader. Skipped without Debian's {@code patroni} package.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatroniMigrationIT {

    private static final Path PATRONI = Path.of("/usr/bin/patroni");

    private ClusterFixture cluster;
    private AckWriter writer;
    private String patroniLeader;

    @BeforeAll
    void startPatroniCluster() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PATRONI), "Debian's patroni package is not installed");
        cluster = new ClusterFixture(3).startEtcd();
        cluster.writeConfigs();
        for (int i = 0; i < cluster.nodes; i++) {
            givePostgresItsNodeDirectory(i);
            startPatroni(i);
        }
        patroniLeader = awaitLeaderWithStreamingReplicas(2);
        try (var c = cluster.connect(cluster.index(patroniLeader)); var s = c.createStatement()) {
            s.execute("CREATE TABLE acked (id bigint PRIMARY KEY, note text)");
        }
        writer = new AckWriter(cluster, 1);
    }

    @AfterAll
    void stop() throws Exception {
        if (writer != null) {
            writer.close();    // again after the last test: harmless
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Patroni runs as postgres and creates the data directory itself, as on a Debian host. */
    private void givePostgresItsNodeDirectory(int i) throws Exception {
        Path nodeDir = cluster.dataDir(i).getParent();
        Files.createDirectories(nodeDir);
        Cli.exec(List.of("chown", "postgres:postgres", nodeDir.toString()), null);
        // one password file per node: Patroni writes it before each clone or rewind
        String yaml = Files.readString(cluster.configFile(i)).replace("\npostgresql:\n",
                "\npostgresql:\n  pgpass: " + nodeDir.resolve("pgpass") + "\n");
        Files.writeString(cluster.configFile(i), yaml);
    }

    private void startPatroni(int i) {
        ProcessBuilder pb = new ProcessBuilder("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups",
                PATRONI.toString(), cluster.configFile(i).toString());
        pb.environment().put("HOME", "/var/lib/postgresql");
        pb.environment().put("USER", "postgres");
        pb.directory(cluster.dir.toFile());
        cluster.agents.put(cluster.name(i), Proc.start(cluster.name(i), pb, cluster.dir.resolve(cluster.name(i) + ".log")));
    }

    /** Moves node i as the guide says: stop its Patroni (which stops its PostgreSQL), start pgward on the same files. */
    private void moveToPgward(int i) throws Exception {
        Proc patroni = cluster.agents.get(cluster.name(i));
        patroni.terminate(TestTime.seconds(60));
        await().atMost(TestTime.seconds(60)).until(() -> cluster.postmaster(i).isEmpty());
        cluster.startAgent(i);
    }

    /**
     * Waits for a leader running as primary with {@code replicas} members streaming from it, seen both in PostgreSQL
     * (pg_stat_replication, which Patroni 3.0's member keys do not report) and as running members in etcd.
     */
    private String awaitLeaderWithStreamingReplicas(int replicas) {
        try {
            await().atMost(TestTime.seconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                ClusterView v = cluster.view();
                if (!v.hasLeader() || v.members().stream().filter(Member::isRunning).count() < replicas + 1) {
                    return false;
                }
                int leader = cluster.index(v.leader());
                return cluster.column(leader, "SELECT application_name FROM pg_stat_replication WHERE state = 'streaming'")
                        .size() >= replicas && "f".equals(cluster.queryText(leader, "SELECT pg_is_in_recovery()"));
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            cluster.failed = true;
            throw new AssertionError("no leader with " + replicas + " streaming replicas\n" + cluster.diagnosis(), e);
        }
        return cluster.view().leader();
    }

    private List<Integer> replicasOf(String leader) {
        List<Integer> replicas = new ArrayList<>();
        for (int i = 0; i < cluster.nodes; i++) {
            if (!cluster.name(i).equals(leader)) {
                replicas.add(i);
            }
        }
        return replicas;
    }

    @Test
    @Order(1)
    void eachPatroniReplicaBecomesAPgwardReplicaOfPatronisPrimaryWithoutCopyingData() throws Exception {
        for (int replica : replicasOf(patroniLeader)) {
            String systemId = cluster.queryText(replica, "SELECT system_identifier::text FROM pg_control_system()");
            moveToPgward(replica);
            assertThat(awaitLeaderWithStreamingReplicas(2)).as("the primary did not move").isEqualTo(patroniLeader);
            assertThat(cluster.queryText(replica, "SELECT system_identifier::text FROM pg_control_system()"))
                    .as("the same data directory, not a new clone of another cluster").isEqualTo(systemId);
            assertThat(new Rest(null, null).call(cluster.restPorts[replica], "GET", "/metrics", null).body())
                    .as("pgward's agent answers on " + cluster.name(replica) + "'s REST port")
                    .contains("pgward_cluster_members");
        }
        assertThat(cluster.view().history()).as("no failover while the replicas moved").isEmpty();
    }

    @Test
    @Order(2)
    void aSwitchoverFromPatronisPrimaryToAPgwardNodeThenTheLastNodeMoves() throws Exception {
        int candidate = replicasOf(patroniLeader).get(0);
        Cli.Result r = Cli.run(null, "switchover", "-c", cluster.configFile(candidate).toString(),
                "--leader", patroniLeader, "--candidate", cluster.name(candidate), "--force");
        assertThat(r.exit()).as(r.output()).isZero();
        await().atMost(TestTime.seconds(120)).ignoreExceptions()
                .until(() -> cluster.name(candidate).equals(cluster.view().leader()));
        // Patroni turns its old primary into a replica of the pgward leader
        assertThat(awaitLeaderWithStreamingReplicas(2)).isEqualTo(cluster.name(candidate));

        moveToPgward(cluster.index(patroniLeader));
        assertThat(cluster.awaitHealthy(TestTime.seconds(180))).as("pgward's own view: one leader, two streaming")
                .isEqualTo(cluster.name(candidate));
        assertThat(cluster.view().history()).as("one change of primary: the switchover").hasSize(1);
    }

    @Test
    @Order(3)
    void noAcknowledgedWriteIsLostAndEveryNodeHasThemAll() throws Exception {
        writer.close();
        Set<Long> acknowledged = writer.acknowledged();
        assertThat(acknowledged).as("the client wrote during the move").isNotEmpty();
        for (int i = 0; i < cluster.nodes; i++) {
            int node = i;
            await().atMost(TestTime.seconds(60)).ignoreExceptions()
                    .until(() -> writer.missingOn(node).isEmpty());
        }
    }
}
