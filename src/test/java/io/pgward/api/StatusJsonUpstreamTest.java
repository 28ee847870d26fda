package io.pgward.api;

import io.pgward.config.Config;
import io.pgward.dcs.WireFormat;
import io.pgward.ha.ClusterView;
import io.pgward.ha.LocalState;
import io.pgward.postgres.PgStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Where replicas stream from, and how far they are, in {@code GET /cluster} and {@code GET /patroni}. */
class StatusJsonUpstreamTest {

    private static final Config CONFIG = TestNode.config(8008, "");

    /** n1 leads at 1000; n2 streams from n1; n3 streams from n2 (cascading). */
    private static ClusterView view() {
        return WireFormat.clusterView(Map.of(
                "leader", "n1",
                "initialize", "1",
                "status", "{\"optime\":1000}",
                "members/n1", member(5432, "primary", "") ,
                "members/n2", member(5433, "replica", ",\"upstream\":\"n1\",\"receive_lsn\":1000,\"replay_lsn\":900"),
                "members/n3", member(5434, "replica", ",\"upstream\":\"n2\",\"receive_lsn\":800,\"replay_lsn\":700")),
                1);
    }

    private static String member(int port, String role, String extra) {
        return "{\"conn_url\":\"postgres://127.0.0.1:" + port + "/postgres\",\"api_url\":\"http://127.0.0.1/patroni\","
                + "\"state\":\"running\",\"role\":\"" + role + "\",\"xlog_location\":1000,\"timeline\":1" + extra + "}";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> clusterMember(String name) {
        List<Map<String, Object>> members = (List<Map<String, Object>>) StatusJson.cluster(CONFIG, view()).get("members");
        return members.stream().filter(m -> name.equals(m.get("name"))).findFirst().orElseThrow();
    }

    @Test
    void clusterShowsTheUpstreamOfEachReplicaAndNotOfTheLeader() {
        assertThat(clusterMember("n3")).containsEntry("upstream", "n2");
        assertThat(clusterMember("n2")).containsEntry("upstream", "n1");
        assertThat(clusterMember("n1")).doesNotContainKey("upstream");
    }

    @Test
    void clusterShowsReceiveAndReplayPositionsWithTheirLagAsPatroni4() {
        assertThat(clusterMember("n3")).containsEntry("receive_lsn", "0/320").containsEntry("receive_lag", 200L)
                .containsEntry("replay_lsn", "0/2BC").containsEntry("replay_lag", 300L);
        assertThat(clusterMember("n1")).doesNotContainKeys("receive_lsn", "replay_lsn");
    }

    @Test
    void patroniOfAStreamingReplicaNamesTheMemberItsReceiverStreamsFrom() {
        PgStatus status = new PgStatus(true, 1, 0, 800, 700, "streaming", null, false, "2026-01-01", 150000,
                List.of(), List.of(), null, new io.pgward.postgres.WalReceiver(42, "streaming", 0, 60_000, "127.0.0.1:5433"));
        LocalState local = new LocalState(LocalState.DataDir.PRESENT, "1", LocalState.PgState.RUNNING, true, 1, 800,
                "n2", true);
        NodeSnapshot s = new NodeSnapshot(view(), local, status, "running", Instant.now(), Instant.now(), List.of(),
                Map.of());
        assertThat(StatusJson.patroni(CONFIG, s)).containsEntry("upstream", "n2");
    }
}
