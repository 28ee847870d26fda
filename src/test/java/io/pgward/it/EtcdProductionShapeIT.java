package io.pgward.it;

import io.pgward.ha.ClusterView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The etcd the reference deployment runs: three members, authentication on. While a majority of members is healthy
 * the cluster must not notice a member's faults: no leader change, no write gap over 2 s, never two writers.
 */
class EtcdProductionShapeIT {

    private static final long MAX_WRITE_GAP_MS = 2000;
    private ClusterFixture cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void frozenFirstEtcdMemberCausesNoWriteGapAndNoLeaderChange() throws Exception {
        cluster = new ClusterFixture(3).withEtcdCluster(3);
        cluster.startEtcd().startAll();
        cluster.createAckedTable();
        Before before = Before.of(cluster);
        EtcdServer first = cluster.etcdCluster.members.get(0);
        withoutOutage(before, writer -> {
            Signals.send("STOP", first.pid());
            try {
                EtcdServer.sleep(40_000);
            } finally {
                Signals.send("CONT", first.pid());
            }
        });
    }

    @Test
    void authenticatedEtcdRestartedMemberByMemberThenAllAtOnceKeepsThePrimary() throws Exception {
        cluster = new ClusterFixture(3).withEtcdCluster(3);
        cluster.ttl = 30;
        cluster.retryTimeout = 10;
        startWithEtcdAuth();
        Before before = Before.of(cluster);
        withoutOutage(before, writer -> {
            for (int i = 0; i < cluster.etcdCluster.members.size(); i++) {
                cluster.etcdCluster.restart(i);    // forgets every simple token it issued
                EtcdServer.sleep(3000);
                awaitWrites(writer);
            }
            cluster.etcdCluster.restartAll();
            EtcdServer.sleep(3000);
        });
        for (int i = 0; i < cluster.nodes; i++) {
            assertThat(cluster.agents.get(cluster.name(i)).alive()).as("agent " + cluster.name(i) + " still runs").isTrue();
        }
        assertThat(cluster.log(before.primary)).contains("invalid auth token").doesNotContain("stepping down");
    }

    @Test
    void shortLivedJwtAuthTokensAreRenewedWithoutAnyOutage() throws Exception {
        cluster = new ClusterFixture(3).withEtcdCluster(3);
        java.nio.file.Path key = cluster.dir.resolve("jwt.key");
        java.nio.file.Path pub = cluster.dir.resolve("jwt.pub");
        run("openssl", "genrsa", "-out", key.toString(), "2048");
        run("openssl", "rsa", "-in", key.toString(), "-pubout", "-out", pub.toString());
        List<String> jwt = List.of("--auth-token", "jwt,pub-key=" + pub + ",priv-key=" + key + ",sign-method=RS256,ttl=1m");
        cluster.etcdCluster.members.forEach(m -> m.extraArgs = jwt);
        startWithEtcdAuth();
        Before before = Before.of(cluster);
        withoutOutage(before, writer -> EtcdServer.sleep(80_000));    // every token issued at the start expires

        assertThat(cluster.log(before.primary)).contains("authenticating again");
    }

    /** etcd with authentication on (the agents' user may use /service/ only), then the agents, as etcd user pgward. */
    private void startWithEtcdAuth() throws Exception {
        cluster.startEtcd();
        cluster.etcdCluster.enableAuth("pgward", "pgward-secret", "/service/");
        cluster.etcdExtra = "  username: pgward\n  password: pgward-secret\n";
        cluster.startAll();
        cluster.createAckedTable();
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    }

    /** What a test does to etcd while a writer and a probe run. */
    private interface Fault {
        void inject(AckWriter writer) throws Exception;
    }

    /**
     * Runs {@code fault} under load and checks that it was not felt: never two writers, no write gap over
     * {@link #MAX_WRITE_GAP_MS}, and the same primary (leader, timeline history, postmaster) afterwards.
     */
    private void withoutOutage(Before before, Fault fault) throws Exception {
        try (WriterProbe probe = new WriterProbe(cluster); AckWriter writer = new AckWriter(cluster, 1)) {
            awaitWrites(writer);
            fault.inject(writer);
            awaitWrites(writer);
            writer.close();
            probe.close();
            assertThat(probe.violations()).as("instants at which two nodes accepted writes").isEmpty();
            assertThat(writer.longestGapMillis()).as("longest time without an acknowledged write")
                    .isLessThanOrEqualTo(MAX_WRITE_GAP_MS);
        }
        before.assertSamePrimary(cluster);
    }

    private static void awaitWrites(AckWriter writer) {
        int now = writer.acknowledged().size();
        await().atMost(TestTime.seconds(30)).until(() -> writer.acknowledged().size() > now + 10);
    }

    /** The primary, its postmaster and the timeline history before a fault, to compare with after it. */
    private record Before(int primary, Optional<ProcessHandle> postmaster, int historyEntries) {
        static Before of(ClusterFixture cluster) {
            ClusterView v = cluster.view();
            int primary = cluster.index(v.leader());
            return new Before(primary, cluster.postmaster(primary), v.history().size());
        }

        void assertSamePrimary(ClusterFixture cluster) {
            cluster.awaitHealthy(TestTime.seconds(60));
            ClusterView v = cluster.view();
            assertThat(v.leader()).as("the leader").isEqualTo(cluster.name(primary));
            assertThat(v.history()).as("timeline history (a new entry means a failover)").hasSize(historyEntries);
            assertThat(cluster.postmaster(primary).map(ProcessHandle::pid))
                    .as("the primary's postmaster (a new one means it was restarted or demoted)")
                    .isEqualTo(postmaster.map(ProcessHandle::pid));
        }
    }
}
