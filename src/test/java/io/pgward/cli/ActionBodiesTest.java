package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.dcs.WireFormat;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON bodies the commands send, as the REST API contract has them. */
class ActionBodiesTest {

    @Test
    void restartBodyHasOnlyWhatWasAsked() {
        assertThat(RestartCommand.body(false, null, null, null, null)).isEmpty();
        assertThat(RestartCommand.body(true, "replica", "2026-03-01T13:00:00+00:00", "16.4", "5min"))
                .isEqualTo(Map.of("restart_pending", true, "role", "replica", "schedule", "2026-03-01T13:00:00+00:00",
                        "postgres_version", "16.4", "timeout", 300L));
    }

    @Test
    void restartRefusesABadVersionOrTimeout() {
        assertThatThrownBy(() -> RestartCommand.body(false, null, null, "sixteen", null))
                .isInstanceOf(PgwardException.class).hasMessageContaining("16.4");
        assertThatThrownBy(() -> RestartCommand.seconds("soon", 0)).hasMessageContaining("not a duration");
        assertThat(RestartCommand.seconds("90", 0)).isEqualTo(90);
        assertThat(RestartCommand.seconds("1h", 0)).isEqualTo(3600);
    }

    @Test
    void reinitBodyCarriesForceAndFromLeader() {
        assertThat(ReinitCommand.body(false, false)).isEqualTo(Map.of("force", false));
        assertThat(ReinitCommand.body(true, true)).isEqualTo(Map.of("force", true, "from_leader", true));
    }

    @Test
    void pauseSendsTrueAndResumeSendsNull() {
        assertThat(WireFormat.write(PauseToggle.body(true))).isEqualTo("{\"pause\":true}");
        assertThat(WireFormat.write(PauseToggle.body(false))).isEqualTo("{\"pause\":null}");
    }

    @Test
    void pauseWaitListsMembersThatDoNotShowTheNewStateYet() {
        Map<String, Map<String, Object>> current = Map.of("node1", Map.of("pause", true), "node2", Map.of());
        assertThat(PauseToggle.notYet(current, Set.of("node1", "node2", "node3"), true))
                .containsExactly("node2", "node3");
        assertThat(PauseToggle.notYet(current, Set.of("node1", "node2"), false)).containsExactly("node1");
    }

    @Test
    void reinitWaitNeedsTheMemberToLeaveRunningAndComeBack() {
        ReinitCommand.ReinitProgress p = new ReinitCommand.ReinitProgress();
        p.observe("running", 1, 10);
        assertThat(p.done).isFalse();
        p.observe("creating replica", 5, 10);
        p.observe("starting", 20, 10);
        assertThat(p.done).isFalse();
        p.observe("running", 25, 10);
        assertThat(p.done).isTrue();

        ReinitCommand.ReinitProgress fast = new ReinitCommand.ReinitProgress();
        fast.observe("running", 31, 10);
        assertThat(fast.done).as("running for three HA cycles without a visible change").isTrue();
    }

    @Test
    void versionLinesComeFromTheMemberJson() {
        assertThat(VersionCommand.line("node1", Map.of("version", "4.0.4"))).isEqualTo("node1: 4.0.4");
        assertThat(VersionCommand.line("node2", Map.of())).isEqualTo("node2: version unknown");
    }
}
