package io.pgward.ha;

import io.pgward.ha.Action.FinishRestore;
import io.pgward.ha.Action.Reclone;
import io.pgward.ha.Action.ReleaseLeader;
import io.pgward.ha.Action.RestoreData;
import io.pgward.ha.Action.StopForRestore;
import io.pgward.ha.Action.Wait;
import io.pgward.ha.LocalState.PgState;
import io.pgward.ha.RestoreRequest.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RestoreRulesTest {

    private static final RestoreRequest REQUESTED = new RestoreRequest("r1", "b", "time 2026-12-03T05:00:00Z",
            Map.of("recovery_target_time", "2026-12-03T05:00:00Z"), null, State.REQUESTED, null, 7);

    private static Situation requested(String me) {
        return Situation.node(me).restore(REQUESTED);
    }

    @Test
    void aRunningLeaderStopsFirstAndSaysItGivesUpTheKey() {
        Action a = requested("a").leader("a").primary(2, 5000).decide();
        assertThat(a).isInstanceOf(StopForRestore.class);
        assertThat(a.reason()).contains("stopping PostgreSQL and giving up the leader key");
    }

    @Test
    void aReplicaThatHasNotStoppedForThisRequestStops() {
        assertThat(requested("c").leader("a").replicaOf("a", 4000).decide()).isInstanceOf(StopForRestore.class);
    }

    @Test
    void aStoppedNodeWithAMarkOfAnEarlierRequestStillRecordsThisOne() {
        Action a = requested("c").leader("a").pg(PgState.STOPPED).restoreMark("r0", false).decide();
        assertThat(a).isInstanceOf(StopForRestore.class);
    }

    @Test
    void aNodeWhosePostgresStartedAgainAfterStoppingStopsAgain() {
        Action a = requested("c").noLeader().replicaOf("a", 4000).restoreMark("r1", false).decide();
        assertThat(a).isInstanceOf(StopForRestore.class);
    }

    @Test
    void aStoppedLeaderStillHoldingTheKeyReleasesIt() {
        Action a = requested("a").leader("a").pg(PgState.STOPPED).restoreMark("r1", false).decide();
        assertThat(a).isInstanceOf(ReleaseLeader.class);
        assertThat(a.reason()).contains("so that b can lead the restored cluster");
    }

    @Test
    void theChosenNodeWaitsForTheOldLeaderToLetGo() {
        Action a = requested("b").leader("a").pg(PgState.STOPPED).restoreMark("r1", false).decide();
        assertThat(a).isInstanceOf(Wait.class);
        assertThat(a.reason()).contains("waiting for leader a to stop");
    }

    @Test
    void theChosenNodeRestoresOnceEveryoneLetGoOfTheKey() {
        Action a = requested("b").noLeader().pg(PgState.STOPPED).restoreMark("r1", false).decide();
        assertThat(a).isInstanceOf(RestoreData.class);
        assertThat(((RestoreData) a).request()).isEqualTo(REQUESTED);
    }

    @Test
    void theChosenNodeRestoresIntoAnEmptyDataDirectoryToo() {
        Action a = requested("b").noLeader().emptyDataDir().restoreMark("r1", false).decide();
        assertThat(a).isInstanceOf(RestoreData.class);
    }

    @Test
    void theOthersWaitStoppedWithoutRacingForTheKey() {
        Action a = requested("c").noLeader().pg(PgState.STOPPED).restoreMark("r1", false).decide();
        assertThat(a).isInstanceOf(Wait.class);
        assertThat(a.reason()).contains("in progress on b");
    }

    @Test
    void theOthersWaitEvenWhenTheRestoredNodeAlreadyHoldsTheKey() {
        Action a = requested("c").leader("b").pg(PgState.STOPPED).restoreMark("r1", false).decide();
        assertThat(a).isInstanceOf(Wait.class);
    }

    @Test
    void aFailedRestoreLeavesEveryNodeStoppedAndNamesTheWayOut() {
        Situation s = Situation.node("c").restore(REQUESTED.withState(State.FAILED, "pgbackrest restore exited with 56"))
                .noLeader().pg(PgState.STOPPED).restoreMark("r1", false);
        Action a = s.decide();
        assertThat(a).isInstanceOf(Wait.class);
        assertThat(a.reason()).contains("failed on b (pgbackrest restore exited with 56)").contains("--cancel");
    }

    @Test
    void theChosenNodeDoesNotRestoreAgainAfterAFailure() {
        Action a = Situation.node("b").restore(REQUESTED.withState(State.FAILED, "x")).noLeader().emptyDataDir()
                .restoreMark("r1", false).decide();
        assertThat(a).isInstanceOf(Wait.class);
    }

    @Test
    void aNodeThatJoinsAfterAFailureStopsToo() {
        Action a = Situation.node("c").restore(REQUESTED.withState(State.FAILED, "x")).noLeader()
                .replicaOf("a", 1000).decide();
        assertThat(a).isInstanceOf(StopForRestore.class);
    }

    @Test
    void theRestoredLeaderMarksTheRequestDone() {
        Action a = requested("b").leader("b").primary(3, 9000).restoreMark("r1", true).decide();
        assertThat(a).isInstanceOf(FinishRestore.class);
    }

    @Test
    void aRestoredPrimaryWithoutTheKeyTakesItByTheUsualRules() {
        Action a = requested("b").noLeader().primary(3, 9000).restoreMark("r1", true).decide();
        assertThat(a).isInstanceOf(Action.AcquireLeader.class);
    }

    @Test
    void aRestoredNodeIsNeverStoppedForTheSameRequestAgain() {
        Action a = requested("b").noLeader().pg(PgState.STOPPED).restoreMark("r1", true).decide();
        assertThat(a).isNotInstanceOfAny(StopForRestore.class, RestoreData.class);
    }

    @Test
    void onceDoneTheOthersCloneFromTheRestoredLeader() {
        Action a = Situation.node("c").restore(REQUESTED.withState(State.DONE, null)).leader("b")
                .pg(PgState.STOPPED).restoreMark("r1", false).decide();
        assertThat(a).isInstanceOf(Reclone.class);
        assertThat(((Reclone) a).leader()).isEqualTo("b");
    }

    @Test
    void onceDoneANodeWithoutDataClonesToo() {
        Action a = Situation.node("c").restore(REQUESTED.withState(State.DONE, null)).leader("b").emptyDataDir()
                .restoreMark("r1", false).decide();
        assertThat(a).isInstanceOf(Reclone.class);
    }

    @Test
    void onceDoneWithoutALeaderTheOthersWait() {
        Action a = Situation.node("c").restore(REQUESTED.withState(State.DONE, null)).noLeader()
                .pg(PgState.STOPPED).restoreMark("r1", false).decide();
        assertThat(a).isInstanceOf(Wait.class);
    }

    @Test
    void aDoneRequestIsHistoryForNodesThatRejoined() {
        Action a = Situation.node("c").restore(REQUESTED.withState(State.DONE, null)).leader("b").replicaOf("b", 9000)
                .decide();
        assertThat(a).isNotInstanceOfAny(Reclone.class, StopForRestore.class);
    }

    @Test
    void noRequestMeansTheUsualRules() {
        Action a = Situation.node("c").leader("a").replicaOf("a", 4000).restoreMark("r1", false).decide();
        assertThat(a).isNotInstanceOfAny(StopForRestore.class, Reclone.class, RestoreData.class);
    }

    /**
     * Every combination of node, leader, local state and mark while a restore is requested or failed: no node but the
     * chosen one starts, promotes, clones or takes the key, and the chosen one restores only once nobody holds the
     * key and it has stopped for this request.
     */
    @ParameterizedTest
    @EnumSource(value = State.class, names = {"REQUESTED", "FAILED"})
    void whileARestoreRunsOnlyTheChosenNodeMayBecomeWritable(State state) {
        RestoreRequest r = REQUESTED.withState(state, state == State.FAILED ? "boom" : null);
        String[] leaders = {null, "a", "b", "c"};
        RestoreMark[] marks = {null, new RestoreMark("r0", false), new RestoreMark("r1", false)};
        int checked = 0;
        for (String me : new String[] {"a", "b", "c"}) {
            for (String leader : leaders) {
                for (RestoreMark mark : marks) {
                    for (int local = 0; local < 4; local++) {
                        Situation s = Situation.node(me).restore(r);
                        s = leader == null ? s.noLeader() : s.leader(leader);
                        s = switch (local) {
                            case 0 -> s.primary(2, 5000);
                            case 1 -> s.replicaOf("a", 4000);
                            case 2 -> s.pg(PgState.STOPPED);
                            default -> s.emptyDataDir();
                        };
                        if (mark != null) {
                            s = s.restoreMark(mark.id(), mark.restored());
                        }
                        Action a = s.decide();
                        assertThat(a).as("%s, leader %s, local %d, mark %s", me, leader, local, mark)
                                .isNotInstanceOfAny(Action.AcquireLeader.class, Action.Promote.class,
                                        Action.StartPrimary.class, Action.StartReplica.class, Action.Clone.class,
                                        Action.Bootstrap.class, Action.LeadAsPrimary.class, Reclone.class);
                        if (a instanceof RestoreData) {
                            assertThat(me).isEqualTo("b");
                            assertThat(state).isEqualTo(State.REQUESTED);
                            assertThat(leader).isNull();
                            assertThat(mark).isEqualTo(new RestoreMark("r1", false));
                        }
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(3 * 4 * 3 * 4);
    }

    @Test
    void aRestoreRunningAsATaskMayPromoteBeforeItHoldsTheKey() {
        Action a = requested("b").noLeader().primary(3, 9000).restoreMark("r1", false)
                .task(TaskState.Kind.RESTORE, true, false).decide();
        assertThat(a).isInstanceOf(Wait.class);
    }

    @Test
    void anUnreachableEtcdDuringARestoreKeepsTheUsualSafetyRule() {
        Action a = requested("a").etcdDown().primary(2, 5000).decide();
        assertThat(a).isInstanceOf(Action.Demote.class);
    }
}
