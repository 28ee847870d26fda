package io.pgward.it;

import io.pgward.ha.Member;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * With a long loop_wait (10 s), a replica's member key (what /cluster and pgward list read) and its GET /replica
 * follow its PostgreSQL within a few seconds, not at the next loop_wait: the sleeping loop notices the local change
 * itself. The replica stops streaming (its user loses the REPLICATION attribute and its walsender is ended), the key
 * says so, then it may stream again: it must show as streaming well before the cycle after the one that published
 * "not streaming".
 */
class FreshStatusIT {

    private static final Duration WELL_BEFORE_LOOP_WAIT = TestTime.seconds(5);

    @Test
    void aReplicaStreamingAgainShowsAsStreamingWellBeforeLoopWait() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(2)) {
            cluster.ttl = 30;
            cluster.loopWait = 10;
            cluster.retryTimeout = 10;
            cluster.startEtcd().startAll();
            int primary = cluster.index(cluster.awaitHealthy(TestTime.seconds(120)));
            int replica = 1 - primary;
            String name = cluster.name(replica);
            Rest rest = new Rest(null, null);

            cluster.execute(primary, "ALTER ROLE replicator NOREPLICATION");
            cluster.execute(primary, "SELECT pg_terminate_backend(pid) FROM pg_stat_replication");
            await().atMost(TestTime.seconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> !streamingInKey(cluster, name));
            cluster.execute(primary, "ALTER ROLE replicator REPLICATION");
            await().atMost(TestTime.seconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> "streaming".equals(cluster.queryText(replica,
                            "SELECT status FROM pg_stat_wal_receiver")));
            long streaming = System.nanoTime();

            await().atMost(WELL_BEFORE_LOOP_WAIT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> streamingInKey(cluster, name));
            double key = (System.nanoTime() - streaming) / 1e9;
            await().atMost(WELL_BEFORE_LOOP_WAIT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> rest.status(cluster.restPorts[replica], "GET", "/replica") == 200);
            double health = (System.nanoTime() - streaming) / 1e9;
            System.out.printf("FRESH member key streaming %.1f s, GET /replica 200 %.1f s after PostgreSQL streamed%n",
                    key, health);
        }
    }

    private static boolean streamingInKey(ClusterFixture cluster, String name) {
        Member m = cluster.view().member(name).orElse(null);
        return m != null && "running".equals(m.state()) && "streaming".equals(m.replicationState());
    }
}
