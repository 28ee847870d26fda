package io.pgward.it;

import io.pgward.ha.Member;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * With a long loop_wait (10 s), a replica whose PostgreSQL crashed and was restarted by its agent shows as running
 * and streaming in its member key (what /cluster and pgward list read) and answers GET /replica with 200 within a
 * few seconds of its PostgreSQL streaming again, not at the next loop_wait: the sleeping loop notices the local
 * change itself.
 */
class FreshStatusIT {

    private static final Duration WELL_BEFORE_LOOP_WAIT = TestTime.seconds(5);

    @Test
    void aRestartedReplicaShowsAsStreamingWellBeforeLoopWait() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(2)) {
            cluster.ttl = 30;
            cluster.loopWait = 10;
            cluster.retryTimeout = 10;
            cluster.startEtcd().startAll();
            int replica = 1 - cluster.index(cluster.awaitHealthy(TestTime.seconds(120)));
            String name = cluster.name(replica);
            Rest rest = new Rest(null, null);

            cluster.killPostgres(replica);
            await().atMost(TestTime.seconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> !streamingInKey(cluster, name));
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
