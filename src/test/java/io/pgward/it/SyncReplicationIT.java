package io.pgward.it;

import io.pgward.ha.ClusterView;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Synchronous replication: no acknowledged write is lost, strict mode waits, nosync is never chosen. */
class SyncReplicationIT {

    private static ClusterFixture syncCluster(String dcsExtra) throws Exception {
        ClusterFixture cluster = new ClusterFixture(3);
        cluster.dcsExtra = dcsExtra;
        return cluster;
    }

    private static void createTable(ClusterFixture cluster) throws Exception {
        int leader = cluster.index(cluster.awaitHealthy(TestTime.seconds(120)));
        try (Connection c = cluster.connect(leader, 60); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE acked (id bigint PRIMARY KEY, note text)");
        }
    }

    private static void awaitSyncStandby(ClusterFixture cluster) {
        await().ignoreExceptions().atMost(TestTime.seconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            ClusterView v = cluster.view();
            return v.hasLeader() && v.leader().equals(v.sync().leader()) && !v.sync().standbys().isEmpty();
        });
    }

    @Test
    void repeatedHardKillsOfThePrimaryLoseNoAcknowledgedWrite() throws Exception {
        try (ClusterFixture cluster = syncCluster("    synchronous_mode: true\n")) {
            cluster.startEtcd().startAll();
            createTable(cluster);
            try (AckWriter writer = new AckWriter(cluster, 1)) {
                for (int round = 1; round <= 5; round++) {
                    cluster.awaitHealthy(TestTime.seconds(90));
                    awaitSyncStandby(cluster);
                    int before = writer.acknowledged().size();
                    await().atMost(TestTime.seconds(20)).until(() -> writer.acknowledged().size() > before + 20);
                    int old = cluster.index(cluster.view().leader());
                    cluster.agents.get(cluster.name(old)).kill9();
                    cluster.killPostgres(old);
                    await().atMost(TestTime.seconds(60)).pollInterval(Duration.ofMillis(200))
                            .until(() -> cluster.leaderIsNot(cluster.name(old)));
                    int after = writer.acknowledged().size();
                    await().atMost(TestTime.seconds(30)).until(() -> writer.acknowledged().size() > after + 5);
                    cluster.startAgent(old);
                }
                cluster.awaitHealthy(TestTime.seconds(90));
                writer.close();
                Set<Long> acked = writer.acknowledged();
                int leader = cluster.index(cluster.view().leader());
                Set<Long> lost = writer.missingOn(leader);
                System.out.println("acknowledged=" + acked.size() + " lost=" + lost.size());
                assertThat(lost).as("acknowledged writes missing on the final primary").isEmpty();
                for (int i = 0; i < 3; i++) {
                    int node = i;
                    await().ignoreExceptions().atMost(TestTime.seconds(30))
                            .until(() -> writer.missingOn(node).isEmpty());
                }
            }
        }
    }

    // Hazard 7: whether a commit waits at all is decided by a flag PostgreSQL's checkpointer sets when it applies the
    // reload; the agent's own session (SHOW, pg_stat_replication.sync_state) sees the new names before that. With the
    // checkpointer held, a standby was listed in /sync (so promotable with zero loss) while commits did not wait for it.
    @Test
    void aStandbyIsNotListedAsSynchronousBeforeCommitsWaitForIt() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(2)) {
            cluster.dcsExtra = "    synchronous_mode: true\n";
            cluster.startEtcd().startAll();
            int leader = cluster.index(cluster.awaitHealthy(TestTime.seconds(120)));
            int replica = 1 - leader;
            awaitSyncStandby(cluster);
            cluster.agents.get(cluster.name(replica)).kill9();
            cluster.killPostgres(replica);
            await().ignoreExceptions().atMost(TestTime.seconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> cluster.view().sync().standbys().isEmpty());
            Thread.sleep(2000);    // the running checkpointer applies the emptied synchronous_standby_names
            long checkpointer = checkpointerPid(cluster, leader);
            Signals.send("STOP", checkpointer);
            try {
                cluster.startAgent(replica);
                await().ignoreExceptions().atMost(TestTime.seconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> streams(cluster, leader, cluster.name(replica)));
                long end = System.nanoTime() + Duration.ofSeconds(12).toNanos();
                while (System.nanoTime() < end) {
                    assertThat(cluster.view().sync().standbys()).as("listed as synchronous while commits do not wait")
                            .doesNotContain(cluster.name(replica));
                    Thread.sleep(200);
                }
                assertThat(cluster.log(leader)).contains("has not applied the new synchronous_standby_names");
            } finally {
                Signals.send("CONT", checkpointer);
            }
            await().ignoreExceptions().atMost(TestTime.seconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> cluster.view().sync().standbys().contains(cluster.name(replica)));
        }
    }

    private static long checkpointerPid(ClusterFixture cluster, int node) throws Exception {
        try (Connection c = cluster.connect(node); Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static boolean streams(ClusterFixture cluster, int node, String standby) throws Exception {
        try (Connection c = cluster.connect(node); Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"
                     + " AND application_name = '" + standby + "'")) {
            r.next();
            return r.getInt(1) == 1;
        }
    }

    @Test
    void strictModeMakesWritesWaitWithoutStandbysAndCompletesWhenOneReturns() throws Exception {
        try (ClusterFixture cluster = syncCluster("    synchronous_mode: true\n    synchronous_mode_strict: true\n")) {
            cluster.startEtcd().startAll();
            cluster.awaitHealthy(TestTime.seconds(120));
            awaitSyncStandby(cluster);    // strict: commits wait until a synchronous standby is chosen
            createTable(cluster);
            int leader = cluster.index(cluster.view().leader());
            int r1 = (leader + 1) % 3;
            int r2 = (leader + 2) % 3;
            cluster.agents.get(cluster.name(r1)).terminate(TestTime.seconds(60));
            cluster.agents.get(cluster.name(r2)).terminate(TestTime.seconds(60));

            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
                try (Connection c = cluster.connect(leader, 180); Statement s = c.createStatement()) {
                    s.execute("INSERT INTO acked VALUES (42, 'waits for a standby')");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(TestTime.seconds(5).toMillis());
            assertThat(write).as("the commit waits for a synchronous standby").isNotDone();
            assertThat(cluster.view().leader()).isEqualTo(cluster.name(leader));

            cluster.startAgent(r1);
            write.get(TestTime.seconds(60).toMillis(), TimeUnit.MILLISECONDS);
            await().ignoreExceptions().atMost(TestTime.seconds(30)).untilAsserted(() -> {
                try (Connection c = cluster.connect(r1); Statement s = c.createStatement();
                     var rs = s.executeQuery("SELECT count(*) FROM acked WHERE id = 42")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(1);
                }
            });
        }
    }

    @Test
    void nosyncReplicaIsNeverChosenNorPromoted() throws Exception {
        try (ClusterFixture cluster = syncCluster("    synchronous_mode: true\n")) {
            cluster.tags.put(2, "tags:\n  nosync: true\n");
            cluster.startEtcd();
            cluster.writeConfigs();
            cluster.startAgent(0);
            cluster.awaitHealthy(TestTime.seconds(90));
            cluster.startAgent(1);
            cluster.startAgent(2);
            createTable(cluster);
            awaitSyncStandby(cluster);
            for (int k = 0; k < 10; k++) {
                assertThat(cluster.view().sync().standbys()).doesNotContain("n3");
                Thread.sleep(300);
            }
            int old = cluster.index(cluster.view().leader());
            assertThat(old).as("n1 bootstrapped and leads").isZero();
            cluster.agents.get("n1").kill9();
            cluster.killPostgres(0);
            await().atMost(TestTime.seconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> cluster.leaderIsNot("n1"));
            assertThat(cluster.view().leader()).isEqualTo("n2");
            cluster.awaitHealthy(TestTime.seconds(60));
            assertThat(cluster.view().sync().standbys()).doesNotContain("n3");
        }
    }

    @Test
    void switchoverGoesToTheSyncStandbyAndAnAsyncCandidateIsRefusedAtOnce() throws Exception {
        try (ClusterFixture cluster = syncCluster("    synchronous_mode: true\n")) {
            cluster.startEtcd().startAll();
            createTable(cluster);
            awaitSyncStandby(cluster);
            ClusterView v = cluster.view();
            String leader = v.leader();
            String syncStandby = v.sync().standbys().get(0);
            String async = v.members().stream().map(m -> m.name())
                    .filter(n -> !n.equals(leader) && !n.equals(syncStandby)).findFirst().orElseThrow();
            int port = cluster.restPorts[cluster.index(leader)];
            Rest rest = new Rest(null, null);

            long start = System.nanoTime();
            Rest.Response refused = rest.call(port, "POST", "/switchover",
                    "{\"leader\":\"" + leader + "\",\"candidate\":\"" + async + "\"}");
            assertThat(refused.status()).isEqualTo(412);
            assertThat(refused.body()).contains(async + " is not a synchronous standby");
            assertThat(System.nanoTime() - start).as("refused without waiting for a cycle")
                    .isLessThan(TimeUnit.SECONDS.toNanos(5));
            assertThat(cluster.view().failover()).as("nothing written to etcd").isNull();
            assertThat(cluster.view().leader()).isEqualTo(leader);

            Rest.Response done = rest.call(port, "POST", "/switchover", "{\"leader\":\"" + leader + "\"}");
            assertThat(done.status()).as(done.body()).isEqualTo(200);
            assertThat(cluster.view().leader()).as("the synchronous standby took over").isEqualTo(syncStandby);
        }
    }
}
