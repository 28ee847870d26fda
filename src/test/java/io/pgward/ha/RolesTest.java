package io.pgward.ha;

import io.pgward.config.DynamicConfig;
import io.pgward.ha.LocalState.DataDir;
import io.pgward.ha.LocalState.PgState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RolesTest {

    private static final LocalState IN_RECOVERY = new LocalState(DataDir.PRESENT, "1", PgState.RUNNING, true, 1, 10,
            "remote dc1:5432", true);
    private static final LocalState STOPPED = new LocalState(DataDir.PRESENT, "1", PgState.STOPPED, false, 1, 10,
            null, false);
    private static final LocalState PRIMARY = new LocalState(DataDir.PRESENT, "1", PgState.RUNNING, false, 1, 10,
            null, false);

    private static ClusterView view(String leader, boolean standbyCluster) {
        Map<String, Object> config = standbyCluster ? Map.of("standby_cluster", Map.of("host", "dc1")) : Map.of();
        return new ClusterView(leader, "1", List.of(), DynamicConfig.fromMap(config), true, 1, null, 0, List.of(),
                SyncState.EMPTY);
    }

    @Test
    void theHolderOfTheKeyOfAStandbyClusterIsTheStandbyLeaderWhileNotWritable() {
        assertThat(Roles.of(view("a", true), "a", IN_RECOVERY)).isEqualTo("standby_leader");
        assertThat(Roles.of(view("a", true), "a", STOPPED)).isEqualTo("standby_leader");
        assertThat(Roles.of(view("a", true), "a", PRIMARY)).isEqualTo("primary");
        assertThat(Roles.of(view("a", true), "b", IN_RECOVERY)).isEqualTo("replica");
        assertThat(Roles.of(view("a", false), "a", IN_RECOVERY)).isEqualTo("replica");
        assertThat(Roles.of(null, "a", IN_RECOVERY)).isEqualTo("replica");
        assertThat(Roles.of(view("a", true), "a", LocalState.noData())).isEqualTo("uninitialized");
    }

    @Test
    void clusterShowsTheLeaderAsStandbyLeaderInAStandbyCluster() {
        assertThat(Roles.ofLeader(view("a", true))).isEqualTo("standby_leader");
        assertThat(Roles.ofLeader(view("a", false))).isEqualTo("leader");
    }

    @Test
    void membersCheckTheirTimelineAgainstTheRemotePrimaryInAStandbyCluster() {
        assertThat(view("a", true).timelineSource()).isEqualTo("remote dc1:5432");
        assertThat(view("a", false).timelineSource()).isEqualTo("a");
    }
}
