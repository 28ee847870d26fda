package io.pgward.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgward.dcs.WireFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code pgward why} against a real cluster, as an operator runs it: all is well, then paused, then who took over in a
 * switchover and why, then no leader because the only member left is tagged nofailover, and without etcd — each time
 * naming the blocker and the next step.
 */
class WhyIT {

    private ClusterFixture cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Cli.Result why(String... extra) throws Exception {
        String[] args = new String[3 + extra.length];
        args[0] = "why";
        args[1] = "-c";
        args[2] = cluster.configFile(2).toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        return Cli.run(null, args);
    }

    @Test
    void whyNamesThePauseTheLastSwitchoverAndTheNofailoverTagThatLeavesTheClusterWithoutALeader() throws Exception {
        cluster = new ClusterFixture(3);
        cluster.tags.put(2, "tags:\n  nofailover: true\n");
        cluster.startEtcd().startAll();
        String leader = cluster.awaitHealthy(TestTime.seconds(120));
        assertThat(leader).isNotEqualTo("n3");

        await().atMost(TestTime.seconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Cli.Result healthy = why();
            assertThat(healthy.exit()).as(healthy.output()).isZero();
            assertThat(healthy.output()).as(healthy.output()).contains("Cluster it: all is well")
                    .contains("OK cluster: all is well: " + leader + " runs as primary on timeline 1")
                    .contains("s left)");
        });

        Cli.Result pause = Cli.run(null, "pause", "-c", cluster.configFile(0).toString(), "--wait");
        assertThat(pause.exit()).as(pause.output()).isZero();
        Cli.Result paused = why();
        assertThat(paused.exit()).as(paused.output()).isZero();
        assertThat(paused.output()).contains("WARNING cluster: maintenance mode is on (paused)")
                .contains("next: when the maintenance is over: pgward resume");
        Cli.Result resume = Cli.run(null, "resume", "-c", cluster.configFile(0).toString(), "--wait");
        assertThat(resume.exit()).as(resume.output()).isZero();

        // A switchover to the other node that may lead: why says who took over and quotes the winner's decision.
        String target = leader.equals("n1") ? "n2" : "n1";
        Rest.Response switched = new Rest(null, null).call(cluster.restPorts[cluster.index(leader)], "POST",
                "/switchover", "{\"leader\":\"" + leader + "\",\"candidate\":\"" + target + "\"}");
        assertThat(switched.status()).as(switched.body()).isEqualTo(200);
        await().atMost(TestTime.seconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Cli.Result last = why();
            assertThat(last.output()).as(last.output()).contains("INFO last failover: timeline 1 ended")
                    .contains("and " + target + " took over")
                    .contains("because " + target + "'s decision (").contains("manual failover to me: taking the leader key");
        });

        // Stop the old leader's agent, then the new leader's: only n3 is left, and it may not take over.
        String other = leader;
        String newLeader = target;
        assertThat(cluster.agents.get(other).terminate(TestTime.seconds(60))).isZero();
        assertThat(cluster.agents.get(newLeader).terminate(TestTime.seconds(60))).isZero();
        await().atMost(TestTime.seconds(30)).until(() -> cluster.view().leader() == null);

        await().atMost(TestTime.seconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Cli.Result none = why();
            assertThat(none.exit()).as(none.output()).isEqualTo(1);
            assertThat(none.output()).as(none.output())
                    .contains("CRITICAL cluster: there is no leader and no member may take over: n3 is tagged nofailover")
                    .contains("next: remove the nofailover tag").contains("pgward reload n3")
                    .contains("because n3's last decision (")
                    .contains("the cluster has no leader but I am tagged nofailover: not racing");
        });
        Cli.Result json = why("-f", "json");
        JsonNode j = WireFormat.JSON.readTree(json.output());
        assertThat(j.path("healthy").asBoolean()).isFalse();
        assertThat(j.path("leader").isNull()).isTrue();
        assertThat(j.path("findings").get(0).path("severity").asText()).isEqualTo("critical");
        assertThat(j.path("etcd").get(0).path("ok").asBoolean()).isTrue();
    }

    @Test
    void withEtcdStoppedWhyNamesTheEndpointAndWhatThePrimaryDoes() throws Exception {
        cluster = new ClusterFixture(1);
        cluster.startEtcd().startAll();
        cluster.awaitHealthy(TestTime.seconds(90));
        cluster.etcd.stop();
        await().atMost(TestTime.seconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Cli.Result r = Cli.run(null, "why", "-c", cluster.configFile(0).toString());
            assertThat(r.exit()).as(r.output()).isEqualTo(1);
            assertThat(r.output()).as(r.output()).contains("CRITICAL etcd: no etcd member answers (http://"
                    + cluster.etcd.host + ":" + cluster.etcd.clientPort + ": ").contains("the primary steps down to read-only")
                    .contains("INFO n1: its agent answers: PostgreSQL is running as replica")
                    .contains("because n1's last decision (").contains("etcd is unreachable");
        });
    }
}
