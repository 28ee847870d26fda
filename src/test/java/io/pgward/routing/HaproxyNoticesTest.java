package io.pgward.routing;

import io.pgward.config.HaproxyNotifyConfig;
import io.pgward.config.RuntimeApi;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HaproxyNoticesTest {

    private static final HaproxyNotifyConfig DEFAULTS = new HaproxyNotifyConfig(
            List.of(RuntimeApi.parse("/run/haproxy/admin.sock")), null, null, null);

    @Test
    void aNewPrimaryIsUpForWritesDownForReadsAndEveryOtherMemberIsDownForWrites() {
        var notices = new HaproxyNotices(DEFAULTS, "demo", "node2");

        assertThat(notices.becamePrimary(List.of("node1", "node3"))).containsExactly(
                "set server demo_primary/node2 health up",
                "set server demo_replicas/node2 health down",
                "set server demo_primary/node1 health down",
                "set server demo_primary/node3 health down");
    }

    @Test
    void aDemotedPrimaryIsDownForWritesAndLeftToTheChecksForReads() {
        assertThat(new HaproxyNotices(DEFAULTS, "demo", "node1").stoppedBeingPrimary())
                .containsExactly("set server demo_primary/node1 health down");
    }

    @Test
    void namesFollowWhatHaproxyConfigWritesUnlessTheSectionNamesThem() {
        var cleaned = new HaproxyNotices(DEFAULTS, "my cluster", "node 1");
        assertThat(cleaned.becamePrimary(List.of("node 2"))).containsExactly(
                "set server my_cluster_primary/node_1 health up",
                "set server my_cluster_replicas/node_1 health down",
                "set server my_cluster_primary/node_2 health down");

        var named = new HaproxyNotices(new HaproxyNotifyConfig(DEFAULTS.runtimeApis(), "pg_rw", "pg_ro", "db1"),
                "demo", "node1");
        assertThat(named.becamePrimary(List.of("node2"))).containsExactly(
                "set server pg_rw/db1 health up", "set server pg_ro/db1 health down",
                "set server pg_rw/node2 health down");
        assertThat(named.stoppedBeingPrimary()).containsExactly("set server pg_rw/db1 health down");
    }
}
