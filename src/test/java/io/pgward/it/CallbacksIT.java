package io.pgward.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Patroni's postgresql.callbacks: each event runs {@code <command> <action> <role> <scope>} as the postgres user;
 * a switchover gives the old primary on_stop then on_role_change replica, the new one on_role_change master; a
 * restart gives one on_restart.
 */
class CallbacksIT {

    @Test
    void callbacksFollowStartsSwitchoverAndRestart() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(2)) {
            Files.setPosixFilePermissions(cluster.dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            StringBuilder extra = new StringBuilder("  callbacks:\n");
            for (String action : List.of("on_start", "on_stop", "on_restart", "on_role_change")) {
                extra.append("    ").append(action).append(": CALLBACK_SCRIPT\n");
            }
            cluster.postgresqlExtra = extra.toString();
            cluster.startEtcd().writeConfigs();
            for (int i = 0; i < 2; i++) {
                Path script = cluster.dir.resolve("callback-" + cluster.name(i) + ".sh");
                Files.writeString(script, "#!/bin/sh\necho \"$(id -un) $*\" >> " + cluster.dir + "/callbacks-"
                        + cluster.name(i) + ".log\n");
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
                Path yml = cluster.configFile(i);
                Files.writeString(yml, Files.readString(yml).replace("CALLBACK_SCRIPT", script.toString()));
            }
            String leader = startWithoutRewritingConfigs(cluster);
            String replica = leader.equals("n1") ? "n2" : "n1";
            await().atMost(TestTime.seconds(30)).until(() -> lines(cluster, leader).contains("postgres on_start master it")
                    && lines(cluster, replica).contains("postgres on_start replica it"));

            Rest rest = new Rest(null, null);
            Rest.Response r = rest.call(cluster.restPorts[cluster.index(leader)], "POST", "/switchover",
                    "{\"leader\":\"" + leader + "\",\"candidate\":\"" + replica + "\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            cluster.awaitHealthy(TestTime.seconds(60));
            await().atMost(TestTime.seconds(30)).until(() -> lines(cluster, replica).contains("postgres on_role_change master it")
                    && lines(cluster, leader).contains("postgres on_role_change replica it"));
            assertThat(lines(cluster, leader)).contains("postgres on_stop master it");

            Rest.Response restart = rest.call(cluster.restPorts[cluster.index(leader)], "POST", "/restart", "{}");
            assertThat(restart.status()).as(restart.body()).isEqualTo(200);
            await().atMost(TestTime.seconds(30)).until(() -> lines(cluster, leader).endsWith("postgres on_restart replica it\n"));
        }
    }

    private static String startWithoutRewritingConfigs(ClusterFixture cluster) {
        for (int i = 0; i < cluster.nodes; i++) {
            cluster.startAgent(i);
        }
        return cluster.awaitHealthy(TestTime.seconds(120));
    }

    private static String lines(ClusterFixture cluster, String node) throws Exception {
        Path log = cluster.dir.resolve("callbacks-" + node + ".log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Test
    void prePromoteCanRefuseAPromotionAndBeforeStopRunsBeforeAPlannedStop() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(2)) {
            Files.setPosixFilePermissions(cluster.dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path refusedOnce = cluster.dir.resolve("refused-once");
            Path prePromote = cluster.dir.resolve("pre_promote.sh");
            Files.writeString(prePromote, "#!/bin/sh\nif [ -e " + refusedOnce + " ]; then exit 0; fi\ntouch "
                    + refusedOnce + "\nexit 1\n");
            Path beforeStop = cluster.dir.resolve("before_stop.sh");
            Files.writeString(beforeStop, "#!/bin/sh\necho \"before_stop by $(id -un)\" >> " + cluster.dir
                    + "/before-stop.log\n");
            for (Path p : List.of(prePromote, beforeStop)) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            cluster.postgresqlExtra = "  pre_promote: " + prePromote + "\n  before_stop: " + beforeStop + "\n";
            cluster.startEtcd().writeConfigs();
            cluster.startAgent(0);
            assertThat(cluster.awaitHealthy(TestTime.seconds(120))).isEqualTo("n1");
            cluster.startAgent(1);
            cluster.awaitHealthy(TestTime.seconds(120));

            cluster.agents.get("n1").terminate(TestTime.seconds(60));
            await().atMost(TestTime.seconds(30)).until(() -> Files.exists(cluster.dir.resolve("before-stop.log")));
            assertThat(Files.readString(cluster.dir.resolve("before-stop.log"))).contains("before_stop by postgres");

            await().atMost(TestTime.seconds(60)).ignoreExceptions().until(() -> "n2".equals(cluster.view().leader())
                    && cluster.view().member("n2").orElseThrow().isPrimaryRole());
            assertThat(cluster.log(1)).contains("pre_promote script exited with 1: not promoting")
                    .contains("pre_promote script succeeded");
        }
    }
}
