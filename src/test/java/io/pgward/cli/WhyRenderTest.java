package io.pgward.cli;

import io.pgward.dcs.WireFormat;
import io.pgward.why.Finding;
import io.pgward.why.Finding.Severity;
import io.pgward.why.WhySnapshot;
import io.pgward.why.WhySnapshot.EtcdProbe;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pgward why}'s output (text for people, JSON for scripts) and its reading of the agents' answers. */
class WhyRenderTest {

    private static final WhySnapshot SNAPSHOT = new WhySnapshot("demo", Instant.parse("2026-12-03T03:00:00Z"),
            List.of(EtcdProbe.ok("http://127.0.0.1:2379"), new EtcdProbe("http://127.0.0.2:2379", false,
                    EtcdProbe.Problem.UNREACHABLE, "connection refused")), null, null, null, Map.of());
    private static final List<Finding> FINDINGS = List.of(
            new Finding(Severity.CRITICAL, "cluster", "there is no leader", "to force: pgward failover --candidate n2"
                    + " --force", "n2's last decision (2s ago): not racing\nn3's last decision (1s ago): tagged"),
            new Finding(Severity.OK, "etcd", "fine", null, null));

    @Test
    void textNamesSeverityBlockerNextStepAndEvidenceLineByLine() {
        String text = WhyCommand.text(SNAPSHOT, FINDINGS);
        assertThat(text).startsWith("Cluster demo: 1 critical\n\n")
                .contains("CRITICAL cluster: there is no leader\n  next: to force: pgward failover --candidate n2 --force\n"
                        + "  because n2's last decision (2s ago): not racing\n  because n3's last decision (1s ago): tagged\n")
                .contains("OK etcd: fine\n")
                .contains("take the same -c FILE");
    }

    @Test
    void jsonCarriesFindingsAndEveryEtcdEndpoint() throws Exception {
        var json = WireFormat.JSON.readTree(WhyCommand.json(SNAPSHOT, FINDINGS));
        assertThat(json.path("healthy").asBoolean()).isFalse();
        assertThat(json.path("findings").get(0).path("severity").asText()).isEqualTo("critical");
        assertThat(json.path("findings").get(0).path("next_step").asText()).contains("--candidate n2");
        assertThat(json.path("findings").get(0).path("evidence")).hasSize(2);
        assertThat(json.path("etcd").get(1).path("error").asText()).isEqualTo("connection refused");
        assertThat(json.path("etcd").get(0).has("error")).isFalse();
    }

    @Test
    void theAgentsStatusIsReadFromPatronisFields() throws Exception {
        var status = WhyGather.status(WireFormat.JSON.readTree("{\"state\":\"running\",\"role\":\"replica\","
                + "\"timeline\":3,\"replication_state\":\"streaming\",\"pause\":true,\"dcs_last_seen\":1796266800,"
                + "\"database_system_identifier\":\"7412\"}"));
        assertThat(status).isEqualTo(new WhySnapshot.NodeStatus("running", "replica", 3, "7412", "streaming", true,
                Instant.ofEpochSecond(1796266800)));
        var empty = WhyGather.status(WireFormat.JSON.readTree("{\"state\":\"stopped\",\"role\":\"uninitialized\"}"));
        assertThat(empty.systemId()).isNull();
        assertThat(empty.dcsLastSeen()).isNull();
    }

    /** The example in docs/diagnosis.md is what pgward why prints for its situation, line by line. */
    @Test
    void theExampleInTheDocsIsWhatWhyPrints() throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs/diagnosis.md"));
        int start = doc.indexOf("Cluster demo:");
        List<String> expected = doc.substring(start, doc.indexOf("\n...\n", start)).lines().toList();
        long mb = 1024 * 1024;
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        keys.put("initialize", "7412");
        keys.put("config", "{\"maximum_lag_on_failover\":1048576}");
        keys.put("status", "{\"optime\":" + 100 * mb + "}");
        keys.put("members/node2", "{\"state\":\"running\",\"role\":\"replica\",\"xlog_location\":" + 97 * mb + "}");
        keys.put("members/node3", "{\"state\":\"running\",\"role\":\"replica\",\"xlog_location\":" + 100 * mb
                + ",\"tags\":{\"nofailover\":true}}");
        Instant now = Instant.parse("2026-12-03T03:00:00Z");
        WhySnapshot.NodeStatus replica = new WhySnapshot.NodeStatus("running", "replica", 1, "7412", "streaming", false, now);
        WhySnapshot s = new WhySnapshot("demo", now, List.of(EtcdProbe.ok("http://127.0.0.1:2379")), null,
                WireFormat.clusterView(keys, 1), null, Map.of(
                "node2", new WhySnapshot.NodeReport("node2", replica, List.of(new WhySnapshot.Decision(now.minusSeconds(2),
                        "Wait", "not racing for leader: I am 3145728 bytes behind the last known primary position"
                        + " (maximum_lag_on_failover is 1048576)")), null),
                "node3", new WhySnapshot.NodeReport("node3", replica, List.of(), null)));
        List<String> printed = WhyCommand.text(s, io.pgward.why.Diagnosis.diagnose(s)).lines().toList();
        assertThat(printed).startsWith(expected.toArray(new String[0]));
    }

    @Test
    void anEndpointsFailureIsNotNamedTwice() {
        assertThat(WhyGather.terse("etcd unreachable (http://h:2379: ConnectException)", "http://h:2379"))
                .isEqualTo("ConnectException");
        assertThat(WhyGather.terse("http://h:2379: etcdserver: no leader", "http://h:2379")).isEqualTo("etcdserver: no leader");
        assertThat(WhyGather.terse("etcd refused user 'x': authentication failed", "http://h:2379"))
                .isEqualTo("etcd refused user 'x': authentication failed");
    }

    @Test
    void anUnknownFormatIsRefusedByName() {
        assertThat(Main.run("why", "-f", "xml", "--dcs-url", "http://127.0.0.1:1", "--scope", "x")).isEqualTo(2);
    }
}
