package io.pgward.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The operator CLI against a real cluster: list, edit-config, restart --pending, switchover, pause, remove. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliIT {

    private ClusterFixture cluster;
    private String config;

    @BeforeAll
    void bootstrap() throws Exception {
        cluster = new ClusterFixture(3).startEtcd().startAll();
        cluster.awaitHealthy(TestTime.seconds(120));
        config = cluster.configFile(0).toString();
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }


    @Test
    @Order(1)
    void listShowsTheLeaderAndTwoStreamingReplicas() throws Exception {
        Cli.Result r = Cli.run(null, "list", "-c", config);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("Leader").contains("streaming").contains("n1").contains("n2").contains("n3");
        Cli.Result json = Cli.run(null, "list", "-c", config, "-f", "json");
        assertThat(json.output()).contains("\"Member\"");
    }

    @Test
    @Order(2)
    void editConfigPgParameterReachesAllNodes() throws Exception {
        Cli.Result r = Cli.run(null, "edit-config", "-c", config, "--pg", "work_mem=9MB", "--force");
        assertThat(r.exit()).as(r.output()).isZero();
        for (int i = 0; i < 3; i++) {
            int node = i;
            await().ignoreExceptions().atMost(TestTime.seconds(20))
                    .untilAsserted(() -> assertThat(cluster.show(node, "work_mem")).isEqualTo("9MB"));
        }
        Cli.Result shown = Cli.run(null, "show-config", "-c", config);
        assertThat(shown.output()).contains("work_mem: 9MB");
    }

    @Test
    @Order(3)
    void editConfigThatBreaksTheTimingRuleIsRefused() throws Exception {
        Cli.Result r = Cli.run(null, "edit-config", "-c", config, "--set", "loop_wait=30", "--force");
        assertThat(r.exit()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("loop_wait");
        assertThat(cluster.view().config().loopWait()).isEqualTo(2);
    }

    @Test
    @Order(4)
    void maxConnectionsIsPendingUntilRestartPending() throws Exception {
        Cli.Result r = Cli.run(null, "edit-config", "-c", config, "--pg", "max_connections=120", "--force");
        assertThat(r.exit()).as(r.output()).isZero();
        await().atMost(TestTime.seconds(20)).until(() -> Cli.run(null, "list", "-c", config, "-f", "json").output()
                .contains("Pending restart"));
        Cli.Result restart = Cli.run(null, "restart", "-c", config, "--pending", "--force");
        assertThat(restart.exit()).as(restart.output()).isZero();
        for (int i = 0; i < 3; i++) {
            int node = i;
            await().ignoreExceptions().atMost(TestTime.seconds(60))
                    .untilAsserted(() -> assertThat(cluster.show(node, "max_connections")).isEqualTo("120"));
        }
    }

    @Test
    @Order(5)
    void switchoverToANamedCandidate() throws Exception {
        cluster.awaitHealthy(TestTime.seconds(60));
        String old = cluster.view().leader();
        String candidate = old.equals("n2") ? "n3" : "n2";
        Cli.Result r = Cli.run(null, "switchover", "-c", config, "--candidate", candidate, "--force");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(cluster.view().leader()).isEqualTo(candidate);
        cluster.awaitHealthy(TestTime.seconds(60));
        Cli.Result history = Cli.run(null, "history", "-c", config);
        assertThat(history.output()).contains(candidate);
    }

    @Test
    @Order(6)
    void pauseAndResume() throws Exception {
        Cli.Result paused = Cli.run(null, "pause", "-c", config, "--wait");
        assertThat(paused.exit()).as(paused.output()).isZero();
        assertThat(cluster.view().config().pause()).isTrue();
        assertThat(Cli.run(null, "list", "-c", config).output()).contains("Maintenance mode");
        Cli.Result resumed = Cli.run(null, "resume", "-c", config, "--wait");
        assertThat(resumed.exit()).as(resumed.output()).isZero();
        assertThat(cluster.view().config().pause()).isFalse();
    }

    @Test
    @Order(6)
    void scheduledRestartCanBeFlushed() throws Exception {
        String leader = cluster.awaitHealthy(TestTime.seconds(60));
        String replica = leader.equals("n2") ? "n3" : "n2";
        String later = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plusHours(2).withNano(0).toString();
        Cli.Result scheduled = Cli.run(null, "restart", "-c", config, replica, "--scheduled", later, "--force");
        assertThat(scheduled.exit()).as(scheduled.output()).isZero();
        Cli.Result flushed = Cli.run(null, "flush", "-c", config, "restart");
        assertThat(flushed.exit()).as(flushed.output()).isZero();
        assertThat(flushed.output()).contains("Success: flush scheduled restart on member " + replica)
                .contains("No scheduled restart for member " + leader);
        Cli.Result again = Cli.run(null, "flush", "-c", config, "restart", replica);
        assertThat(again.output()).contains("No scheduled restart for member " + replica);
    }

    @Test
    @Order(7)
    void removeAsksForTheClusterNameThePhraseAndTheLeader() throws Exception {
        Cli.Result wrongName = Cli.run("nope\n", "remove", "-c", config, "it");
        assertThat(wrongName.exit()).isNotZero();
        assertThat(cluster.view().initialize()).isNotNull();
        String leader = cluster.view().leader();
        for (var agent : cluster.agents.values()) {
            agent.terminate(TestTime.seconds(60));
        }
        Cli.Result removed = Cli.run("it\nYes I am aware\n" + (leader == null ? "" : leader + "\n"),
                "remove", "-c", config, "it");
        assertThat(removed.exit()).as(removed.output()).isZero();
        assertThat(cluster.etcd.client().getPrefix("/service/it/").kvs()).isEmpty();
    }
}
