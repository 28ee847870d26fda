package io.pgward.cli;

import io.pgward.ha.ClusterView;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopologyTest {

    @Test
    void replicasHangUnderTheLeaderAndCascadesUnderTheirReplicatefrom() {
        ClusterView v = Views.keys().leader("node1").primary("node1", 5432, 100)
                .replica("node2", 5433, 100).replica("node3", 5434, 100, "{\"replicatefrom\":\"node2\"}")
                .replica("node4", 5435, 100, "{\"replicatefrom\":\"node3\"}")
                .replica("node5", 5436, 100, "{\"replicatefrom\":\"gone\"}").view();
        assertThat(TopologyCommand.order(v).stream().map(n -> n.label(true)))
                .containsExactly("node1", "+ node2", "  + node3", "    + node4", "+ node5");
        String out = TopologyCommand.render("demo", v);
        assertThat(out).contains("| node1       |").contains("|   + node3   |").contains("|     + node4 |");
    }

    @Test
    void aReplicatefromLoopDoesNotLoseMembers() {
        ClusterView v = Views.keys().leader("node1").primary("node1", 5432, 100)
                .replica("node2", 5433, 100, "{\"replicatefrom\":\"node3\"}")
                .replica("node3", 5434, 100, "{\"replicatefrom\":\"node2\"}").view();
        assertThat(TopologyCommand.order(v).stream().map(n -> n.member().name()))
                .containsExactlyInAnyOrder("node1", "node2", "node3");
    }

    @Test
    void withoutALeaderEveryTopMemberIsMarked() {
        ClusterView v = Views.keys().replica("node2", 5433, 100).replica("node3", 5434, 100,
                "{\"replicatefrom\":\"node2\"}").view();
        assertThat(TopologyCommand.order(v).stream().map(n -> n.label(false)))
                .containsExactly("+ node2", "  + node3");
    }
}
