package io.pgward.ha;

import io.pgward.ha.Action.DemoteMode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.pgward.ha.Situation.node;
import static org.assertj.core.api.Assertions.assertThat;

class SwitchoverTest {

    private static Situation leaderA() {
        return node("a").leader("a").primary(1, 1000).streamingReplica("b").streamingReplica("c");
    }

    @Test
    void leaderDemotesGracefullyForAHealthyCandidate() {
        Action a = leaderA().failover("a", "b").decide();
        assertThat(a).isEqualTo(new Action.Demote(DemoteMode.GRACEFUL,
                "switchover to b requested: stopping cleanly and releasing the leader key"));
    }

    @Test
    void switchoverWithoutCandidatePicksAHealthyReplica() {
        Action a = leaderA().failover("a", null).decide();
        assertThat(a).isInstanceOf(Action.Demote.class);
        assertThat(a.reason()).contains("healthiest replica");
    }

    @Test
    void requestNamingAnotherLeaderIsDiscarded() {
        Action a = leaderA().failover("z", "b").decide();
        assertThat(a).isInstanceOf(Action.ClearFailover.class);
        assertThat(a.reason()).contains("names z as leader");
    }

    @Test
    void unhealthyCandidateIsRefused() {
        Action a = leaderA().member("b", "stopped").failover("a", "b").decide();
        assertThat(a).isInstanceOf(Action.ClearFailover.class);
        assertThat(a.reason()).contains("b is not running (state: stopped)");
    }

    @Test
    void noHealthyReplicaMeansNoSwitchover() {
        Action a = node("a").leader("a").primary(1, 1000).member("b", "stopped").failover("a", null).decide();
        assertThat(a).isInstanceOf(Action.ClearFailover.class);
    }

    @Test
    void scheduledSwitchoverWaitsForItsTime() {
        Situation s = leaderA();
        s.scheduledSwitchover("a", "b", s.now.plusSeconds(60));
        Action a = s.decide();
        assertThat(a).isInstanceOf(Action.LeadAsPrimary.class);
        assertThat(a.reason()).contains("switchover scheduled at");
    }

    @Test
    void scheduledSwitchoverRunsWhenDue() {
        Situation s = leaderA();
        s.scheduledSwitchover("a", "b", s.now.minusSeconds(1));
        assertThat(s.decide()).isInstanceOf(Action.Demote.class);
    }

    @Test
    void candidateThatIsAlreadyLeaderClearsTheRequest() {
        assertThat(leaderA().failover("a", "a").decide()).isInstanceOf(Action.ClearFailover.class);
    }

    @Test
    void pausedSwitchoverNeedsANamedCandidate() {
        assertThat(leaderA().paused().failover("a", null).decide()).isInstanceOf(Action.ClearFailover.class);
        assertThat(leaderA().paused().failover("a", "b").decide()).isInstanceOf(Action.Demote.class);
    }

    @Test
    void pausedSwitchoverCandidateTakesTheFreedKeyInsteadOfLeavingTheClusterWithoutLeader() {
        // Regression: the leader demoted for a switchover accepted while paused, but the candidate waited for the
        // resume like any paused node, and the cluster had no leader and no primary.
        Action a = node("b").noLeader().paused().replicaOf(null, 2000).peer("a", true, 2000).failover("a", "b")
                .decide();
        assertThat(a).isInstanceOf(Action.AcquireLeader.class);
        assertThat(a.reason()).contains("paused").contains("switchover");
    }

    @Test
    void pausedNodeNotNamedByTheSwitchoverStillWaits() {
        Action a = node("c").noLeader().paused().replicaOf(null, 2000).peer("b", true, 2000).failover("a", "b")
                .decide();
        assertThat(a).isInstanceOf(Action.Wait.class);
    }

    @Test
    void formerLeaderWaitsForItsSwitchoverForAtMostOneTtl() {
        // Hazard: a candidate that answers but cannot win kept the former leader waiting for ever, with no leader.
        Situation s = node("a").noLeader().config("ttl", 30).replicaOf(null, 2000).peer("b", true, 2000)
                .failover("a", null);
        s.failoverSince = s.now.minusSeconds(29);
        assertThat(s.decide()).isInstanceOf(Action.Wait.class);
        s.failoverSince = s.now.minusSeconds(30);
        Action a = s.decide();
        assertThat(a).isInstanceOf(Action.ClearFailover.class);
        assertThat(a.reason()).contains("more than ttl (30s)");
    }

    @Test
    void formerLeaderTakesTheKeyBackWhenTheCandidateIsGone() {
        Action a = node("a").noLeader().replicaOf(null, 2000).peer(PeerStatus.unreachable("b"))
                .failover("a", "b").decide();
        assertThat(a).isInstanceOf(Action.AcquireLeader.class);
    }

    @Test
    void formerLeaderDoesNotRaceDuringItsOwnSwitchover() {
        Action a = node("a").noLeader().replicaOf(null, 2000).peer("b", true, 2000).failover("a", "b").decide();
        assertThat(a).isInstanceOf(Action.Wait.class);
        assertThat(a.reason()).contains("switchover away from me");
    }

    @Test
    void candidateTakesTheFreedKey() {
        Action a = node("b").noLeader().replicaOf("a", 2000).failover("a", "b").decide();
        assertThat(a).isInstanceOf(Action.AcquireLeader.class);
    }

    private static Situation syncLeaderA(String... syncStandbys) {
        Situation s = leaderA().config("synchronous_mode", true);
        s.sync = new SyncState("a", List.of(syncStandbys), 5);
        return s;
    }

    @Test
    void synchronousModeRefusesAnAsyncCandidate() {
        Action a = syncLeaderA("c").failover("a", "b").decide();
        assertThat(a).isInstanceOf(Action.ClearFailover.class);
        assertThat(a.reason()).contains("b is not a synchronous standby");
    }

    @Test
    void synchronousModeSwitchesOverToTheSyncStandby() {
        assertThat(syncLeaderA("c").failover("a", "c").decide()).isInstanceOf(Action.Demote.class);
        assertThat(syncLeaderA("c").failover("a", null).decide()).isInstanceOf(Action.Demote.class);
    }

    @Test
    void synchronousModeWithoutSyncStandbyHasNoCandidate() {
        Action a = syncLeaderA().failover("a", null).decide();
        assertThat(a).isInstanceOf(Action.ClearFailover.class);
        assertThat(a.reason()).contains("no healthy synchronous standby");
    }

    @Test
    void nofailoverCandidateIsRefusedWithTheReason() {
        Situation s = node("a").leader("a").primary(1, 1000).streamingReplica("b");
        s.members.add(new Member("c", "http://h/c", "postgres://h:5432/postgres", "replica", "running", 900, 1,
                "streaming", true, 0, false, Map.of()));
        Action a = s.failover("a", "c").decide();
        assertThat(a).isInstanceOf(Action.ClearFailover.class);
        assertThat(a.reason()).contains("c is tagged nofailover");
    }

    // Hazard 8: after a switchover without candidate the old primary confirmed that one replica had its whole WAL,
    // but any replica within maximum_lag_on_failover (1 MB by default) could win the race and lose the difference.
    @Test
    void afterAHandOverAReplicaMissingPartOfTheOldPrimarysWalDoesNotRace() {
        Situation s = node("c").noLeader().replicaOf(null, 990).statusOptime(1000).failover("a", null);
        s.failoverSince = s.now.minusSeconds(3);
        Action a = s.decide();
        assertThat(a).isInstanceOf(Action.Wait.class);
        assertThat(a.reason()).contains("handed over at WAL position 1000").contains("10 bytes less");
    }

    @Test
    void afterAHandOverAReplicaWithTheWholeWalRaces() {
        Situation s = node("c").noLeader().replicaOf(null, 1000).statusOptime(1000).failover("a", null);
        s.failoverSince = s.now.minusSeconds(3);
        assertThat(s.decide()).isInstanceOf(Action.AcquireLeader.class);
    }

    @Test
    void oneTtlAfterAnUnfinishedHandOverTheLagLimitAppliesAgain() {
        Situation s = node("c").noLeader().replicaOf(null, 990).statusOptime(1000).failover("a", null);
        s.failoverSince = s.now.minusSeconds(31);    // default ttl is 30
        assertThat(s.decide()).isInstanceOf(Action.AcquireLeader.class);
    }

    @Test
    void withoutASwitchoverTheLagLimitStillApplies() {
        Action a = node("c").noLeader().replicaOf(null, 990).statusOptime(1000).decide();
        assertThat(a).isInstanceOf(Action.AcquireLeader.class);
    }
}
