package io.pgward.ha;

import io.pgward.ha.LocalState.PgState;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.pgward.ha.Situation.node;
import static org.assertj.core.api.Assertions.assertThat;

/** How the upstream choice plugs into the decision: which member a replica follows, starts from, clones from. */
class CascadingDecisionsTest {

    /** Node c, tagged replicatefrom: b; leader l; b streams from l. */
    private static Situation c() {
        return node("c").leader("l").statusOptime(1000).member("b", "running", "streaming", 1000, Map.of())
                .cascading("c", "b", 1000);
    }

    @Test
    void aReplicaStreamingFromTheLeaderMovesToItsReplicatefromMember() {
        Action a = c().replicaOf("l", 1000).decide();
        assertThat(a).isEqualTo(new Action.Follow("b", "l", "streaming from b (replicatefrom), leader l (was l)"));
    }

    @Test
    void aReplicaStreamingFromItsReplicatefromMemberWaits() {
        Action a = c().replicaOf("b", 1000).decide();
        assertThat(a).isEqualTo(new Action.Wait("no action: streaming from b (replicatefrom), leader l"));
    }

    @Test
    void whenTheReplicatefromMemberStopsItFollowsTheLeaderAndSaysWhy() {
        Action a = c().member("b", "stopped", null, 1000, Map.of()).replicaOf("b", 1000).decide();
        assertThat(a).isEqualTo(new Action.Follow("l", "l",
                "replicatefrom b is not running (stopped): streaming from leader l (was b)"));
    }

    @Test
    void whenTheReplicatefromMemberKeyExpiresItFollowsTheLeader() {
        Situation s = c().replicaOf("b", 1000);
        s.members.removeIf(m -> m.name().equals("b"));
        assertThat(s.decide()).isEqualTo(new Action.Follow("l", "l",
                "replicatefrom b is not a member: streaming from leader l (was b)"));
    }

    @Test
    void fallenBackToTheLeaderItWaitsThere() {
        Action a = c().member("b", "stopped", null, 1000, Map.of()).replicaOf("l", 1000).decide();
        assertThat(a).isEqualTo(new Action.Wait("no action: following leader l"));
    }

    @Test
    void aStoppedCascadingReplicaStartsStreamingFromItsMemberCheckedAgainstTheLeader() {
        Action a = c().replicaOf("b", 1000).pg(PgState.STOPPED).decide();
        assertThat(a).isEqualTo(new Action.StartReplica("b", "l",
                "PostgreSQL is down: starting it as a replica of b (replicatefrom b)"));
    }

    @Test
    void aCascadingReplicaThatStopsStreamingChecksDivergenceAgainstTheLeader() {
        Action a = c().replicaOf("b", 1000).notStreamingFor(java.time.Duration.ofSeconds(30)).decide();
        assertThat(a).isInstanceOf(Action.CheckDivergence.class);
        assertThat(((Action.CheckDivergence) a).leader()).isEqualTo("l");
        assertThat(a.reason()).isEqualTo("not streaming from b (replicatefrom) for 30s: checking whether my WAL"
                + " diverged from leader l's timeline");
    }

    @Test
    void aNewReplicaClonesFromAMemberTaggedClonefrom() {
        Action a = node("n").emptyDataDir().leader("l").member("b", "running", "streaming", 1000,
                Map.of("clonefrom", true)).decide();
        assertThat(a).isEqualTo(new Action.Clone("b", "cloning from b (tagged clonefrom)"));
    }

    @Test
    void aCascadingReplicaIsAFailoverCandidateAsAnyReplica() {
        Action a = c().noLeader().member("b", "stopped", null, 900, Map.of()).replicaOf("b", 1000)
                .peer("b", true, 900).decide();
        assertThat(a).isInstanceOf(Action.AcquireLeader.class);
    }

    @Test
    void aCascadingReplicaTaggedNofailoverDoesNotRace() {
        Action a = c().noLeader().replicaOf("b", 1000).nofailover().decide();
        assertThat(a.reason()).contains("tagged nofailover");
    }

    @Test
    void afterAFailoverToAnotherNodeItReevaluatesItsUpstream() {
        Situation s = c().replicaOf("b", 1000);
        s.leader = "b";
        assertThat(s.decide()).isEqualTo(new Action.Wait("no action: following leader b"));
        s.leader = "d";
        s.member("d", "running");
        s.member("b", "stopped", null, 1000, Map.of());
        assertThat(s.decide()).isEqualTo(new Action.Follow("d", "d",
                "replicatefrom b is not running (stopped): streaming from leader d (was b)"));
    }
}
