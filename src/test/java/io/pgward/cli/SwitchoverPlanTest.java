package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.ha.ClusterView;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SwitchoverPlanTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ClusterView view = Views.threeNodes();

    private SwitchoverCommand.Plan plan(String leader, String candidate, String at, boolean force, String... answers) {
        return SwitchoverCommand.plan(view, "demo", leader, candidate, at, force, Views.prompt(out, answers), clock);
    }

    @Test
    void defaultsToTheCurrentLeaderAndSendsItsName() {
        SwitchoverCommand.Plan p = plan(null, "node2", null, true);
        assertThat(p.leader().name()).isEqualTo("node1");
        assertThat(p.body()).isEqualTo(Map.of("leader", "node1", "candidate", "node2"));
    }

    @Test
    void withoutCandidateAsksWithTheEligibleMembers() {
        SwitchoverCommand.Plan p = plan(null, null, null, false, "node2");
        assertThat(out.toString()).contains("Candidates: node2\n").contains("Candidate [node2]");
        assertThat(p.candidate()).isEqualTo("node2");
    }

    @Test
    void anEmptyAnswerOrForceLetsTheLeaderChoose() {
        assertThat(plan(null, null, null, false, "").body()).isEqualTo(Map.of("leader", "node1"));
        assertThat(plan(null, null, null, true).candidate()).isNull();
    }

    @Test
    void noAnswerOnStdinRefusesWithTheForceHint() {
        assertThatThrownBy(() -> plan(null, null, null, false)).isInstanceOf(Prompt.NoAnswer.class)
                .hasMessageContaining("--force");
    }

    @Test
    void aScheduledSwitchoverCarriesScheduledAt() {
        assertThat(plan(null, "node2", "2026-03-01T13:00Z", true).body())
                .containsEntry("scheduled_at", "2026-03-01T13:00:00+00:00");
    }

    @Test
    void refusesWrongLeaderTheLeaderItselfAndNofailoverCandidates() {
        assertThatThrownBy(() -> plan("node2", "node3", null, true)).isInstanceOf(Refused.class)
                .hasMessageContaining("node2 is not the leader of cluster demo (the leader is node1)");
        assertThatThrownBy(() -> plan(null, "node1", null, true)).isInstanceOf(Refused.class)
                .hasMessageContaining("already the leader");
        assertThatThrownBy(() -> plan(null, "node3", null, true)).isInstanceOf(Refused.class)
                .hasMessageContaining("nofailover");
        assertThatThrownBy(() -> plan(null, "node9", null, true)).isInstanceOf(PgwardException.class)
                .isNotInstanceOf(Refused.class).hasMessageContaining("not in cluster 'demo'");
    }

    @Test
    void anUnlockedClusterCannotSwitchOver() {
        ClusterView unlocked = Views.keys().replica("node2", 5433, 100).view();
        assertThatThrownBy(() -> SwitchoverCommand.plan(unlocked, "demo", null, "node2", null, true,
                Views.prompt(out), clock)).isInstanceOf(Refused.class).hasMessageContaining("pgward failover");
    }

    @Test
    void inMaintenanceModeACandidateIsNeededAndNoSchedule() {
        ClusterView paused = Views.threeNodeKeys().config("{\"ttl\":30,\"pause\":true}").view();
        assertThatThrownBy(() -> SwitchoverCommand.plan(paused, "demo", null, null, null, true, Views.prompt(out),
                clock)).isInstanceOf(Refused.class).hasMessageContaining("needs --candidate");
        assertThatThrownBy(() -> SwitchoverCommand.plan(paused, "demo", null, "node2", "2026-03-01T13:00Z", true,
                Views.prompt(out), clock)).isInstanceOf(Refused.class).hasMessageContaining("cannot be scheduled");
        assertThat(SwitchoverCommand.plan(paused, "demo", null, "node2", null, true, Views.prompt(out), clock)
                .candidate()).isEqualTo("node2");
    }

    @Test
    void theRequestTimeoutCoversTheLeadersPolling() {
        assertThat(SwitchoverCommand.timeout(view).toSeconds()).isEqualTo(50);
    }
}
