package io.pgward.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Patroni-compatible REST API of real agents: health checks, auth, bad input, switchover, config, pause. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private ClusterFixture cluster;
    private final Rest admin = new Rest("admin", "admin-secret");
    private final Rest anonymous = new Rest(null, null);
    private final Rest wrong = new Rest("admin", "nope");

    @BeforeAll
    void bootstrap() throws Exception {
        cluster = new ClusterFixture(3);
        cluster.restapiExtra = "\n  authentication:\n    username: admin\n    password: admin-secret";
        cluster.startEtcd().startAll();
        cluster.createAckedTable();
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private int leader() {
        return cluster.index(cluster.view().leader());
    }

    private int port(int node) {
        return cluster.restPorts[node];
    }

    @Test
    @Order(1)
    void unsafeEndpointsNeedTheConfiguredCredentials() throws Exception {
        int p = port(leader());
        String patch = "{\"postgresql\":{\"parameters\":{\"work_mem\":\"5MB\"}}}";
        Rest.Response none = anonymous.call(p, "PATCH", "/config", patch);
        assertThat(none.status()).isEqualTo(401);
        assertThat(JSON.readTree(none.body()).path("error").asText()).isEqualTo("authentication required");
        assertThat(wrong.call(p, "PATCH", "/config", patch).status()).isEqualTo(401);
        assertThat(admin.call(p, "PATCH", "/config", patch).status()).isEqualTo(200);
        assertThat(anonymous.status(p, "GET", "/patroni")).as("GET needs no credentials").isEqualTo(200);
    }

    @Test
    @Order(2)
    void badInputGetsAJsonErrorAndChangesNothing() throws Exception {
        int l = leader();
        int p = port(l);
        String before = JSON.readTree(anonymous.call(p, "GET", "/config", null).body()).toString();
        Rest.Response malformed = admin.call(p, "PATCH", "/config", "{not json");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).path("error").asText()).contains("not a JSON object");
        Rest.Response timing = admin.call(p, "PATCH", "/config", "{\"loop_wait\": 25}");
        assertThat(timing.status()).isEqualTo(400);
        assertThat(JSON.readTree(timing.body()).path("error").asText()).contains("etcd was not changed");
        Rest.Response hba = admin.call(p, "PATCH", "/config", "{\"postgresql\":{\"pg_hba\":{\"a\":\"b\"}}}");
        assertThat(hba.status()).isEqualTo(400);
        assertThat(JSON.readTree(anonymous.call(p, "GET", "/config", null).body()).toString()).isEqualTo(before);

        String me = cluster.name(l);
        assertThat(admin.call(p, "POST", "/switchover", "{\"leader\":\"" + me + "\",\"candidate\":\"" + me + "\"}")
                .status()).isEqualTo(400);
        assertThat(admin.call(p, "POST", "/switchover", "{\"leader\":\"" + me + "\",\"candidate\":\"ghost\"}")
                .status()).isEqualTo(412);
        assertThat(admin.call(p, "POST", "/switchover", "{\"leader\":\"" + me
                + "\",\"scheduled_at\":\"2001-01-01T00:00:00+00:00\"}").status()).isEqualTo(422);
        assertThat(admin.call(p, "DELETE", "/switchover", null).status()).isEqualTo(404);
        assertThat(admin.call(p, "POST", "/reinitialize", "{}").status()).isEqualTo(503);
        assertThat(cluster.view().failover()).as("no failover key was written").isNull();
    }

    @Test
    @Order(3)
    void dynamicConfigReachesEveryNode() throws Exception {
        int p = port(leader());
        assertThat(admin.call(p, "PATCH", "/config", "{\"postgresql\":{\"parameters\":{\"work_mem\":\"7MB\"}}}")
                .status()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            int node = i;
            await().ignoreExceptions().atMost(TestTime.seconds(20))
                    .untilAsserted(() -> assertThat(cluster.show(node, "work_mem")).isEqualTo("7MB"));
        }
    }


    @Test
    @Order(4)
    void restartNeededSettingShowsPendingRestartAndRestartAppliesIt() throws Exception {
        int p = port(leader());
        assertThat(admin.call(p, "PATCH", "/config", "{\"postgresql\":{\"parameters\":{\"max_connections\":150}}}")
                .status()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            int node = i;
            await().ignoreExceptions().atMost(TestTime.seconds(20)).untilAsserted(() -> {
                JsonNode patroni = JSON.readTree(anonymous.call(port(node), "GET", "/patroni", null).body());
                assertThat(patroni.path("pending_restart").asBoolean()).isTrue();
                assertThat(patroni.path("pending_restart_reason").path("max_connections").path("new_value").asText())
                        .isEqualTo("150");
            });
        }
        // Increase: replicas first, then the primary.
        int l = leader();
        for (int i : List.of((l + 1) % 3, (l + 2) % 3, l)) {
            Rest.Response r = admin.call(port(i), "POST", "/restart", "{\"restart_pending\": true}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            await().ignoreExceptions().atMost(TestTime.seconds(30))
                    .untilAsserted(() -> assertThat(cluster.show(i, "max_connections")).isEqualTo("150"));
        }
        await().ignoreExceptions().atMost(TestTime.seconds(20)).untilAsserted(() -> {
            JsonNode patroni = JSON.readTree(anonymous.call(port(l), "GET", "/patroni", null).body());
            assertThat(patroni.has("pending_restart")).isFalse();
        });
        Rest.Response again = admin.call(port(l), "POST", "/restart", "{\"restart_pending\": true}");
        assertThat(again.status()).as("nothing pending any more").isEqualTo(503);
    }

    @Test
    @Order(5)
    void switchoverUnderWriteLoadLosesNoAcknowledgedWrite() throws Exception {
        cluster.awaitHealthy(TestTime.seconds(60));
        int old = leader();
        int candidate = (old + 1) % 3;
        awaitStreaming(old, candidate);
        try (AckWriter writer = new AckWriter(cluster, 1_000_000)) {
            await().atMost(TestTime.seconds(10)).until(() -> writer.acknowledged().size() > 20);
            Rest.Response r = admin.call(port(old), "POST", "/switchover", "{\"leader\":\"" + cluster.name(old)
                    + "\",\"candidate\":\"" + cluster.name(candidate) + "\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("Successfully switched over to \"" + cluster.name(candidate) + "\"");
            int before = writer.acknowledged().size();
            await().atMost(TestTime.seconds(20)).until(() -> writer.acknowledged().size() > before + 20);
            writer.close();
            assertThat(leader()).isEqualTo(candidate);
            assertThat(writer.missingOn(candidate)).as("acknowledged writes missing on the new primary").isEmpty();
            await().atMost(TestTime.seconds(60)).until(() -> cluster.view().member(cluster.name(old))
                    .map(m -> "streaming".equals(m.replicationState())).orElse(false));
            await().ignoreExceptions().atMost(TestTime.seconds(20))
                    .until(() -> writer.missingOn(old).isEmpty());
        }
    }

    /** The primary's own view (pg_stat_replication), not a member key that may be a cycle old. */
    private void awaitStreaming(int primary, int standby) {
        await().ignoreExceptions().atMost(TestTime.seconds(60)).until(() -> {
            try (Connection c = cluster.connect(primary); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"
                         + " AND application_name = '" + cluster.name(standby) + "'")) {
                r.next();
                return r.getInt(1) == 1;
            }
        });
    }

    @Test
    @Order(6)
    void switchoverToACandidateThatCannotConfirmItsWalIsAbortedAndLosesNothing() throws Exception {
        cluster.awaitHealthy(TestTime.seconds(60));
        int old = leader();
        int candidate = (old + 1) % 3;
        awaitStreaming(old, candidate);
        long pm = cluster.postmaster(candidate).orElseThrow().pid();
        try (AckWriter writer = new AckWriter(cluster, 2_000_000)) {
            await().atMost(TestTime.seconds(10)).until(() -> writer.acknowledged().size() > 20);
            Signals.send("STOP", pm);
            Rest.Response r;
            try {
                r = admin.call(port(old), "POST", "/switchover", "{\"leader\":\"" + cluster.name(old)
                        + "\",\"candidate\":\"" + cluster.name(candidate) + "\"}");
            } finally {
                Signals.send("CONT", pm);
            }
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.body()).contains("dropped the request");
            cluster.awaitHealthy(TestTime.seconds(60));
            assertThat(leader()).as("the old leader kept the key").isEqualTo(old);
            int before = writer.acknowledged().size();
            await().atMost(TestTime.seconds(20)).until(() -> writer.acknowledged().size() > before + 10);
            writer.close();
            assertThat(writer.missingOn(old)).isEmpty();
        }
    }

    @Test
    @Order(7)
    void healthCheckAnswersFastWhilePostgresIsFrozen() throws Exception {
        cluster.awaitHealthy(TestTime.seconds(60));
        int replica = (leader() + 1) % 3;
        anonymous.status(port(replica), "GET", "/replica");    // connection and code paths warm
        long pm = cluster.postmaster(replica).orElseThrow().pid();
        Signals.send("STOP", pm);
        List<Long> latencies = new java.util.ArrayList<>();
        try {
            EtcdServer.sleep(3000);    // let at least one HA cycle run into the frozen server
            for (int k = 0; k < 21; k++) {
                long t0 = System.nanoTime();
                int status = anonymous.status(port(replica), "GET", "/replica");
                latencies.add((System.nanoTime() - t0) / 1_000_000);
                assertThat(status).isIn(200, 503);
            }
        } finally {
            Signals.send("CONT", pm);
        }
        java.util.Collections.sort(latencies);
        // A check that waited on PostgreSQL would take seconds (connect/socket timeouts); the median must be fast
        // and none may block. (Speed targets proper are in the benchmark, not here.)
        assertThat(latencies.get(latencies.size() / 2)).as("median GET /replica latency, ms: " + latencies)
                .isLessThan(100);
        assertThat(latencies.get(latencies.size() - 1)).as("slowest GET /replica, ms")
                .isLessThan(TestTime.seconds(1).toMillis());
    }

    @Test
    @Order(8)
    void pauseStopsAutomaticFailoverAndResumeRestoresIt() throws Exception {
        cluster.awaitHealthy(TestTime.seconds(60));
        int l = leader();
        assertThat(admin.call(port(l), "PATCH", "/config", "{\"pause\": true}").status()).isEqualTo(200);
        await().ignoreExceptions().atMost(TestTime.seconds(20)).until(() -> JSON.readTree(
                anonymous.call(port(l), "GET", "/patroni", null).body()).path("pause").asBoolean());
        cluster.killPostgres(l);
        EtcdServer.sleep(TestTime.seconds(8).toMillis());
        assertThat(cluster.view().leader()).as("no failover while paused").isEqualTo(cluster.name(l));
        assertThat(cluster.postmaster(l)).as("not restarted while paused").isEmpty();
        for (int i = 0; i < 3; i++) {
            if (i != l) {
                assertThat(anonymous.status(port(i), "GET", "/primary")).isEqualTo(503);
            }
        }
        assertThat(anonymous.status(port(l), "GET", "/health")).as("/health on the stopped node").isEqualTo(503);
        assertThat(anonymous.status(port(l), "GET", "/primary")).isEqualTo(503);

        assertThat(admin.call(port(l), "PATCH", "/config", "{\"pause\": null}").status()).isEqualTo(200);
        cluster.awaitHealthy(TestTime.seconds(60));
        assertThat(cluster.view().leader()).as("restarted in place after resume").isEqualTo(cluster.name(l));
    }
}
