package io.pgward.it;

import io.pgward.ha.Member;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cascading replication and clonefrom: n1 leads, n2 streams from it (tagged clonefrom), n3 is tagged
 * {@code replicatefrom: n2}. n3 streams from n2; with n2 gone it follows the leader, and goes back once n2 streams
 * again; a fourth node clones from n2 instead of the leader; after a failover every replica streams again.
 */
class CascadingIT {

    private static final Duration FALLBACK_BOUND = TestTime.seconds(20);

    @Test
    void aReplicaStreamsFromItsReplicatefromMemberFollowsTheLeaderWhileItIsGoneAndReturns() throws Exception {
        Rest rest = new Rest(null, null);
        try (ClusterFixture cluster = new ClusterFixture(4)) {
            cluster.tags.put(1, "tags:\n  clonefrom: true\n");
            cluster.tags.put(2, "tags:\n  replicatefrom: n2\n");
            cluster.startEtcd().writeConfigs();
            cluster.startAgent(0);
            await().atMost(TestTime.seconds(60)).ignoreExceptions().until(() -> "n1".equals(cluster.view().leader()));
            cluster.startAgent(1);
            cluster.startAgent(2);
            cluster.createAckedTable();

            await().atMost(TestTime.seconds(60)).ignoreExceptions().until(() -> streamingFrom(cluster, 1).contains("n3"));
            assertThat(streamingFrom(cluster, 0)).contains("n2").doesNotContain("n3");
            insertAndAwait(cluster, 1, 2);
            await().atMost(TestTime.seconds(30)).ignoreExceptions()
                    .until(() -> "n2".equals(cluster.view().member("n3").map(Member::upstream).orElse(null)));
            String topology = Cli.run(null, "topology", "-c", cluster.configFile(0).toString()).output();
            assertThat(topology.indexOf("| n1 ")).isPositive();
            assertThat(topology.indexOf("| + n2 ")).as(topology).isGreaterThan(topology.indexOf("| n1 "));
            assertThat(topology.indexOf("|   + n3 ")).as(topology).isGreaterThan(topology.indexOf("| + n2 "));
            assertThat(Cli.run(null, "list", "-c", cluster.configFile(0).toString()).output()).contains("Streams from");
            assertThat(rest.call(cluster.restPorts[2], "GET", "/patroni", null).body()).contains("\"upstream\":\"n2\"");

            long stopped = System.nanoTime();
            cluster.agents.get("n2").terminate(TestTime.seconds(60));
            cluster.killPostgres(1);
            await().atMost(FALLBACK_BOUND).ignoreExceptions().until(() -> streamingFrom(cluster, 0).contains("n3"));
            System.out.printf("n3 streamed from the leader %d ms after n2 was asked to stop%n",
                    (System.nanoTime() - stopped) / 1_000_000);
            insertAndAwait(cluster, 2, 2);

            cluster.startAgent(1);
            await().atMost(TestTime.seconds(60)).ignoreExceptions().until(() -> streamingFrom(cluster, 1).contains("n3"));
            insertAndAwait(cluster, 3, 2);
            await().atMost(TestTime.seconds(30)).ignoreExceptions()
                    .until(() -> !streamingFrom(cluster, 0).contains("n3"));

            cluster.startAgent(3);
            await().atMost(TestTime.seconds(90)).ignoreExceptions().until(() -> cluster.view().isHealthy(4));
            assertThat(cluster.log(3)).contains("cloning from n2 (tagged clonefrom)");
            insertAndAwait(cluster, 4, 3);

            cluster.agents.get("n1").terminate(TestTime.seconds(60));
            await().atMost(TestTime.seconds(60)).ignoreExceptions().until(() -> cluster.leaderIsNot("n1"));
            await().atMost(TestTime.seconds(60)).ignoreExceptions().until(() -> cluster.view().isHealthy(3));
            int leader = cluster.index(cluster.view().leader());
            for (int replica = 1; replica < 4; replica++) {
                if (replica != leader) {
                    insertAndAwait(cluster, leader, 10 + replica, replica);
                }
            }
        }
    }

    /** Members streaming from node i, as its pg_stat_replication shows them. */
    private static Set<String> streamingFrom(ClusterFixture cluster, int i) throws Exception {
        return cluster.column(i, "SELECT application_name FROM pg_stat_replication WHERE state = 'streaming'");
    }

    /** Writes row {@code id} on the first leader n1 and waits for node {@code replica} to show it. */
    private static void insertAndAwait(ClusterFixture cluster, int id, int replica) throws Exception {
        insertAndAwait(cluster, 0, id, replica);
    }

    private static void insertAndAwait(ClusterFixture cluster, int leader, int id, int replica) throws Exception {
        try (Connection c = cluster.connect(leader); Statement s = c.createStatement()) {
            s.execute("INSERT INTO acked VALUES (" + id + ", 'cascade')");
        }
        await().atMost(TestTime.seconds(30)).ignoreExceptions().until(() -> {
            try (Connection c = cluster.connect(replica); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT count(*) FROM acked WHERE id = " + id)) {
                r.next();
                return r.getInt(1) == 1;
            }
        });
    }
}
