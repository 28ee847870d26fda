package io.pgward.ha;

import io.pgward.ha.CommitHold.Change;
import io.pgward.ha.CommitHold.KeyCheck;
import io.pgward.ha.CommitHold.State;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CommitHoldTest {

    private static final Duration QUIET = Duration.ofMillis(1999);
    private static final Duration SILENT = Duration.ofSeconds(2);

    /** An asynchronous primary holding the key, etcd silent for {@code silence}. */
    private static State primary(Duration silence, KeyCheck check, boolean held) {
        return new State(true, false, false, true, true, false, silence, check, held);
    }

    @Test
    void aPrimaryThatNoEtcdMemberAnsweredForTwoSecondsHoldsCommits() {
        CommitHold.Verdict v = CommitHold.decide(primary(SILENT, KeyCheck.UNKNOWN, false));
        assertThat(v.change()).isEqualTo(Change.HOLD);
        assertThat(v.reason()).contains("no etcd member answered for 2.0s", "holding commits");
    }

    @Test
    void aShorterSilenceSuchAsOneMemberFailingOverToAnotherHoldsNothing() {
        CommitHold.Verdict v = CommitHold.decide(primary(QUIET, KeyCheck.UNKNOWN, false));
        assertThat(v.change()).isEqualTo(Change.NONE);
        assertThat(v.reason()).contains("etcd answered 2.0s ago");
    }

    @Test
    void heldCommitsAreReleasedWhenEtcdAnswersThatTheKeyIsStillMine() {
        CommitHold.Verdict v = CommitHold.decide(primary(Duration.ZERO, KeyCheck.MINE, true));
        assertThat(v.change()).isEqualTo(Change.RELEASE);
        assertThat(v.reason()).contains("leader key is still mine");
    }

    @Test
    void heldCommitsAreNeverReleasedWhileTheKeyIsAnotherNodesEvenWhenPausedOrTurnedOff() {
        for (State s : List.of(primary(Duration.ZERO, KeyCheck.LOST, true),
                new State(false, true, true, false, true, true, Duration.ZERO, KeyCheck.LOST, true))) {
            CommitHold.Verdict v = CommitHold.decide(s);
            assertThat(v.change()).isEqualTo(Change.NONE);
            assertThat(v.reason()).contains("until the demotion");
        }
    }

    @Test
    void anOldAnswerThatTheKeyWasMineReleasesNothingWhileEtcdIsSilent() {
        assertThat(CommitHold.decide(primary(SILENT, KeyCheck.MINE, true)).change()).isEqualTo(Change.NONE);
    }

    @Test
    void aDemotedNodeDropsItsHold() {
        State s = new State(true, false, false, false, false, false, SILENT, KeyCheck.LOST, true);
        CommitHold.Verdict v = CommitHold.decide(s);
        assertThat(v.change()).isEqualTo(Change.RELEASE);
        assertThat(v.reason()).contains("no longer runs as primary");
    }

    @Test
    void failsafeConfirmationByEveryMemberReleasesAndPreventsTheHold() {
        State held = new State(true, false, false, true, true, true, SILENT, KeyCheck.UNKNOWN, true);
        assertThat(CommitHold.decide(held).change()).isEqualTo(Change.RELEASE);
        assertThat(CommitHold.decide(held).reason()).contains("failsafe_mode");
        State free = new State(true, false, false, true, true, true, SILENT, KeyCheck.UNKNOWN, false);
        assertThat(CommitHold.decide(free).change()).isEqualTo(Change.NONE);
    }

    @Test
    void pauseSynchronousModeTheSwitchAndReplicasNeverHold() {
        assertThat(CommitHold.decide(new State(true, true, false, true, true, false, SILENT, KeyCheck.UNKNOWN, false))
                .reason()).contains("paused");
        assertThat(CommitHold.decide(new State(true, false, true, true, true, false, SILENT, KeyCheck.UNKNOWN, false))
                .reason()).contains("synchronous mode");
        assertThat(CommitHold.decide(new State(false, false, false, true, true, false, SILENT, KeyCheck.UNKNOWN, false))
                .reason()).contains("hold_commits_without_etcd is off");
        assertThat(CommitHold.decide(new State(true, false, false, true, false, false, SILENT, KeyCheck.UNKNOWN, false))
                .reason()).contains("not a primary");
        assertThat(CommitHold.decide(new State(true, false, false, false, true, false, SILENT, KeyCheck.UNKNOWN, false))
                .reason()).contains("not a primary");
    }

    /** Every combination of the inputs, checked against the rule stated plainly. */
    @Test
    void everyStateGetsTheChangeTheRuleStates() {
        for (State s : allStates()) {
            CommitHold.Verdict v = CommitHold.decide(s);
            boolean silent = s.etcdSilence().compareTo(CommitHold.SILENCE) >= 0;
            Change expected;
            if (!s.held()) {
                boolean hold = s.enabled() && !s.paused() && !s.synchronousMode() && s.leader() && s.runningAsPrimary()
                        && !s.failsafeConfirmed() && silent;
                expected = hold ? Change.HOLD : Change.NONE;
            } else {
                boolean keyElsewhere = s.keyCheck() == KeyCheck.LOST;
                boolean release = !s.runningAsPrimary() || (!keyElsewhere && (!s.enabled() || s.paused()
                        || s.synchronousMode() || s.failsafeConfirmed() || (s.keyCheck() == KeyCheck.MINE && !silent)));
                expected = release ? Change.RELEASE : Change.NONE;
            }
            assertThat(v.change()).as("%s", s).isEqualTo(expected);
            assertThat(v.reason()).as("%s", s).isNotBlank();
        }
    }

    private static List<State> allStates() {
        List<State> all = new ArrayList<>();
        boolean[] tf = {true, false};
        for (boolean enabled : tf) for (boolean paused : tf) for (boolean sync : tf) for (boolean leader : tf)
            for (boolean primary : tf) for (boolean failsafe : tf) for (boolean held : tf)
                for (Duration silence : List.of(Duration.ZERO, QUIET, SILENT, Duration.ofMinutes(1)))
                    for (KeyCheck check : KeyCheck.values()) {
                        all.add(new State(enabled, paused, sync, leader, primary, failsafe, silence, check, held));
                    }
        return all;
    }
}
