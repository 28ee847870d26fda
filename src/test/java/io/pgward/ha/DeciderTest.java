package io.pgward.ha;

import io.pgward.ha.Action.DemoteMode;
import io.pgward.ha.LocalState.PgState;
import io.pgward.ha.TaskState.Kind;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.pgward.ha.Situation.node;
import static org.assertj.core.api.Assertions.assertThat;

class DeciderTest {

    @Nested
    class Bootstrap {
        @Test
        void emptyClusterWithoutInitializeKeyRacesToBootstrap() {
            Action a = node("a").emptyDataDir().initialize(null).noLeader().decide();
            assertThat(a).isInstanceOf(Action.Bootstrap.class);
            assertThat(a.reason()).contains("racing to bootstrap");
        }

        @Test
        void nofailoverNodeNeverBootstraps() {
            Action a = node("a").emptyDataDir().initialize(null).nofailover().decide();
            assertThat(a).isInstanceOf(Action.Wait.class);
            assertThat(a.reason()).contains("nofailover");
        }

        @Test
        void whileAnotherNodeInitializesWeWait() {
            Action a = node("a").emptyDataDir().initialize("").member("b", "initializing new cluster").decide();
            assertThat(a).isInstanceOf(Action.Wait.class);
            assertThat(a.reason()).contains("finish bootstrapping");
        }

        @Test
        void initializeKeyWithNobodyInitializingIsClearedAsStale() {
            Action a = node("a").emptyDataDir().initialize("").member("b", "stopped").decide();
            assertThat(a).isInstanceOf(Action.ClearStaleInitialize.class);
            assertThat(a.reason()).contains("no member is initializing");
        }

        @Test
        void initializedClusterWithoutLeaderIsNotClearedButWaitedFor() {
            Action a = node("a").emptyDataDir().initialize("7300000000000000001").noLeader().decide();
            assertThat(a).isInstanceOf(Action.Wait.class);
            assertThat(a.reason()).contains("waiting for a leader");
        }

        @Test
        void emptyNodeClonesFromTheLeader() {
            Action a = node("a").emptyDataDir().leader("b").decide();
            assertThat(a).isEqualTo(new Action.Clone("b", "cloning from leader b"));
        }

        @Test
        void failedBootstrapStopsTheAgent() {
            Action a = node("a").emptyDataDir().initialize(null).task(Kind.BOOTSTRAP, false, false).decide();
            assertThat(a).isInstanceOf(Action.Fatal.class);
            assertThat(a.reason()).contains("initialize key was released");
        }

        @Test
        void bootstrapInProgressOnlyWaits() {
            Action a = node("a").emptyDataDir().initialize("").task(Kind.BOOTSTRAP, true, false).decide();
            assertThat(a).isInstanceOf(Action.Wait.class);
            assertThat(a.reason()).isEqualTo("bootstrap in progress");
        }

        @Test
        void emptyDataDirWhileHoldingTheKeyReleasesIt() {
            Action a = node("a").emptyDataDir().leader("a").decide();
            assertThat(a).isInstanceOf(Action.ReleaseLeader.class);
        }

        @Test
        void pausedEmptyNodeDoesNothing() {
            Action a = node("a").emptyDataDir().leader("b").paused().decide();
            assertThat(a).isInstanceOf(Action.Wait.class);
            assertThat(a.reason()).startsWith("paused");
        }

        @Test
        void dataOfAnotherClusterIsFatal() {
            Action a = node("a").leader("b").systemId("7399999999999999999").decide();
            assertThat(a).isInstanceOf(Action.Fatal.class);
            assertThat(a.reason()).contains("different cluster").contains("7399999999999999999");
        }

        @Test
        void primaryWithMissingInitializeKeyRecordsItsSystemId() {
            Action a = node("a").initialize(null).noLeader().primary(1, 100).decide();
            assertThat(a).isEqualTo(new Action.WriteInitialize("7300000000000000001",
                    "the initialize key is missing: recording my system identifier"));
        }
    }

    @Nested
    class SteadyState {
        @Test
        void leaderWithRenewedLeaseStaysPrimary() {
            Action a = node("a").leader("a").primary(1, 100).decide();
            assertThat(a).isInstanceOf(Action.LeadAsPrimary.class);
            assertThat(a.reason()).contains("leader with the lock");
        }

        @Test
        void replicaFollowingTheLeaderWaits() {
            Action a = node("a").leader("b").replicaOf("b", 100).decide();
            assertThat(a).isInstanceOf(Action.Wait.class);
            assertThat(a.reason()).contains("following leader b");
        }

        @Test
        void replicaFollowingTheWrongLeaderSwitches() {
            Action a = node("a").leader("c").member("b", "running").replicaOf("b", 100).decide();
            assertThat(a).isEqualTo(new Action.Follow("c", "following new leader c (was b)"));
        }

        @Test
        void replicaThatJustStoppedStreamingWaitsForItsReceiverToReconnect() {
            Action a = node("a").leader("b").replicaOf("b", 100).notStreamingFor(Duration.ofSeconds(4)).decide();
            assertThat(a).isInstanceOf(Action.Wait.class);
            assertThat(a.reason()).contains("not streaming yet");
        }

        @Test
        void replicaNotStreamingForALoopWaitChecksWhetherItDivergedFromTheLeader() {
            Action a = node("a").leader("b").config("loop_wait", 10).replicaOf("b", 100)
                    .notStreamingFor(Duration.ofSeconds(10)).decide();
            assertThat(a).isEqualTo(new Action.CheckDivergence("b",
                    "not streaming from leader b for 10s: checking whether my WAL diverged from its timeline"));
        }

        @Test
        void divergenceCheckWaitsAtLeastFiveSecondsWhateverTheLoopWait() {
            Situation s = node("a").leader("b").config("loop_wait", 1).replicaOf("b", 100);
            assertThat(s.notStreamingFor(Duration.ofSeconds(4)).decide()).isInstanceOf(Action.Wait.class);
            assertThat(s.notStreamingFor(Duration.ofSeconds(5)).decide()).isInstanceOf(Action.CheckDivergence.class);
        }

        @Test
        void streamingReplicaNeverChecksForDivergence() {
            Situation s = node("a").leader("b").replicaOf("b", 100);
            s.notStreamingSince = s.now.minusSeconds(3600);
            assertThat(s.decide()).isInstanceOf(Action.Wait.class);
        }

        @Test
        void stoppedReplicaIsStartedFollowingTheLeader() {
            Action a = node("a").leader("b").replicaOf("b", 100).pg(PgState.STOPPED).decide();
            assertThat(a).isInstanceOf(Action.StartReplica.class);
            assertThat(((Action.StartReplica) a).upstream()).isEqualTo("b");
        }

        @Test
        void startingPostgresIsWaitedFor() {
            Action a = node("a").leader("b").pg(PgState.STARTING).decide();
            assertThat(a).isInstanceOf(Action.Wait.class);
            assertThat(a.reason()).isEqualTo("PostgreSQL is starting");
        }

        @Test
        void cloneInProgressWaits() {
            Action a = node("a").emptyDataDir().leader("b").task(Kind.CLONE, true, false).decide();
            assertThat(a.reason()).isEqualTo("clone from the leader in progress");
        }
    }

    @Nested
    class LeaseAndEtcd {
        @Test
        void primaryThatCannotReachEtcdDemotesOffline() {
            Action a = node("a").etcdDown().primary(1, 100).decide();
            assertThat(a).isEqualTo(new Action.Demote(DemoteMode.OFFLINE,
                    "etcd is unreachable: stepping down to read-only before my leader lease can expire"));
        }

        @Test
        void replicaThatCannotReachEtcdKeepsRunning() {
            Action a = node("a").etcdDown().replicaOf("b", 100).decide();
            assertThat(a).isInstanceOf(Action.Wait.class);
        }

        @Test
        void stoppedNodeWithoutEtcdStartsReadOnly() {
            Action a = node("a").etcdDown().pg(PgState.STOPPED).decide();
            assertThat(a).isEqualTo(new Action.StartReplica(null,
                    "etcd is unreachable: starting PostgreSQL read-only until it answers"));
        }

        @Test
        void primaryWhoseRenewalFailedDemotesAtOnce() {
            Action a = node("a").leader("a").primary(1, 100).renewFails().decide();
            assertThat(a).isInstanceOf(Action.Demote.class);
            assertThat(((Action.Demote) a).mode()).isEqualTo(DemoteMode.IMMEDIATE_NOLOCK);
        }

        @Test
        void primaryWhenAnotherNodeHoldsTheKeyDemotes() {
            Action a = node("a").leader("b").primary(1, 100).decide();
            assertThat(a).isInstanceOf(Action.Demote.class);
            assertThat(a.reason()).contains("b holds the leader key");
        }

        @Test
        void leaderWithStandbyPostgresPromotes() {
            Action a = node("a").leader("a").replicaOf(null, 100).decide();
            assertThat(a).isInstanceOf(Action.Promote.class);
        }

        @Test
        void leaderWhosePostgresCrashedRestartsInPlace() {
            Action a = node("a").leader("a").primary(1, 100).pg(PgState.STOPPED).decide();
            assertThat(a).isInstanceOf(Action.StartPrimary.class);
            assertThat(a.reason()).contains("restarting it in place");
        }

        // Hazard 5: the promotion blocked the loop, so nothing renewed the lease while pre_promote, pg_promote and the
        // checkpoint ran. It now runs as a task; the loop renews meanwhile and steps down if a renewal fails.
        @Test
        void promotionInProgressKeepsTheRenewedLease() {
            Action a = node("a").leader("a").replicaOf(null, 100).task(Kind.PROMOTE, true, false).decide();
            assertThat(a).isEqualTo(new Action.Wait("promotion in progress (leader lease renewed)"));
        }

        @Test
        void promotionInProgressWhoseRenewalFailedOnANowWritablePrimaryStepsDown() {
            Action a = node("a").leader("a").primary(2, 100).renewFails().task(Kind.PROMOTE, true, false).decide();
            assertThat(a).isInstanceOf(Action.Demote.class);
            assertThat(((Action.Demote) a).mode()).isEqualTo(DemoteMode.IMMEDIATE_NOLOCK);
            assertThat(a.reason()).contains("while promotion is in progress");
        }

        @Test
        void promotionInProgressWhoseRenewalFailedBeforeTheSwitchWaitsForTheTask() {
            Action a = node("a").leader("a").replicaOf(null, 100).renewFails().task(Kind.PROMOTE, true, false).decide();
            assertThat(a).isInstanceOf(Action.Wait.class);
        }

        @Test
        void restartOfAPrimaryWhoseRenewalFailedStepsDown() {
            Action a = node("a").leader("a").primary(1, 100).renewFails().task(Kind.RESTART, true, false).decide();
            assertThat(a).isInstanceOf(Action.Demote.class);
        }

        @Test
        void aPromotionThatFailedIsRetriedWhileHoldingTheKey() {
            Action a = node("a").leader("a").replicaOf(null, 100).task(Kind.PROMOTE, false, false).decide();
            assertThat(a).isInstanceOf(Action.Promote.class);
        }

        @Test
        void leaderWhoseRestartFailedReleasesTheKey() {
            Action a = node("a").leader("a").pg(PgState.STOPPED).task(Kind.START_PRIMARY, false, false).decide();
            assertThat(a).isInstanceOf(Action.ReleaseLeader.class);
        }

        // Hazard: a primary that does not answer its status query looked "starting", and neither a failed renewal,
        // nor lost etcd, nor another node's key stopped it: a hung primary could stay writable beside a new one.
        @Test
        void unansweringPrimaryWhoseRenewalFailedIsStopped() {
            Action a = node("a").leader("a").primary(1, 100).pg(PgState.STARTING).renewFails().decide();
            assertThat(a).isInstanceOf(Action.Demote.class);
            assertThat(((Action.Demote) a).mode()).isEqualTo(DemoteMode.IMMEDIATE_NOLOCK);
        }

        @Test
        void unansweringPrimaryWithoutEtcdIsStopped() {
            Action a = node("a").etcdDown().primary(1, 100).pg(PgState.STARTING).decide();
            assertThat(a).isInstanceOf(Action.Demote.class);
            assertThat(a.reason()).contains("does not answer").contains("standby.signal");
        }

        @Test
        void unansweringPrimaryWhileAnotherNodeHoldsTheKeyIsStopped() {
            Action a = node("a").leader("b").primary(1, 100).pg(PgState.STARTING).decide();
            assertThat(a).isInstanceOf(Action.Demote.class);
            assertThat(a.reason()).contains("b holds the leader key").contains("may accept writes");
        }

        @Test
        void startingStandbyIsWaitedForWhateverEtcdSays() {
            assertThat(node("a").leader("b").replicaOf("b", 100).pg(PgState.STARTING).decide())
                    .isEqualTo(new Action.Wait("PostgreSQL is starting"));
            assertThat(node("a").etcdDown().replicaOf("b", 100).pg(PgState.STARTING).decide())
                    .isInstanceOf(Action.Wait.class);
        }

        @Test
        void pausedLeaderWithStoppedPostgresDoesNotRestartIt() {
            Action a = node("a").leader("a").pg(PgState.STOPPED).paused().decide();
            assertThat(a).isInstanceOf(Action.Wait.class);
        }
    }

    @Nested
    class LeaderRace {
        @Test
        void afterPrePromoteRefusedTheReplicaBacksOffForATtl() {
            Situation s = node("a").noLeader().replicaOf("b", 500);
            s.noRaceUntil = s.now.plusSeconds(30);
            Action a = s.decide();
            assertThat(a).isInstanceOf(Action.Wait.class);
            assertThat(a.reason()).contains("pre_promote refused");
            s.noRaceUntil = s.now.minusSeconds(1);
            assertThat(s.decide()).isInstanceOf(Action.AcquireLeader.class);
        }

        @Test
        void healthiestReplicaTakesTheKey() {
            Action a = node("a").noLeader().replicaOf("b", 500).peer("c", true, 400).decide();
            assertThat(a).isInstanceOf(Action.AcquireLeader.class);
            assertThat(a.reason()).contains("healthiest");
        }

        @Test
        void replicaBehindAPeerDoesNotRace() {
            Action a = node("a").noLeader().replicaOf("b", 400).peer("c", true, 500).decide();
            assertThat(a).isInstanceOf(Action.Wait.class);
            assertThat(a.reason()).contains("c is ahead of me");
        }

        @Test
        void aPeerStillPrimaryBlocksTheRace() {
            Action a = node("a").noLeader().replicaOf("b", 500).peer("b", false, 100).decide();
            assertThat(a.reason()).contains("b still runs as primary");
        }

        @Test
        void unreachablePeersAreIgnored() {
            Action a = node("a").noLeader().replicaOf("b", 500).peer(PeerStatus.unreachable("b")).decide();
            assertThat(a).isInstanceOf(Action.AcquireLeader.class);
        }

        @Test
        void nofailoverPeersAheadDoNotBlock() {
            Action a = node("a").noLeader().replicaOf("b", 400)
                    .peer(new PeerStatus("c", true, true, 900, true, 0)).decide();
            assertThat(a).isInstanceOf(Action.AcquireLeader.class);
        }

        @Test
        void nofailoverNodeNeverRaces() {
            Action a = node("a").noLeader().replicaOf("b", 900).nofailover().decide();
            assertThat(a.reason()).contains("nofailover");
        }

        @Test
        void laggingTooFarBehindTheLastPrimaryPositionDoesNotRace() {
            Action a = node("a").noLeader().replicaOf("b", 1000).statusOptime(1000 + 2 * 1048576).decide();
            assertThat(a).isInstanceOf(Action.Wait.class);
            assertThat(a.reason()).contains("maximum_lag_on_failover is 1048576");
        }

        @Test
        void lagWithinTheLimitRaces() {
            Action a = node("a").noLeader().replicaOf("b", 1000).statusOptime(1000 + 1048576).decide();
            assertThat(a).isInstanceOf(Action.AcquireLeader.class);
        }

        @Test
        void equalPositionHigherPriorityWins() {
            Action a = node("a").noLeader().replicaOf("b", 500)
                    .peer(new PeerStatus("c", true, true, 500, false, 5)).decide();
            assertThat(a.reason()).contains("higher failover_priority");
        }

        @Test
        void morePositionBeatsPriority() {
            Action a = node("a").noLeader().replicaOf("b", 600)
                    .peer(new PeerStatus("c", true, true, 500, false, 5)).decide();
            assertThat(a).isInstanceOf(Action.AcquireLeader.class);
        }

        @Test
        void pausedClusterHasNoAutomaticFailover() {
            Action a = node("a").noLeader().replicaOf("b", 600).paused().decide();
            assertThat(a.reason()).contains("no automatic failover");
        }

        @Test
        void primaryWithoutKeyTakesItBack() {
            Action a = node("a").noLeader().primary(2, 600).decide();
            assertThat(a).isInstanceOf(Action.AcquireLeader.class);
        }

        @Test
        void stalePrimaryOnAnOldTimelineDemotes() {
            Action a = node("a").noLeader().primary(1, 600).history(new HistoryEntry(1, 500, "r", null, "b")).decide();
            assertThat(a).isInstanceOf(Action.Demote.class);
            assertThat(a.reason()).contains("timeline 2");
        }

        @Test
        void manualFailoverCandidateTakesTheKey() {
            Action a = node("a").noLeader().replicaOf("b", 100).peer("c", true, 900).failover(null, "a").decide();
            assertThat(a).isInstanceOf(Action.AcquireLeader.class);
            assertThat(a.reason()).contains("manual failover");
        }

        @Test
        void othersDeferToAHealthyManualCandidate() {
            Action a = node("a").noLeader().replicaOf("b", 900).peer("c", true, 100).failover(null, "c").decide();
            assertThat(a.reason()).contains("letting it take over");
        }

        @Test
        void stoppedReplicaWithNoLeaderStartsReadOnly() {
            Action a = node("a").noLeader().replicaOf("b", 100).pg(PgState.STOPPED).decide();
            assertThat(a).isInstanceOf(Action.StartReplica.class);
            assertThat(((Action.StartReplica) a).upstream()).isNull();
        }
    }

    /** Pause holds: as Patroni, nothing is stopped, demoted or taken over on the agent's own initiative. */
    @Nested
    class Pause {
        @Test
        void pausedPrimaryWhoseEtcdIsGoneKeepsRunning() {
            Situation s = node("a").etcdDown().primary(1, 100);
            s.pausedWhenLastSeen = true;
            Action a = s.decide();
            assertThat(a).isInstanceOf(Action.Wait.class);
            assertThat(a.reason()).contains("paused when last seen");
        }

        @Test
        void unpausedPrimaryWhoseEtcdIsGoneStillStepsDown() {
            Situation s = node("a").etcdDown().primary(1, 100);
            s.pausedWhenLastSeen = false;
            assertThat(s.decide()).isInstanceOf(Action.Demote.class);
        }

        @Test
        void pausedLeaderWhoseRenewalFailedStaysPrimary() {
            Action a = node("a").leader("a").primary(1, 100).renewFails().paused().decide();
            assertThat(a).isInstanceOf(Action.Wait.class);
        }

        @Test
        void pausedPrimaryRestartedAgentTakesTheFreeKeyBack() {
            Action a = node("a").noLeader().primary(1, 100).paused().decide();
            assertThat(a).isInstanceOf(Action.AcquireLeader.class);
            assertThat(a.reason()).contains("paused");
        }

        @Test
        void pausedPrimaryBehindTheClustersTimelineDoesNotTakeTheKey() {
            Action a = node("a").noLeader().primary(1, 100).history(new HistoryEntry(1, 50, "r", "t", "b"))
                    .history(new HistoryEntry(2, 80, "r", "t", "b")).paused().decide();
            assertThat(a).isNotInstanceOf(Action.AcquireLeader.class);
        }

        @Test
        void pausedPrimaryBesideAnotherLeaderIsNotDemoted() {
            Action a = node("a").leader("b").primary(1, 100).paused().decide();
            assertThat(a).isInstanceOf(Action.Wait.class);
            assertThat(a.reason()).startsWith("paused, so not acting on:");
        }

        @Test
        void pausedReplicaNotStreamingIsNotStoppedToRewind() {
            Action a = node("a").leader("b").replicaOf("b", 100).notStreamingFor(java.time.Duration.ofMinutes(5))
                    .paused().decide();
            assertThat(a).isInstanceOf(Action.Wait.class);
        }

        @Test
        void pausedSwitchoverStillDemotesGracefully() {
            Action a = node("a").leader("a").primary(1, 1000).streamingReplica("b").failover("a", "b").paused().decide();
            assertThat(a).isEqualTo(new Action.Demote(Action.DemoteMode.GRACEFUL,
                    "switchover to b requested: stopping cleanly and releasing the leader key"));
        }
    }
}
