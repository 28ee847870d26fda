package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.ha.ClusterView;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailoverPlanTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void withALeaderTheRequestGoesToTheLeader() {
        FailoverCommand.Plan p = FailoverCommand.plan(Views.threeNodes(), "demo", "node2", true, Views.prompt(out));
        assertThat(p.target().name()).isEqualTo("node1");
        assertThat(p.body()).isEqualTo(Map.of("candidate", "node2"));
    }

    @Test
    void withoutALeaderTheRequestGoesToTheCandidateItself() {
        ClusterView unlocked = Views.keys().optime(100).replica("node2", 5433, 90).replica("node3", 5434, 80).view();
        FailoverCommand.Plan p = FailoverCommand.plan(unlocked, "demo", "node3", true, Views.prompt(out));
        assertThat(p.target().name()).isEqualTo("node3");
    }

    @Test
    void theCandidateIsAskedForWhenMissingAndRequiredWithForce() {
        FailoverCommand.Plan p = FailoverCommand.plan(Views.threeNodes(), "demo", null, false, Views.prompt(out, ""));
        assertThat(p.candidate().name()).isEqualTo("node2");
        assertThatThrownBy(() -> FailoverCommand.plan(Views.threeNodes(), "demo", null, true, Views.prompt(out)))
                .isInstanceOf(PgwardException.class).hasMessageContaining("needs --candidate");
    }

    @Test
    void warnsHowFarBehindTheCandidateIs() {
        ClusterView v = Views.threeNodes();
        assertThat(FailoverCommand.lagWarning(v, v.member("node2").orElseThrow()))
                .contains("transactions it has not received are lost").contains("1 MB behind")
                .contains("'pgward switchover' is the safe way");
        ClusterView unknown = Views.keys().member("node2", 5433, "replica", "running", 0, null, "{}").view();
        assertThat(FailoverCommand.lagWarning(unknown, unknown.member("node2").orElseThrow()))
                .contains("an unknown amount behind");
    }

    @Test
    void failoverToAnAsynchronousMemberInSynchronousModeNeedsForce() {
        // Hazard: it was allowed without a word, although commits acknowledged by the synchronous standby may be lost.
        ClusterView v = Views.keys().config("{\"synchronous_mode\": true}").sync("node1", "node2").optime(100 * Views.MB)
                .replica("node2", 5433, 100 * Views.MB).replica("node4", 5435, 90 * Views.MB).view();
        assertThatThrownBy(() -> FailoverCommand.plan(v, "demo", "node4", false, Views.prompt(out)))
                .isInstanceOf(Refused.class).hasMessageContaining("node4 is not a synchronous standby")
                .hasMessageContaining("the sync key lists node2").hasMessageContaining("--force")
                .hasMessageContaining("10 MB behind");
        assertThat(FailoverCommand.plan(v, "demo", "node4", true, Views.prompt(out)).candidate().name())
                .isEqualTo("node4");
        assertThat(FailoverCommand.plan(v, "demo", "node2", false, Views.prompt(out)).candidate().name())
                .isEqualTo("node2");
    }

    @Test
    void refusesTheLeaderAndNofailoverMembers() {
        assertThatThrownBy(() -> FailoverCommand.plan(Views.threeNodes(), "demo", "node1", true, Views.prompt(out)))
                .isInstanceOf(Refused.class).hasMessageContaining("already the leader");
        assertThatThrownBy(() -> FailoverCommand.plan(Views.threeNodes(), "demo", "node3", true, Views.prompt(out)))
                .isInstanceOf(Refused.class).hasMessageContaining("nofailover");
    }
}
