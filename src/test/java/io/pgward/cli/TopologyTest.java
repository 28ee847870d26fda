package io.pgward.cli;

import io.pgward.ha.ClusterView;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopologyTest {

    @Test
    void replicasHangUnderTheMemberTheyActuallyStreamFrom() {
        ClusterView v = Views.keys().leader("node1").primary("node1", 5432, 100)
                .streamingFrom("node2", 5433, 100, "node1", "{}")
                .streamingFrom("node3", 5434, 100, "node2", "{\"replicatefrom\":\"node2\"}")
                .streamingFrom("node4", 5435, 100, "node3", "{}")
                .streamingFrom("node5", 5436, 100, "127.0.0.1:6000", "{}").view();
        assertThat(TopologyCommand.order(v).stream().map(n -> n.label(true)))
                .containsExactly("node1", "+ node2", "  + node3", "    + node4", "+ node5");
        String out = TopologyCommand.render("demo", v);
        assertThat(out).contains("| node1       |").contains("|   + node3   |").contains("|     + node4 |");
    }

    @Test
    void aReplicatefromTagThatIsNotFollowedDrawsNoCascade() {
        ClusterView v = Views.keys().leader("node1").primary("node1", 5432, 100)
                .streamingFrom("node2", 5433, 100, "node1", "{}")
                .streamingFrom("node3", 5434, 100, "node1", "{\"replicatefrom\":\"node2\"}").view();
        assertThat(TopologyCommand.order(v).stream().map(n -> n.label(true)))
                .containsExactly("node1", "+ node2", "+ node3");
    }

    @Test
    void aReplicaThatDoesNotStreamHangsUnderTheLeader() {
        ClusterView v = Views.keys().leader("node1").primary("node1", 5432, 100)
                .streamingFrom("node2", 5433, 100, "node1", "{}")
                .member("node3", 5434, "replica", "running", 90, "in archive recovery", "{\"replicatefrom\":\"node2\"}")
                .view();
        assertThat(TopologyCommand.order(v).stream().map(n -> n.label(true)))
                .containsExactly("node1", "+ node2", "+ node3");
    }

    @Test
    void upstreamsInALoopDoNotLoseMembers() {
        ClusterView v = Views.keys().leader("node1").primary("node1", 5432, 100)
                .streamingFrom("node2", 5433, 100, "node3", "{}")
                .streamingFrom("node3", 5434, 100, "node2", "{}").view();
        assertThat(TopologyCommand.order(v).stream().map(n -> n.member().name()))
                .containsExactlyInAnyOrder("node1", "node2", "node3");
    }

    @Test
    void withoutALeaderEveryTopMemberIsMarked() {
        ClusterView v = Views.keys().replica("node2", 5433, 100).streamingFrom("node3", 5434, 100, "node2", "{}").view();
        assertThat(TopologyCommand.order(v).stream().map(n -> n.label(false)))
                .containsExactly("+ node2", "  + node3");
    }

    @Test
    void theListShowsWhereACascadingReplicaStreamsFrom() {
        ClusterView v = Views.keys().leader("node1").primary("node1", 5432, 100)
                .streamingFrom("node2", 5433, 100, "node1", "{}")
                .streamingFrom("node3", 5434, 100, "node2", "{}").view();
        String out = ListCommand.render("demo", v);
        assertThat(out).contains("Streams from").containsPattern("\\| node3 .*\\| node2 +\\|");
        assertThat(ListCommand.maps(ListCommand.rows("demo", v), java.time.Instant.now()))
                .extracting(m -> m.get("Streams from")).containsExactly(null, null, "node2");
    }

    @Test
    void withoutCascadesTheListKeepsPatronictlColumns() {
        ClusterView v = Views.keys().leader("node1").primary("node1", 5432, 100)
                .streamingFrom("node2", 5433, 100, "node1", "{}").view();
        assertThat(ListCommand.render("demo", v)).doesNotContain("Streams from");
    }
}
