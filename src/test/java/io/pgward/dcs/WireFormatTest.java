package io.pgward.dcs;

import io.pgward.ha.ClusterView;
import io.pgward.ha.FailoverRequest;
import io.pgward.ha.Member;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WireFormatTest {

    @Test
    void readsAPatroniMemberValue() {
        Member m = WireFormat.member("pg1", """
                {"conn_url":"postgres://10.0.0.1:5432/postgres","api_url":"http://10.0.0.1:8008/patroni",
                 "state":"running","role":"replica","version":"4.0.4","xlog_location":67109024,"timeline":3,
                 "replication_state":"streaming","tags":{"nofailover":true,"zone":"a"}}""");
        assertThat(m.name()).isEqualTo("pg1");
        assertThat(m.connUrl()).isEqualTo("postgres://10.0.0.1:5432/postgres");
        assertThat(m.walPosition()).isEqualTo(67109024L);
        assertThat(m.timeline()).isEqualTo(3);
        assertThat(m.replicationState()).isEqualTo("streaming");
        assertThat(m.nofailover()).isTrue();
        assertThat(m.failoverPriority()).isZero();
        assertThat(m.tags()).containsEntry("zone", "a");
    }

    @Test
    void readsPatroni3MasterRoleAsPrimary() {
        assertThat(WireFormat.member("x", "{\"role\":\"master\",\"state\":\"running\"}").isPrimaryRole()).isTrue();
    }

    @Test
    void garbageMemberValueGivesAnUnknownMemberInsteadOfFailing() {
        Member m = WireFormat.member("x", "not json");
        assertThat(m.state()).isNull();
        assertThat(m.walPosition()).isZero();
    }

    @Test
    void failoverKeyInJsonAndLegacyForms() {
        FailoverRequest json = WireFormat.failover(
                "{\"leader\":\"a\",\"member\":\"b\",\"scheduled_at\":\"2026-01-02T03:04:05+00:00\"}");
        assertThat(json).isEqualTo(new FailoverRequest("a", "b", Instant.parse("2026-01-02T03:04:05Z")));
        assertThat(WireFormat.failover("a:b")).isEqualTo(new FailoverRequest("a", "b", null));
        assertThat(WireFormat.failover(":b")).isEqualTo(new FailoverRequest(null, "b", null));
        assertThat(WireFormat.failover("")).isNull();
    }

    @Test
    void statusOptimeFromJsonOrLegacyNumber() {
        assertThat(WireFormat.statusOptime("{\"optime\":12345,\"slots\":{}}")).isEqualTo(12345L);
        assertThat(WireFormat.statusOptime("999")).isEqualTo(999L);
        assertThat(WireFormat.statusOptime(null)).isZero();
    }

    @Test
    void historyRoundTripsInPatroniShape() {
        String patroni = "[[1,50331808,\"no recovery target specified\",\"2026-01-01T00:00:00+00:00\",\"pg2\"],"
                + "[2,67109024,\"no recovery target specified\"]]";
        var entries = WireFormat.history(patroni);
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).newLeader()).isEqualTo("pg2");
        assertThat(entries.get(1).timestamp()).isNull();
        assertThat(WireFormat.historyJson(entries)).isEqualTo(patroni);
    }

    @Test
    void clusterViewFromKeys() {
        ClusterView v = WireFormat.clusterView(Map.of(
                "leader", "pg1",
                "initialize", "7312345678901234567",
                "config", "{\"ttl\":40,\"loop_wait\":5,\"retry_timeout\":10,\"pause\":true}",
                "members/pg2", "{\"state\":\"running\"}",
                "members/pg1", "{\"state\":\"running\",\"role\":\"primary\"}",
                "status", "{\"optime\":100}"), 42);
        assertThat(v.leader()).isEqualTo("pg1");
        assertThat(v.members()).extracting(Member::name).containsExactly("pg1", "pg2");
        assertThat(v.config().ttl()).isEqualTo(40);
        assertThat(v.config().pause()).isTrue();
        assertThat(v.configPresent()).isTrue();
        assertThat(v.configRevision()).isEqualTo(42);
        assertThat(v.statusOptime()).isEqualTo(100);
        assertThat(v.history()).isEqualTo(List.of());
    }

    @Test
    void emptyLeaderValueMeansUnlocked() {
        assertThat(WireFormat.clusterView(Map.of("leader", ""), 0).hasLeader()).isFalse();
    }
}
