package io.pgward.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Patroni's own operator tool against a pgward cluster: patronictl reads the etcd keys itself and calls the REST
 * API, so this checks the key layout and the endpoints as Patroni's code understands them. Needs Debian's
 * {@code patroni} package (the test command installs it); skipped without it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatronictlIT {

    private static final Path PATRONICTL = Path.of("/usr/bin/patronictl");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClusterFixture cluster;
    private String config;

    record Result(int exit, String output) {}

    @BeforeAll
    void bootstrap() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PATRONICTL), "Debian's patroni package is not installed");
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

    private Result patronictl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PATRONICTL.toString(), "-c", config));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HOME", cluster.dir.toString());    // patronictl may keep a state file in $HOME
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(TestTime.seconds(180).toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("patronictl " + String.join(" ", args) + " did not finish:\n" + out);
        }
        return new Result(p.exitValue(), out);
    }

    private JsonNode members() throws Exception {
        Result r = patronictl("list", "-f", "json");
        assertThat(r.exit()).as(r.output()).isZero();
        return JSON.readTree(r.output());
    }

    @Test
    @Order(1)
    void listShowsWhatPgwardKnows() throws Exception {
        JsonNode list = members();
        assertThat(list).hasSize(3);
        String leader = cluster.view().leader();
        for (JsonNode m : list) {
            assertThat(m.path("Cluster").asText()).isEqualTo(cluster.scope);
            if (m.path("Member").asText().equals(leader)) {
                assertThat(m.path("Role").asText()).isEqualTo("Leader");
                assertThat(m.path("State").asText()).isEqualTo("running");
            } else {
                assertThat(m.path("Role").asText()).isEqualTo("Replica");
                assertThat(m.path("State").asText()).isIn("streaming", "running");
                assertThat(m.path("Lag in MB").asLong()).isZero();
            }
            assertThat(m.path("TL").asInt()).isEqualTo(1);
        }
        Result topology = patronictl("topology");
        for (JsonNode m : list) {
            String name = m.path("Member").asText();
            assertThat(topology.output()).contains(name.equals(leader) ? "| " + name + " " : "| + " + name + " ");
        }
    }

    @Test
    @Order(2)
    void editConfigWritesEtcdAndShowConfigReadsIt() throws Exception {
        Result r = patronictl("edit-config", "--set", "loop_wait=5", "--pg", "work_mem=7MB", "--force");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(cluster.view().config().loopWait()).isEqualTo(5);
        for (int i = 0; i < 3; i++) {
            int node = i;
            await().ignoreExceptions().atMost(TestTime.seconds(30))
                    .untilAsserted(() -> assertThat(cluster.show(node, "work_mem")).isEqualTo("7MB"));
        }
        assertThat(patronictl("show-config").output()).contains("loop_wait: 5").contains("work_mem: 7MB");
    }

    @Test
    @Order(3)
    void switchoverThroughPatronictl() throws Exception {
        String old = cluster.view().leader();
        String candidate = old.equals("n2") ? "n3" : "n2";
        Result r = patronictl("switchover", "--leader", old, "--candidate", candidate, "--force");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("Successfully switched over to \"" + candidate + "\"");
        assertThat(cluster.view().leader()).isEqualTo(candidate);
        cluster.awaitHealthy(TestTime.seconds(90));
        Result history = patronictl("history", "-f", "json");
        assertThat(history.exit()).as(history.output()).isZero();
        JsonNode rows = JSON.readTree(history.output());
        assertThat(rows).isNotEmpty();
        assertThat(rows.get(0).path("TL").asInt()).isEqualTo(1);
        assertThat(rows.get(0).path("New Leader").asText()).isEqualTo(candidate);
    }

    @Test
    @Order(4)
    void failoverToANamedCandidate() throws Exception {
        cluster.awaitHealthy(TestTime.seconds(90));
        String old = cluster.view().leader();
        String candidate = old.equals("n1") ? "n3" : "n1";
        Result r = patronictl("failover", "--candidate", candidate, "--force");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("Successfully failed over to \"" + candidate + "\"");
        assertThat(cluster.view().leader()).isEqualTo(candidate);
        cluster.awaitHealthy(TestTime.seconds(90));
    }

    @Test
    @Order(5)
    void restartAndReinitOfAReplica() throws Exception {
        String leader = cluster.awaitHealthy(TestTime.seconds(90));
        String replica = leader.equals("n2") ? "n3" : "n2";
        Result restart = patronictl("restart", cluster.scope, replica, "--force");
        assertThat(restart.exit()).as(restart.output()).isZero();
        assertThat(restart.output()).contains("Success: restart on member " + replica);
        Result reinit = patronictl("reinit", cluster.scope, replica, "--force", "--wait");
        assertThat(reinit.exit()).as(reinit.output()).isZero();
        assertThat(reinit.output()).contains("Success: reinitialize for member " + replica)
                .contains("Reinitialize is completed on: " + replica);
        cluster.awaitHealthy(TestTime.seconds(120));
    }

    @Test
    @Order(6)
    void pauseAndResumeWait() throws Exception {
        Result pause = patronictl("pause", "--wait");
        assertThat(pause.exit()).as(pause.output()).isZero();
        assertThat(cluster.view().config().pause()).isTrue();
        assertThat(patronictl("list").output()).contains("Maintenance mode: on");
        Result resume = patronictl("resume", "--wait");
        assertThat(resume.exit()).as(resume.output()).isZero();
        assertThat(cluster.view().config().pause()).isFalse();
    }

    @Test
    @Order(7)
    void scheduledRestartIsShownFlushedAndRunOnTime() throws Exception {
        String leader = cluster.awaitHealthy(TestTime.seconds(90));
        String replica = leader.equals("n2") ? "n3" : "n2";
        String later = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).withNano(0).toString();
        Result scheduled = patronictl("restart", cluster.scope, replica, "--scheduled", later, "--force");
        assertThat(scheduled.output()).contains("Success: restart scheduled on member " + replica);
        await().atMost(TestTime.seconds(20)).until(() -> scheduledRestartOf(replica) != null);

        Result flush = patronictl("flush", cluster.scope, replica, "restart", "--force");
        assertThat(flush.output()).contains("Success: flush scheduled restart for member " + replica);
        await().atMost(TestTime.seconds(20)).until(() -> scheduledRestartOf(replica) == null);

        int port = cluster.restPorts[cluster.index(replica)];
        String startedBefore = postmasterStart(port);
        String soon = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(4).withNano(0).toString();
        assertThat(patronictl("restart", cluster.scope, replica, "--scheduled", soon, "--force").output())
                .contains("Success: restart scheduled on member " + replica);
        await().atMost(TestTime.seconds(60)).ignoreExceptions()
                .until(() -> !postmasterStart(port).equals(startedBefore));
        assertThat(OffsetDateTime.now()).as("not before its time").isAfter(OffsetDateTime.parse(soon));
        cluster.awaitHealthy(TestTime.seconds(60));
    }

    private String scheduledRestartOf(String member) throws Exception {
        for (JsonNode m : members()) {
            if (m.path("Member").asText().equals(member) && !m.path("Scheduled restart").asText().isEmpty()) {
                return m.path("Scheduled restart").asText();
            }
        }
        return null;
    }

    private static String postmasterStart(int port) throws Exception {
        Rest.Response r = new Rest(null, null).call(port, "GET", "/patroni", null);
        return JSON.readTree(r.body()).path("postmaster_start_time").asText();
    }
}
