package io.pgward.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pause holds, as in Patroni: while the cluster is paused nothing stops or demotes the primary on the agents' own
 * initiative — not an etcd outage longer than the lease, not a restart of the leader's agent.
 */
class PauseIT {

    private ClusterFixture cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private int startPaused() throws Exception {
        cluster = new ClusterFixture(2);
        cluster.startEtcd().startAll();
        int leader = cluster.createAckedTable();
        setPause(leader, true);
        await().atMost(TestTime.seconds(30)).until(() -> cluster.view().config().pause());
        Thread.sleep(3 * cluster.loopWait * 1000L);    // every agent has seen the pause (and disarmed its fence)
        return leader;
    }

    private void setPause(int node, boolean pause) throws Exception {
        Rest.Response r = new Rest(null, null).call(cluster.hosts[node], cluster.restPorts[node], "PATCH", "/config",
                "{\"pause\":" + pause + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private void write(int node, long id) throws Exception {
        try (Connection c = cluster.connect(node); Statement s = c.createStatement()) {
            s.execute("INSERT INTO acked VALUES (" + id + ", 'paused')");
        }
    }

    @Test
    void pausedPrimaryKeepsTakingWritesThroughAnEtcdOutageLongerThanItsLease() throws Exception {
        int leader = startPaused();
        long postmaster = cluster.postmaster(leader).orElseThrow().pid();
        cluster.etcd.stop();
        try {
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();    // three times the 20 s lease
            for (long id = 1; System.nanoTime() < end; id++) {
                write(leader, id);
                Thread.sleep(2000);
            }
        } finally {
            cluster.etcd.start();
        }
        assertThat(cluster.postmaster(leader).orElseThrow().pid()).as("PostgreSQL was not restarted").isEqualTo(postmaster);
        await().ignoreExceptions().atMost(TestTime.seconds(30))
                .until(() -> cluster.name(leader).equals(cluster.view().leader()));
        assertThat(cluster.log(leader)).doesNotContain("stopped PostgreSQL").doesNotContain("pgward fence:");
        setPause(leader, false);
        assertThat(cluster.awaitHealthy(TestTime.seconds(60))).isEqualTo(cluster.name(leader));
    }

    @Test
    void restartingTheLeadersAgentWhilePausedKeepsTheLeaderAndItsPostgres() throws Exception {
        int leader = startPaused();
        long postmaster = cluster.postmaster(leader).orElseThrow().pid();
        cluster.agents.get(cluster.name(leader)).terminate(Duration.ofSeconds(30));
        assertThat(cluster.view().leader()).as("the leader key is left to its lease").isEqualTo(cluster.name(leader));
        write(leader, 1);
        cluster.startAgent(leader);
        await().ignoreExceptions().atMost(TestTime.seconds(30)).until(() ->
                new Rest(null, null).status(cluster.restPorts[leader], "GET", "/primary") == 200);
        Thread.sleep(cluster.ttl * 1000L);    // past the old agent's lease: the new one holds the key itself
        assertThat(cluster.view().leader()).isEqualTo(cluster.name(leader));
        assertThat(new Rest(null, null).status(cluster.restPorts[leader], "GET", "/primary")).isEqualTo(200);
        assertThat(cluster.postmaster(leader).orElseThrow().pid()).as("PostgreSQL was not restarted").isEqualTo(postmaster);
        write(leader, 2);
        setPause(leader, false);
        assertThat(cluster.awaitHealthy(TestTime.seconds(60))).isEqualTo(cluster.name(leader));
    }
}
