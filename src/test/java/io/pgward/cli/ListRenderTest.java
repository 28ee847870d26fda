package io.pgward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgward.dcs.WireFormat;
import io.pgward.ha.ClusterView;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ListRenderTest {

    private final ClusterView view = Views.threeNodes();

    @Test
    void prettyTableHasOneRowPerMemberWithRoleStateTimelineAndLag() {
        String out = ListCommand.render("demo", view, ListCommand.Format.PRETTY);
        assertThat(out).startsWith("Cluster: demo (7391234567890123456)\n");
        assertThat(out).contains("| Member | Host           | Role    | State     | TL | Lag in MB |");
        assertThat(out).contains("| node1  | 127.0.0.1:5432 | Leader  | running   | 2  |           |");
        assertThat(out).contains("| node2  | 127.0.0.1:5433 | Replica | streaming | 2  | 1         |");
        assertThat(out).contains("| node3  | 127.0.0.1:5434 | Replica | streaming | 2  | 3         |");
        assertThat(out).doesNotContain("Maintenance mode").doesNotContain("No leader");
    }

    @Test
    void pendingRestartColumnAppearsOnlyWhenAMemberNeedsARestart() throws Exception {
        ClusterView pending = Views.threeNodeKeys().member("node2", 5433, "replica", "running", 99L * 1024 * 1024,
                "streaming", "{}").view();
        assertThat(ListCommand.render("demo", pending, ListCommand.Format.PRETTY)).doesNotContain("Pending restart");
        var withFlag = new java.util.HashMap<String, String>();
        withFlag.put("leader", "node1");
        withFlag.put("members/node1", "{\"conn_url\":\"postgres://127.0.0.1:5432/postgres\",\"state\":\"running\","
                + "\"role\":\"primary\",\"pending_restart\":true,\"xlog_location\":5,\"timeline\":1}");
        ClusterView flagged = WireFormat.clusterView(withFlag, 1);
        String out = ListCommand.render("demo", flagged, ListCommand.Format.PRETTY);
        assertThat(out).contains("| Pending restart |").contains("| *               |");
        JsonNode rows = WireFormat.JSON.readTree(ListCommand.render("demo", flagged, ListCommand.Format.JSON));
        assertThat(rows.get(0).get("Pending restart").asText()).isEqualTo("*");
    }

    @Test
    void scheduledRestartColumnShowsWhenAMemberHasOne() throws Exception {
        var keys = new java.util.HashMap<String, String>();
        keys.put("leader", "node1");
        keys.put("members/node1", "{\"conn_url\":\"postgres://127.0.0.1:5432/postgres\",\"state\":\"running\","
                + "\"role\":\"primary\",\"xlog_location\":5,\"timeline\":1,"
                + "\"scheduled_restart\":{\"schedule\":\"2026-12-01T03:00:00Z\",\"timeout\":300}}");
        keys.put("members/node2", "{\"conn_url\":\"postgres://127.0.0.1:5433/postgres\",\"state\":\"running\","
                + "\"role\":\"replica\",\"xlog_location\":5,\"timeline\":1}");
        ClusterView v = WireFormat.clusterView(keys, 1);
        String out = ListCommand.render("demo", v, ListCommand.Format.PRETTY);
        assertThat(out).contains("| Scheduled restart    |").contains("| 2026-12-01T03:00:00Z |")
                .doesNotContain("Pending restart");
        JsonNode rows = WireFormat.JSON.readTree(ListCommand.render("demo", v, ListCommand.Format.JSON));
        assertThat(rows.get(0).get("Scheduled restart").asText()).isEqualTo("2026-12-01T03:00:00Z");
        assertThat(rows.get(1).has("Scheduled restart")).isFalse();
    }

    @Test
    void jsonIsPatronictlsListOfObjectsWithoutTheLeadersLag() throws Exception {
        JsonNode rows = WireFormat.JSON.readTree(ListCommand.render("demo", view, ListCommand.Format.JSON));
        assertThat(rows.isArray()).isTrue();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).toString()).isEqualTo("{\"Cluster\":\"demo\",\"Member\":\"node1\","
                + "\"Host\":\"127.0.0.1:5432\",\"Role\":\"Leader\",\"State\":\"running\",\"TL\":2}");
        assertThat(rows.get(1).get("Lag in MB").asInt()).isEqualTo(1);
        assertThat(rows.get(1).get("TL").isInt()).isTrue();
    }

    @Test
    void yamlHasTheSameObjectsWithSortedKeys() {
        String yaml = ListCommand.render("demo", view, ListCommand.Format.YAML);
        assertThat(yaml).startsWith("""
                - Cluster: demo
                  Host: 127.0.0.1:5432
                  Member: node1
                  Role: Leader
                  State: running
                  TL: 2
                - Cluster: demo
                  Host: 127.0.0.1:5433
                  Lag in MB: 1
                """);
        assertThat(YamlText.parse(yaml)).isInstanceOf(java.util.List.class);
    }

    @Test
    void tsvHasAHeaderAndTabSeparatedRows() {
        String tsv = ListCommand.render("demo", view, ListCommand.Format.TSV);
        assertThat(tsv.split("\n")).containsExactly(
                "Cluster\tMember\tHost\tRole\tState\tTL\tLag in MB",
                "demo\tnode1\t127.0.0.1:5432\tLeader\trunning\t2\t",
                "demo\tnode2\t127.0.0.1:5433\tReplica\tstreaming\t2\t1",
                "demo\tnode3\t127.0.0.1:5434\tReplica\tstreaming\t2\t3");
    }

    @Test
    void lagIsUnknownForAMemberWithoutWalPositionAndStateIsShownAsIs() {
        ClusterView v = Views.threeNodeKeys().member("node4", 5435, "replica", "stopped", 0, null, "{}").view();
        String out = ListCommand.render("demo", v);
        assertThat(out).contains("| node4  | 127.0.0.1:5435 | Replica | stopped   |    | unknown   |");
        JsonNode rows = readJson(ListCommand.render("demo", v, ListCommand.Format.JSON));
        assertThat(rows.get(3).get("Lag in MB").asText()).isEqualTo("unknown");
        assertThat(rows.get(3).has("TL")).isFalse();
    }

    @Test
    void pauseUnlockedClusterScheduledSwitchoverAndSyncStandbyAreShown() {
        ClusterView v = Views.keys().optime(100 * Views.MB).primary("node1", 5432, 100 * Views.MB)
                .replica("node2", 5433, 100 * Views.MB).config("{\"ttl\":30,\"pause\":true}")
                .failover("{\"leader\":\"node1\",\"member\":\"node2\",\"scheduled_at\":\"2030-01-02T03:04:05+00:00\"}")
                .view();
        String out = ListCommand.render("demo", v);
        assertThat(out).contains(" Maintenance mode: on\n").contains(" No leader: the cluster is unlocked\n")
                .contains(" Switchover scheduled at: 2030-01-02T03:04:05Z\n");
        assertThat(out).contains("| node1  | 127.0.0.1:5432 | Replica |");

        ClusterView sync = Views.threeNodeKeys().sync("node1", "node2").view();
        assertThat(ListCommand.render("demo", sync)).contains("| node2  | 127.0.0.1:5433 | Sync Standby |");
    }

    @Test
    void aStandbyClusterShowsItsStandbyLeaderAndWhereItReplicatesFrom() {
        ClusterView v = Views.keys().leader("node1").optime(100 * Views.MB)
                .member("node1", 5432, "standby_leader", "running", 100 * Views.MB, "streaming", "{}")
                .replica("node2", 5433, 100 * Views.MB)
                .config("{\"ttl\":30,\"standby_cluster\":{\"host\":\"dc1\",\"port\":5433,"
                        + "\"primary_slot_name\":\"dc2\"}}").view();

        String out = ListCommand.render("demo", v);

        assertThat(out).contains("| node1  | 127.0.0.1:5432 | Standby Leader |")
                .contains(" Standby cluster: replicating from dc1:5433 through slot dc2\n");
        assertThat(ListCommand.render("demo", Views.threeNodes())).doesNotContain("Standby cluster");
    }

    private static JsonNode readJson(String s) {
        try {
            return WireFormat.JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
