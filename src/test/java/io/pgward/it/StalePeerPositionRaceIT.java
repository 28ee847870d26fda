package io.pgward.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hazard: after the primary's agent is stopped (SIGTERM, a clean shutdown that releases the leader key), the
 * replicas race for the key comparing their own WAL position with what their peers' {@code GET /patroni} reports.
 * If a peer answers from an observation older than its WAL, a replica that missed acknowledged writes (cut from the
 * primary) sees a tie, wins on failover_priority, and the writes its peer had are rewound away.
 * Set up so that the lagging replica has the higher failover_priority: only a fresh position keeps it from racing.
 */
class StalePeerPositionRaceIT {

    private NetLab lab;
    private ClusterFixture cluster;

    @AfterEach
    void stop() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    @Test
    void aReplicaThatMissedAcknowledgedWritesNeverWinsTheRaceAfterAStopOfThePrimaryAgent() throws Exception {
        Assumptions.assumeTrue(NetLab.available(), "network namespaces need root and iproute2");
        lab = new NetLab(3);
        cluster = new ClusterFixture(3, lab);
        for (int i = 0; i < 3; i++) {
            cluster.tags.put(i, "tags:\n  failover_priority: " + (i + 1) + "\n");
        }
        int primary = startCluster();
        List<Integer> replicas = List.of((primary + 1) % 3, (primary + 2) % 3);
        int lagging = Math.max(replicas.get(0), replicas.get(1));    // the higher failover_priority
        cutFromPrimaryThenWriteFiftyRows(primary, lagging, Math.min(replicas.get(0), replicas.get(1)));

        cluster.agents.get(cluster.name(primary)).terminate(TestTime.seconds(90));
        assertTheNewLeaderHasTheFiftyRows(primary, lagging);
    }

    /**
     * Hazard: the up-to-date replica's agent does not answer (frozen, overloaded) when the primary's agent stops, so
     * the lagging replica cannot see a peer ahead of it and, its lag being under maximum_lag_on_failover, takes the
     * key and the writes only its peer had are lost. The stopping primary asks its replicas' PostgreSQL directly
     * which one has its whole WAL and hands over to such a one, as a switchover does.
     */
    @Test
    void aLaggingReplicaDoesNotTakeOverWhileTheUpToDateOnesAgentIsUnresponsive() throws Exception {
        Assumptions.assumeTrue(NetLab.available(), "network namespaces need root and iproute2");
        lab = new NetLab(3);
        cluster = new ClusterFixture(3, lab);
        int primary = startCluster();
        int upToDate = (primary + 1) % 3;
        int lagging = (primary + 2) % 3;
        cutFromPrimaryThenWriteFiftyRows(primary, lagging, upToDate);

        long frozen = cluster.agents.get(cluster.name(upToDate)).pid();
        Signals.send("STOP", frozen);
        try {
            cluster.agents.get(cluster.name(primary)).terminate(TestTime.seconds(90));
            // the lagging replica's next cycles run while its peer's agent is silent
            Thread.sleep(TestTime.seconds(8).toMillis());
        } finally {
            Signals.send("CONT", frozen);
        }
        assertTheNewLeaderHasTheFiftyRows(primary, lagging);
    }

    /** Starts the cluster (Patroni's default timings) and returns the primary. */
    private int startCluster() throws Exception {
        cluster.ttl = 30;
        cluster.loopWait = 10;
        cluster.retryTimeout = 10;
        cluster.startEtcd().startAll();
        return cluster.createAckedTable();
    }

    private void cutFromPrimaryThenWriteFiftyRows(int primary, int lagging, int upToDate) throws Exception {
        // reset, not dropped: the primary's walsender ends at once, so its shutdown is not held back
        lab.refuse(lagging, lab.nodeAddress(primary), cluster.pgPorts[primary]);
        try (Connection c = cluster.connect(primary); Statement s = c.createStatement()) {
            for (int id = 1; id <= 50; id++) {
                s.execute("INSERT INTO acked VALUES (" + id + ", 'acknowledged')");
            }
        }
        await("the up-to-date replica has the 50 rows").atMost(TestTime.seconds(30)).ignoreExceptions()
                .until(() -> "50".equals(cluster.queryText(upToDate, "SELECT count(*) FROM acked")));
    }

    private void assertTheNewLeaderHasTheFiftyRows(int primary, int lagging) throws Exception {
        await("a new leader").atMost(TestTime.seconds(90)).ignoreExceptions()
                .until(() -> cluster.leaderIsNot(cluster.name(primary)));
        lab.heal();
        int leader = cluster.index(cluster.view().leader());
        await("the new leader accepts writes").atMost(TestTime.seconds(60)).ignoreExceptions()
                .until(() -> "f".equals(cluster.queryText(leader, "SELECT pg_is_in_recovery()")));
        assertThat(cluster.queryText(leader, "SELECT count(*) FROM acked"))
                .as("acknowledged rows on the new leader " + cluster.name(leader) + " (the lagging replica was "
                        + cluster.name(lagging) + ")").isEqualTo("50");
    }
}
