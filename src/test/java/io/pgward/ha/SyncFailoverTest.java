package io.pgward.ha;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.pgward.ha.Situation.node;
import static org.assertj.core.api.Assertions.assertThat;

/** Who may take over in synchronous mode. */
class SyncFailoverTest {

    private static Situation syncCluster(String me, String syncLeader, String... standbys) {
        Situation s = node(me).noLeader().config("synchronous_mode", true);
        s.sync = new SyncState(syncLeader, List.of(standbys), 5);
        return s;
    }

    @Test
    void syncStandbyMayTakeOver() {
        assertThat(syncCluster("b", "a", "b").replicaOf("a", 100).decide()).isInstanceOf(Action.AcquireLeader.class);
    }

    @Test
    void asyncReplicaMayNotTakeOverEvenWhenAhead() {
        Action a = syncCluster("c", "a", "b").replicaOf("a", 900).decide();
        assertThat(a).isInstanceOf(Action.Wait.class);
        assertThat(a.reason()).contains("only a or b may take over");
    }

    @Test
    void asyncPeersAheadDoNotStopTheSyncStandby() {
        Action a = syncCluster("b", "a", "b").replicaOf("a", 100).peer("c", true, 900).decide();
        assertThat(a).isInstanceOf(Action.AcquireLeader.class);
    }

    @Test
    void formerSyncLeaderAheadIsTolerated() {
        Action a = syncCluster("b", "a", "b").replicaOf("a", 100).peer("a", true, 900).decide();
        assertThat(a).isInstanceOf(Action.AcquireLeader.class);
    }

    @Test
    void aPrimaryStillRunningBlocksEvenIfNotInSync() {
        Action a = syncCluster("b", "a", "b").replicaOf("a", 100).peer("c", false, 50).decide();
        assertThat(a.reason()).contains("c still runs as primary");
    }

    @Test
    void nosyncNodeIsNeverPromotedAutomatically() {
        Action a = syncCluster("d", "a", "b").replicaOf("a", 900).decide();
        assertThat(a).isInstanceOf(Action.Wait.class);
    }

    @Test
    void emptySyncKeyAllowsTheNormalRace() {
        assertThat(syncCluster("c", null).replicaOf("a", 100).decide()).isInstanceOf(Action.AcquireLeader.class);
    }

    @Test
    void manualFailoverToAnAsyncNodeBypassesTheSyncRule() {
        Action a = syncCluster("c", "a", "b").replicaOf("a", 100).failover(null, "c").decide();
        assertThat(a).isInstanceOf(Action.AcquireLeader.class);
    }

    @Test
    void withoutSynchronousModeTheSyncKeyIsIgnored() {
        Situation s = node("c").noLeader().replicaOf("a", 100);
        s.sync = new SyncState("a", List.of("b"), 5);
        assertThat(s.decide()).isInstanceOf(Action.AcquireLeader.class);
    }
}
