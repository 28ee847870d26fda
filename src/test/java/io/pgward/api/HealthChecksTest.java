package io.pgward.api;

import io.pgward.config.DynamicConfig;
import io.pgward.ha.ClusterView;
import io.pgward.ha.LocalState;
import io.pgward.ha.SyncState;
import io.pgward.ha.LocalState.DataDir;
import io.pgward.ha.LocalState.PgState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HealthChecksTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final LocalState PRIMARY = new LocalState(DataDir.PRESENT, "1", PgState.RUNNING, false, 1, 5000, null, false);
    private static final LocalState REPLICA = new LocalState(DataDir.PRESENT, "1", PgState.RUNNING, true, 1, 4000, "a", true);
    private static final LocalState STOPPED = new LocalState(DataDir.PRESENT, "1", PgState.STOPPED, false, 0, 0, null, false);

    private static NodeSnapshot snapshot(String leader, LocalState local, long optime) {
        ClusterView v = new ClusterView(leader, "1", List.of(), DynamicConfig.defaults(), true, 1, null, optime, List.of(),
                SyncState.EMPTY);
        String state = local.pg() == PgState.RUNNING ? "running" : "stopped";
        return new NodeSnapshot(v, local, null, state, NOW, NOW, List.of(), Map.of());
    }

    private static int status(String path, NodeSnapshot s, Map<String, String> query, Map<String, Object> tags) {
        return HealthChecks.status(path, query, s, "me", tags, NOW).orElseThrow();
    }

    @ParameterizedTest(name = "{0} on primary={1} replica={2} stopped={3}")
    @CsvSource({
            "/,             200, 503, 503",
            "/primary,      200, 503, 503",
            "/master,       200, 503, 503",
            "/read-write,   200, 503, 503",
            "/leader,       200, 503, 503",
            "/replica,      503, 200, 503",
            "/read-only,    200, 200, 503",
            "/asynchronous, 503, 200, 503",
            "/synchronous,  503, 503, 503",
            "/health,       200, 200, 503",
            "/liveness,     200, 200, 200",
            "/readiness,    200, 200, 503",
    })
    void patroniStatusCodes(String path, int onPrimary, int onReplica, int onStopped) {
        assertThat(status(path, snapshot("me", PRIMARY, 5000), Map.of(), Map.of())).isEqualTo(onPrimary);
        assertThat(status(path, snapshot("a", REPLICA, 5000), Map.of(), Map.of())).isEqualTo(onReplica);
        assertThat(status(path, snapshot("a", STOPPED, 5000), Map.of(), Map.of())).isEqualTo(onStopped);
    }

    private static NodeSnapshot inStandbyCluster(String leader, LocalState local) {
        ClusterView v = new ClusterView(leader, "1", List.of(), DynamicConfig.fromMap(Map.of("standby_cluster",
                Map.of("host", "dc1", "port", 5432))), true, 1, null, 5000, List.of(), SyncState.EMPTY);
        String state = local.pg() == PgState.RUNNING ? "running" : "stopped";
        return new NodeSnapshot(v, local, null, state, NOW, NOW, List.of(), Map.of());
    }

    @ParameterizedTest(name = "{0} in a standby cluster on standby leader={1} replica={2}")
    @CsvSource({
            "/,               503, 503",
            "/primary,        503, 503",
            "/read-write,     503, 503",
            "/leader,         200, 503",
            "/standby-leader, 200, 503",
            "/standby_leader, 200, 503",
            "/replica,        503, 200",
            "/read-only,      200, 200",
            "/read-only-sync, 200, 503",
            "/asynchronous,   503, 200",
            "/health,         200, 200",
            "/readiness,      200, 200",
    })
    void patroniStatusCodesInAStandbyCluster(String path, int onStandbyLeader, int onReplica) {
        assertThat(status(path, inStandbyCluster("me", REPLICA), Map.of(), Map.of())).isEqualTo(onStandbyLeader);
        assertThat(status(path, inStandbyCluster("a", REPLICA), Map.of(), Map.of())).isEqualTo(onReplica);
    }

    @Test
    void standbyLeaderChecksAnswer503OutsideAStandbyClusterAndOnAStoppedLeader() {
        assertThat(status("/standby-leader", snapshot("me", REPLICA, 5000), Map.of(), Map.of())).isEqualTo(503);
        assertThat(status("/standby-leader", snapshot("me", PRIMARY, 5000), Map.of(), Map.of())).isEqualTo(503);
        assertThat(status("/standby-leader", inStandbyCluster("me", STOPPED), Map.of(), Map.of())).isEqualTo(503);
        assertThat(status("/primary", inStandbyCluster("me", PRIMARY), Map.of(), Map.of())).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource({"999, 503", "1000, 200", "1kB, 200", "1MB, 200", "junk, 503"})
    void replicaLagLimit(String lag, int expected) {
        assertThat(status("/replica", snapshot("a", REPLICA, 5000), Map.of("lag", lag), Map.of())).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"streaming, 200", "in archive recovery, 503"})
    void replicationStateFilter(String state, int expected) {
        assertThat(status("/replica", snapshot("a", REPLICA, 0), Map.of("replication_state", state), Map.of()))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"a, 200", "b, 503"})
    void tagFilter(String zone, int expected) {
        Map<String, String> q = new HashMap<>();
        q.put("tag_zone", zone);
        assertThat(status("/replica", snapshot("a", REPLICA, 0), q, Map.of("zone", "a"))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"true, 503", "false, 200"})
    void noloadbalanceTakesAReplicaOutOfTheReplicaCheck(boolean noloadbalance, int expected) {
        assertThat(status("/replica", snapshot("a", REPLICA, 0), Map.of(), Map.of("noloadbalance", noloadbalance)))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"/primary", "/leader"})
    void aPrimaryWithoutTheLeaderKeyIsNotAdvertised(String path) {
        assertThat(status(path, snapshot("other", PRIMARY, 0), Map.of(), Map.of())).isEqualTo(503);
    }

    @ParameterizedTest
    @CsvSource({"/patroni", "/cluster", "/nonsense"})
    void nonHealthPathsAreNotHealthChecks(String path) {
        assertThat(HealthChecks.status(path, Map.of(), snapshot("me", PRIMARY, 0), "me", Map.of(), NOW)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"10, 200", "100, 503"})
    void livenessFailsWhenTheLoopStalledLongerThanTtl(long secondsAgo, int expected) {
        ClusterView v = new ClusterView("me", "1", List.of(), DynamicConfig.defaults(), true, 1, null, 0, List.of(),
                SyncState.EMPTY);
        NodeSnapshot s = new NodeSnapshot(v, PRIMARY, null, "running", NOW, NOW.minusSeconds(secondsAgo), List.of(), Map.of());
        assertThat(status("/liveness", s, Map.of(), Map.of())).isEqualTo(expected);
    }

    // A stuck HA loop must not keep a load balancer routing by an old snapshot: the fence may already have stopped
    // this primary (default ttl 30: the lease lasts 25 s without renewal).
    @ParameterizedTest
    @CsvSource({"/primary, 20, 200", "/primary, 26, 503", "/read-write, 26, 503", "/leader, 26, 503",
            "/read-only, 26, 503", "/readiness, 26, 503"})
    void routingChecksRefuseASnapshotOlderThanTheLease(String path, long secondsAgo, int expected) {
        ClusterView v = new ClusterView("me", "1", List.of(), DynamicConfig.defaults(), true, 1, null, 0, List.of(),
                SyncState.EMPTY);
        NodeSnapshot s = new NodeSnapshot(v, PRIMARY, null, "running", NOW, NOW.minusSeconds(secondsAgo), List.of(), Map.of());
        assertThat(status(path, s, Map.of(), Map.of())).isEqualTo(expected);
    }

    @Test
    void aStaleReplicaIsNotRoutedToEither() {
        ClusterView v = new ClusterView("other", "1", List.of(), DynamicConfig.defaults(), true, 1, null, 0, List.of(),
                SyncState.EMPTY);
        LocalState replica = new LocalState(LocalState.DataDir.PRESENT, "1", LocalState.PgState.RUNNING, true, 1, 100,
                "other", true);
        NodeSnapshot fresh = new NodeSnapshot(v, replica, null, "running", NOW, NOW.minusSeconds(5), List.of(), Map.of());
        NodeSnapshot stale = new NodeSnapshot(v, replica, null, "running", NOW, NOW.minusSeconds(60), List.of(), Map.of());
        assertThat(status("/replica", fresh, Map.of(), Map.of())).isEqualTo(200);
        assertThat(status("/replica", stale, Map.of(), Map.of())).isEqualTo(503);
        assertThat(status("/health", stale, Map.of(), Map.of())).as("not a routing check").isEqualTo(200);
    }

    @Test
    void anUnreachableBackupRepositoryIsDetailInTheBodyNeverAFailedHealthCheck() {
        NodeSnapshot ok = snapshot("me", PRIMARY, 5000);
        var h = new io.pgward.ha.BackupHealth("me", NOW, false, "repo1: missing stanza path", Map.of(
                io.pgward.ha.BackupHealth.Type.FULL, new io.pgward.ha.BackupHealth.Backup("F", NOW.minusSeconds(60))));
        NodeSnapshot s = new NodeSnapshot(ok.cluster(), ok.local(), null, ok.state(), NOW, NOW, List.of(), Map.of(),
                null, null, h);
        for (String path : List.of("/health", "/", "/primary", "/liveness", "/readiness", "/read-only")) {
            assertThat(status(path, s, Map.of(), Map.of())).as(path).isEqualTo(200);
        }
        var body = StatusJson.patroni(TestNode.config(8008, ""), s, NOW);
        assertThat(body).containsKey("backup");
        assertThat(body.get("backup")).isEqualTo(Map.of("checked_by", "me", "checked_at", NOW.toString(),
                "reachable", false, "error", "repo1: missing stanza path",
                "last", Map.of("full", Map.of("label", "F", "stop", NOW.minusSeconds(60).toString(), "age_seconds", 60L))));
        assertThat(List.copyOf(body.keySet())).as("Patroni's fields keep their order; patroni stays last")
                .endsWith("backup", "patroni");
        assertThat(StatusJson.patroni(TestNode.config(8008, ""), ok, NOW)).doesNotContainKey("backup");
    }
}
