package io.pgward.agent;

import io.pgward.postgres.PgClient;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RewindCheckTest {

    private static final List<RewindCheck.TimelineSwitch> HISTORY =
            RewindCheck.parseHistory("1\t0/5000000\tno recovery target specified\n\n");

    @Test
    void parsesHistoryFiles() {
        assertThat(HISTORY).containsExactly(new RewindCheck.TimelineSwitch(1, 0x5000000L));
    }

    @Test
    void oldPrimaryThatWroteBeyondTheSwitchPointDiverged() {
        assertThat(RewindCheck.needsRewind(1, 0x5000100L, 2, HISTORY)).isTrue();
    }

    @Test
    void oldPrimaryStoppedAtTheSwitchPointCanSimplyFollow() {
        assertThat(RewindCheck.needsRewind(1, 0x5000000L, 2, HISTORY)).isFalse();
        assertThat(RewindCheck.needsRewind(1, 0x4000000L, 2, HISTORY)).isFalse();
    }

    @Test
    void sameTimelineNeverNeedsRewind() {
        assertThat(RewindCheck.needsRewind(2, 0x9000000L, 2, HISTORY)).isFalse();
    }

    @Test
    void aLeaderWhoseTimelineCannotBeReadGivesNoVerdict() {
        assertThat(RewindCheck.verdict(1, 0x5000100L, "", null)).isEqualTo(RewindCheck.Verdict.UNKNOWN);
    }

    @Test
    void aLeaderStillInRecoveryGivesNoVerdictEvenOnTheSameTimeline() {
        // Regression (a hard-killed primary never streamed again): the new leader was still promoting, reported
        // timeline 1 like the old primary, and the old primary started as its standby without rewinding.
        var promoting = new PgClient.TimelineHistory(1, "", true);
        assertThat(RewindCheck.verdict(1, 0x5000100L, "", promoting)).isEqualTo(RewindCheck.Verdict.UNKNOWN);
    }

    @Test
    void aPrimaryLeaderGivesAVerdict() {
        var promoted = new PgClient.TimelineHistory(2, "1\t0/5000000\tno recovery target specified\n", false);
        assertThat(RewindCheck.verdict(1, 0x5000100L, "", promoted)).isEqualTo(RewindCheck.Verdict.DIVERGED);
        assertThat(RewindCheck.verdict(1, 0x5000000L, "", promoted)).isEqualTo(RewindCheck.Verdict.CAN_FOLLOW);
    }

    @Test
    void theSameTimelineNumberReachedByAnotherForkDiverged() {
        // Hazard: two nodes promoted on their own from timeline 1 at different points both run timeline 2; the
        // numbers match, so comparing numbers alone let one stream from the other.
        var leader = new PgClient.TimelineHistory(2, "1\t0/5000000\tno recovery target specified\n", false);
        String mine = "1\t0/4000000\tno recovery target specified\n";
        assertThat(RewindCheck.verdict(2, 0x4000100L, mine, leader)).isEqualTo(RewindCheck.Verdict.DIVERGED);
    }

    @Test
    void theSameTimelineWithTheSamePastCanFollow() {
        var leader = new PgClient.TimelineHistory(2, "1\t0/5000000\tno recovery target specified\n", false);
        String mine = "1\t0/5000000\tno recovery target specified\n";
        assertThat(RewindCheck.verdict(2, 0x5000100L, mine, leader)).isEqualTo(RewindCheck.Verdict.CAN_FOLLOW);
    }

    @Test
    void anOlderTimelineOnAnotherForkDivergedEvenBeforeTheLeadersSwitchPoint() {
        var leader = new PgClient.TimelineHistory(3, "1\t0/5000000\tx\n2\t0/6000000\tx\n", false);
        String mine = "1\t0/4800000\tx\n";    // my timeline 2 forked from 1 elsewhere
        assertThat(RewindCheck.verdict(2, 0x5900000L, mine, leader)).isEqualTo(RewindCheck.Verdict.DIVERGED);
        assertThat(RewindCheck.verdict(2, 0x5900000L, null, leader)).as("my own history unreadable: numbers only")
                .isEqualTo(RewindCheck.Verdict.CAN_FOLLOW);
    }

    @Test
    void aTimelineTheLeaderNeverHadDiverged() {
        assertThat(RewindCheck.needsRewind(3, 0x1000L, 2, HISTORY)).isTrue();
        assertThat(RewindCheck.needsRewind(1, 0x1000L, 3, List.of(new RewindCheck.TimelineSwitch(2, 0x6000000L))))
                .isTrue();
    }
}
