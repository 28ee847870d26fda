package io.pgward.cli;

import io.pgward.ha.ClusterView;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

class RemoveConfirmTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ClusterView withLeader = Views.threeNodes();
    private final ClusterView unlocked = Views.keys().replica("node2", 5433, 100).view();

    @Test
    void allThreeAnswersRightProceed() {
        assertThatCode(() -> RemoveCommand.confirm(Views.prompt(out, "demo", "Yes I am aware", "node1"), "demo",
                withLeader)).doesNotThrowAnyException();
        assertThat(out.toString()).contains("Please confirm the cluster name to remove: ")
                .contains("please type: \"Yes I am aware\"").contains("specify the leader name");
    }

    @Test
    void withoutALeaderTwoAnswersAreEnough() {
        assertThatCode(() -> RemoveCommand.confirm(Views.prompt(out, "demo", "Yes I am aware"), "demo", unlocked))
                .doesNotThrowAnyException();
        assertThat(out.toString()).doesNotContain("leader name");
    }

    @Test
    void aWrongClusterNameStopsAtOnce() {
        assertThatThrownBy(() -> RemoveCommand.confirm(Views.prompt(out, "prod", "Yes I am aware", "node1"), "demo",
                withLeader)).isInstanceOf(Refused.class).hasMessageContaining("cluster names do not match");
        assertThat(out.toString()).doesNotContain("Yes I am aware");
    }

    @Test
    void thePhraseMustBeExact() {
        assertThatThrownBy(() -> RemoveCommand.confirm(Views.prompt(out, "demo", "yes i am aware", "node1"), "demo",
                withLeader)).isInstanceOf(Refused.class).hasMessageContaining("exactly");
    }

    @Test
    void theLeaderNameMustBeTheCurrentLeader() {
        assertThatThrownBy(() -> RemoveCommand.confirm(Views.prompt(out, "demo", "Yes I am aware", "node2"), "demo",
                withLeader)).isInstanceOf(Refused.class).hasMessageContaining("not the current leader");
    }

    @Test
    void runningOutOfAnswersRefuses() {
        assertThatThrownBy(() -> RemoveCommand.confirm(Views.prompt(out, "demo"), "demo", withLeader))
                .isInstanceOf(Prompt.NoAnswer.class);
    }
}
