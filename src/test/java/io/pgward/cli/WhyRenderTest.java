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
