package io.pgward.cli;

import io.pgward.backup.RestoreCheck;
import io.pgward.config.DynamicConfig;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;
import io.pgward.ha.RestoreRequest;
import io.pgward.ha.RestoreRequest.State;
import io.pgward.ha.SyncState;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestorePlanRenderTest {

    private static Member member(String name, String role, String state, String replication, boolean nofailover) {
        return new Member(name, "http://h/" + name, "postgres://h:5432/postgres", role, state, 0, 3, replication,
                nofailover, nofailover ? 0 : 1, false, Map.of());
    }

    private static ClusterView view(String leader, RestoreRequest restore, Member... members) {
        return new ClusterView(leader, "1", List.of(members), DynamicConfig.defaults(), true, 1, null, 0, List.of(),
                SyncState.EMPTY, restore);
    }

    @Test
    void aTimeTargetNamesItsBackupSettingsAndWhoLeads() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("recovery_target_time", "2026-12-03T04:30:00Z");
        conf.put("recovery_target_action", "promote");

        String text = RestoreCommand.render(new RestoreCheck.Plan(conf, "20261203-040000F", "time 2026-12-03T04:30:00Z"),
                "n1");

        assertThat(text).startsWith("Restore to time 2026-12-03T04:30:00Z: possible.\nFrom backup 20261203-040000F.\n")
                .contains("recovery_target_time='2026-12-03T04:30:00Z' recovery_target_action='promote'")
                .contains("n1 moves its data aside, restores");
    }

    @Test
    void aTimelineIsAddedToTheRecoverySettingsAndTheDescription() {
        RestoreCheck.Plan plan = RestoreCommand.withTimeline(new RestoreCheck.Plan(Map.of(), null, "the end of the archive"), 2);
        assertThat(plan.recoveryConf()).containsEntry("recovery_target_timeline", "2");
        assertThat(plan.description()).isEqualTo("the end of the archive on timeline 2");
        assertThatThrownBy(() -> RestoreCommand.withTimeline(plan, 0)).hasMessageContaining("timelines start at 1");
    }

    @Test
    void theLeaderRestoresUnlessAnotherMemberIsNamed() {
        ClusterView v = view("b", null, member("a", "replica", "running", "streaming", false),
                member("b", "primary", "running", null, false));
        assertThat(RestoreCommand.chooseNode(v, null)).isEqualTo("b");
        assertThat(RestoreCommand.chooseNode(v, "a")).isEqualTo("a");
        assertThatThrownBy(() -> RestoreCommand.chooseNode(v, "z")).hasMessageContaining("members: a, b");
    }

    @Test
    void withoutALeaderTheFirstMemberThatMayLeadRestores() {
        ClusterView v = view(null, null, member("a", "replica", "stopped", null, true),
                member("b", "replica", "stopped", null, false));
        assertThat(RestoreCommand.chooseNode(v, null)).isEqualTo("b");
        assertThatThrownBy(() -> RestoreCommand.chooseNode(v, "a")).hasMessageContaining("nofailover");
    }

    @Test
    void progressFollowsTheRequestThroughItsStates() {
        RestoreRequest r = new RestoreRequest("r1", "b", "time T", Map.of(), null, State.REQUESTED, null, 1);
        assertThat(RestoreCommand.progress(view("a", r, member("a", "primary", "running", null, false),
                member("b", "replica", "stopped", null, false)), r, 2)).isEqualTo("Waiting for a to stop and release the leader key.");
        assertThat(RestoreCommand.progress(view(null, r, member("a", "replica", "stopped", null, false),
                member("b", "replica", "restoring", null, false)), r, 2)).contains("b is restoring the repository");
        RestoreRequest done = r.withState(State.DONE, null);
        assertThat(RestoreCommand.progress(view("b", done, member("a", "replica", "creating replica", null, false),
                member("b", "primary", "running", null, false)), done, 2)).contains("0 of 1 streaming");
        assertThat(RestoreCommand.progress(view("b", done, member("a", "replica", "running", "streaming", false),
                member("b", "primary", "running", null, false)), done, 2)).startsWith("Done: b leads");
        RestoreRequest failed = r.withState(State.FAILED, "pgbackrest exited with 56");
        assertThat(RestoreCommand.progress(view(null, failed), failed, 2)).contains("pgbackrest exited with 56")
                .contains("--cancel");
    }
}
