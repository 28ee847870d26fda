package io.pgward.ha;

import io.pgward.ha.Action.DemoteMode;
import io.pgward.ha.LocalState.DataDir;
import io.pgward.ha.LocalState.PgState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Map;

import static io.pgward.ha.Situation.node;
import static org.assertj.core.api.Assertions.assertThat;

/** The standby leader and the members of a standby cluster (standby_cluster set), as Patroni's. */
class StandbyClusterRulesTest {

    private static final String REMOTE = "remote dc1:5433";

    private static Situation standby(String me) {
        return node(me).standbyCluster("dc1", 5433);
    }

    @Test
    void theStandbyLeaderFollowsTheRemotePrimaryInsteadOfPromoting() {
        Action a = standby("a").leader("a").replicaOf("b", 1000).decide();

        assertThat(a).isEqualTo(new Action.Follow(REMOTE, REMOTE, "I hold the leader key of a standby cluster:"
                + " following the remote primary dc1:5433 as its standby leader (was b)"));
    }

    @Test
    void aStandbyLeaderFollowingTheRemoteStaysAsItIs() {
        Action a = standby("a").leader("a").replicaOf(REMOTE, 1000).decide();

        assertThat(a).isEqualTo(new Action.LeadAsStandbyLeader("no action: I am the standby leader with the lock,"
                + " following the remote primary dc1:5433"));
    }

    @Test
    void aChangedRemoteIsFollowedAtOnce() {
        Action a = standby("a").leader("a").replicaOf("remote dc0:5432", 1000).decide();

        assertThat(a).isInstanceOf(Action.Follow.class);
        assertThat(((Action.Follow) a).upstream()).isEqualTo(REMOTE);
        assertThat(a.reason()).contains("(was remote dc0:5432)");
    }

    @Test
    void aStandbyLeaderThatDoesNotStreamChecksItsTimelineAgainstTheRemote() {
        Action a = standby("a").leader("a").replicaOf(REMOTE, 1000).notStreamingFor(Duration.ofSeconds(30)).decide();

        assertThat(a).isInstanceOf(Action.CheckDivergence.class);
        assertThat(((Action.CheckDivergence) a).leader()).isEqualTo(REMOTE);
        assertThat(a.reason()).contains("not streaming from the remote primary dc1:5433 for 30s");
    }

    @Test
    void aStandbyLeaderThatOnlyRestoresFromTheArchiveDoesNotCheckForDivergence() {
        Action a = node("a").config("standby_cluster", Map.of("restore_command", "cp /a/%f %p")).leader("a")
                .replicaOf("remote archive", 1000).notStreamingFor(Duration.ofSeconds(30)).decide();

        assertThat(a).isEqualTo(new Action.LeadAsStandbyLeader("no action: I am the standby leader with the lock,"
                + " following the archive (restore_command)"));
    }

    @Test
    void aPrimaryHoldingTheKeyWhenStandbyClusterIsSetDemotesToStandbyLeader() {
        Action a = standby("a").leader("a").primary(3, 5000).decide();

        assertThat(a).isInstanceOf(Action.Demote.class);
        assertThat(((Action.Demote) a).mode()).isEqualTo(DemoteMode.DEMOTE_CLUSTER);
        assertThat(a.reason()).contains("demote-cluster", "dc1:5433");
    }

    @Test
    void theStandbyLeaderStartsItsStoppedPostgresqlFollowingTheRemote() {
        Action a = standby("a").leader("a").replicaOf(REMOTE, 1000).pg(PgState.STOPPED).decide();

        assertThat(a).isEqualTo(new Action.StartReplica(REMOTE, REMOTE, "PostgreSQL is down and I am the standby"
                + " leader: starting it as a standby of the remote primary dc1:5433"));
    }

    @Test
    void aFormerPrimaryStoppedByDemoteClusterStartsAsStandbyLeaderNotAsPrimary() {
        Action a = standby("a").leader("a").primary(3, 5000).pg(PgState.STOPPED).decide();

        assertThat(a).isInstanceOf(Action.StartReplica.class);
        assertThat(((Action.StartReplica) a).upstream()).isEqualTo(REMOTE);
    }

    @Test
    void aStandbyLeaderNeverPromotesWhateverItsState() {
        for (PgState pg : PgState.values()) {
            for (boolean streaming : new boolean[] {true, false}) {
                Situation s = standby("a").leader("a");
                s.local = new LocalState(DataDir.PRESENT, "7300000000000000001", pg, true, 1, 1000, REMOTE, streaming);
                assertThat(s.decide()).as("%s streaming=%s", pg, streaming).isNotInstanceOf(Action.Promote.class)
                        .isNotInstanceOf(Action.StartPrimary.class).isNotInstanceOf(Action.LeadAsPrimary.class);
            }
        }
    }

    @Test
    void withoutStandbyClusterTheSameStandbyLeaderPromotes() {
        Action a = node("a").leader("a").replicaOf(REMOTE, 1000).decide();

        assertThat(a).isInstanceOf(Action.Promote.class);
    }

    @Test
    void aSwitchoverRequestInAStandbyClusterIsDroppedWithTheReason() {
        Action a = standby("a").leader("a").replicaOf(REMOTE, 1000).failover("a", "b").decide();

        assertThat(a).isInstanceOf(Action.ClearFailover.class);
        assertThat(a.reason()).contains("not supported");
    }

    @Test
    void aReplicaOfAStandbyClusterStreamsFromTheStandbyLeaderAndChecksItsTimelineAgainstTheRemote() {
        Action a = standby("b").leader("a").replicaOf("c", 1000).decide();

        assertThat(a).isInstanceOf(Action.Follow.class);
        assertThat(((Action.Follow) a).upstream()).isEqualTo("a");
        assertThat(((Action.Follow) a).leader()).isEqualTo(REMOTE);
    }

    @Test
    void aReplicaFollowingTheStandbyLeaderSaysSo() {
        Action a = standby("b").leader("a").replicaOf("a", 1000).decide();

        assertThat(a).isEqualTo(new Action.Wait("no action: following standby leader a"));
    }

    @Test
    void aReplicaThatDoesNotStreamChecksDivergenceAgainstTheRemoteNotTheStandbyLeaderInRecovery() {
        Action a = standby("b").leader("a").replicaOf("a", 1000).notStreamingFor(Duration.ofSeconds(30)).decide();

        assertThat(a).isInstanceOf(Action.CheckDivergence.class);
        assertThat(((Action.CheckDivergence) a).leader()).isEqualTo(REMOTE);
    }

    @Test
    void aStoppedReplicaStartsFromTheStandbyLeaderRewindingAgainstTheRemote() {
        Action a = standby("b").leader("a").replicaOf("a", 1000).pg(PgState.STOPPED).decide();

        assertThat(a).isInstanceOf(Action.StartReplica.class);
        assertThat(((Action.StartReplica) a).upstream()).isEqualTo("a");
        assertThat(((Action.StartReplica) a).leader()).isEqualTo(REMOTE);
    }

    @Test
    void aReplicaRunningAsPrimaryInAStandbyClusterDemotesAtOnce() {
        Action a = standby("b").leader("a").primary(2, 1000).decide();

        assertThat(a).isInstanceOf(Action.Demote.class);
        assertThat(((Action.Demote) a).mode()).isEqualTo(DemoteMode.IMMEDIATE_NOLOCK);
    }

    @Test
    void whenTheStandbyLeaderIsGoneTheHealthiestReplicaTakesTheKey() {
        Action a = standby("b").noLeader().replicaOf("a", 5000).peer("c", true, 4000).decide();

        assertThat(a).isInstanceOf(Action.AcquireLeader.class);
    }

    @Test
    void aReplicaBehindAnotherDoesNotTakeTheKey() {
        Action a = standby("b").noLeader().replicaOf("a", 1000).peer("c", true, 4_000_000).decide();

        assertThat(a).isInstanceOf(Action.Wait.class);
    }

    @Test
    void synchronousModeDoesNotHoldBackTheRaceInAStandbyCluster() {
        Situation s = standby("b").config("synchronous_mode", true).noLeader().replicaOf("a", 5000);
        s.sync = new SyncState("a", java.util.List.of("c"), 1);

        Action a = s.decide();

        assertThat(a).isInstanceOf(Action.AcquireLeader.class);
    }

    @Test
    void anEmptyMemberClonesFromTheStandbyLeader() {
        Action a = standby("b").emptyDataDir().leader("a").decide();

        assertThat(a).isEqualTo(new Action.Clone("a", "cloning from leader a"));
    }

    @ParameterizedTest
    @EnumSource(PgState.class)
    void whilePausedAStandbyLeaderIsNotDemotedOnPgwardsOwnInitiative(PgState pg) {
        Situation s = standby("a").leader("a").paused();
        s.local = new LocalState(DataDir.PRESENT, "7300000000000000001", pg, false, 1, 1000, null, false);

        assertThat(s.decide()).isNotInstanceOf(Action.Demote.class);
    }
}
