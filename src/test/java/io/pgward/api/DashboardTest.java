package io.pgward.api;

import io.pgward.dcs.WireFormat;
import io.pgward.ha.ClusterView;
import io.pgward.ha.DecisionHistory.Entry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard page as rendered: everything escaped, the leader marked, nothing loaded from elsewhere. */
class DashboardTest {

    private static final Instant NOW = Instant.parse("2026-12-03T03:00:00Z");
    private static final long MB = 1024 * 1024;

    private static ClusterView view(String leader, String config, String... members) {
        Map<String, String> keys = new LinkedHashMap<>();
        if (leader != null) {
            keys.put("leader", leader);
        }
        keys.put("config", config);
        keys.put("status", "{\"optime\":" + 100 * MB + "}");
        for (int i = 0; i < members.length; i += 2) {
            keys.put("members/" + members[i], members[i + 1]);
        }
        return WireFormat.clusterView(keys, 1);
    }

    private static String member(String role, long wal, String extra) {
        return "{\"conn_url\":\"postgres://10.0.0.1:5432/postgres\",\"api_url\":\"http://10.0.0.1:8008/patroni\","
                + "\"state\":\"running\",\"role\":\"" + role + "\",\"xlog_location\":" + wal + ",\"timeline\":2"
                + (role.equals("replica") ? ",\"replication_state\":\"streaming\"" : "") + extra + "}";
    }

    private static ClusterView threeNodes() {
        return view("n2", "{\"ttl\":30,\"loop_wait\":10}", "n1", member("replica", 97 * MB, ""), "n2",
                member("primary", 100 * MB, ""), "n3", member("replica", 100 * MB, ",\"tags\":{\"nofailover\":true}"));
    }

    private static Map<String, Operations.PeerDecisions> decisions(String name, Entry... entries) {
        Map<String, Operations.PeerDecisions> m = new LinkedHashMap<>();
        m.put(name, new Operations.PeerDecisions(List.of(entries), null));
        return m;
    }

    private static String render(ClusterView c, Map<String, Operations.PeerDecisions> decisions, Long lease) {
        return Dashboard.render(new Dashboard.Page("demo", "n1", NOW, c, lease, decisions, NOW.minusSeconds(1), 10));
    }

    @Test
    void theLeaderIsMarkedAndEveryMemberListedWithRoleStateTimelineLagAndTags() {
        String html = render(threeNodes(), decisions("n1"), 17L);
        assertThat(html).contains("<tr data-member=\"n2\" data-role=\"leader\" class=\"leader\"><td><span class=\"star\"")
                .contains("data-leader=\"n2\"")
                .contains("<tr data-member=\"n1\" data-role=\"replica\"><td>n1</td><td>Replica</td><td>streaming</td><td>2</td><td>3 MB</td>")
                .contains("<td>nofailover=true</td>")
                .contains("Leader <b>n2</b>: lease expires in 17 s (ttl 30 s");
        assertThat(html.split("<tr data-member=")).hasSize(4);
        assertThat(html).doesNotContain("no-leader");
    }

    @Test
    void everyValueFromEtcdAndFromPeersIsEscaped() {
        String evil = "<script>alert(1)</script>";
        ClusterView c = view(evil, "{\"ttl\":30}", evil, member("primary", 100 * MB,
                ",\"tags\":{\"x\":\"\\\"><img src=x onerror=alert(2)>\"}"));
        Map<String, Operations.PeerDecisions> d = decisions("n1", new Entry(NOW, "Wait<b>", "reason \"quoted\" & <i>"));
        d.put("n'2", new Operations.PeerDecisions(List.of(), "<svg onload=alert(3)>"));
        String html = render(c, d, null);
        assertThat(html).doesNotContain(evil).doesNotContain("<img").doesNotContain("<svg").doesNotContain("<i>")
                .doesNotContain("Wait<b>");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("x=&quot;&gt;&lt;img src=x onerror=alert(2)&gt;")
                .contains("reason &quot;quoted&quot; &amp; &lt;i&gt;")
                .contains("data-member=\"n&#39;2\"")
                .contains("could not be read: &lt;svg onload=alert(3)&gt;");
        assertThat(html.split("<script>")).as("only the page's own script").hasSize(2);
    }

    @Test
    void nothingIsFetchedFromAnotherSite() {
        String html = render(threeNodes(), decisions("n1"), 17L);
        assertThat(html).doesNotContain("src=").doesNotContain("href=").doesNotContain("http://")
                .doesNotContain("https://").doesNotContain("@import");
        assertThat(html).contains("fetch(location.pathname");
    }

    @Test
    void noLeaderAndPauseAreBanners() {
        ClusterView c = view(null, "{\"pause\":true}", "n1", member("replica", 100 * MB, ""));
        String html = render(c, decisions("n1"), null);
        assertThat(html).contains("id=\"no-leader\"").contains("id=\"paused\"").doesNotContain("id=\"lease\"")
                .doesNotContain("data-role=\"leader\"");
    }

    @Test
    void decisionsAreNewestFirstAndCappedAndHistoryNewestFirst() {
        Entry[] many = new Entry[12];
        for (int i = 0; i < many.length; i++) {
            many[i] = new Entry(NOW.minusSeconds(100 - i), "Wait", "decision number " + i);
        }
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("leader", "n1");
        keys.put("members/n1", member("primary", 100, ""));
        keys.put("history", "[[1,100,\"no recovery target specified\",\"2026-12-03T01:00:00Z\",\"n2\"],"
                + "[2,200,\"no recovery target specified\",\"2026-12-03T02:00:00Z\",\"n1\"]]");
        String html = render(WireFormat.clusterView(keys, 1), decisions("n1", many), null);
        assertThat(html).contains("decision number 11").contains("decision number 4").doesNotContain("decision number 3<");
        assertThat(html.indexOf("decision number 11")).isLessThan(html.indexOf("decision number 10"));
        assertThat(html.indexOf("2026-12-03T02:00:00Z")).isLessThan(html.indexOf("2026-12-03T01:00:00Z"));
        assertThat(html).contains("lease time left unknown").contains("89 s ago");
    }

    private static final String BACKUP_CONFIG = "{\"ttl\":30,\"backup\":{\"stanza\":\"main\",\"repos\":[{\"path\":\"/r\"}]}}";

    private static String leaderWithBackup(String backupJson) {
        return member("primary", 100 * MB, backupJson == null ? "" : ",\"backup\":" + backupJson);
    }

    @Test
    void withoutABackupSectionThereIsNoBackupsSection() {
        assertThat(render(threeNodes(), decisions("n1"), 17L)).doesNotContain("id=\"backups\"");
    }

    @Test
    void backupsShowTheNewestOfEachTypeWithItsAgeAndAReachableRepository() {
        String backup = "{\"checked_by\":\"n1\",\"checked_at\":\"2026-12-03T02:59:00Z\",\"reachable\":true,"
                + "\"last\":{\"full\":{\"label\":\"20261202-010000F\",\"stop\":\"2026-12-02T01:05:00Z\"},"
                + "\"incr\":{\"label\":\"20261202-010000F_20261203-020000I\",\"stop\":\"2026-12-03T02:10:00Z\"}}}";
        String html = render(view("n1", BACKUP_CONFIG, "n1", leaderWithBackup(backup)), decisions("n1"), 17L);
        assertThat(html).contains("<section id=\"backups\">")
                .contains("<p id=\"backup-repository\">Repository reachable &middot; checked by n1 60 s ago.</p>")
                .contains("<tr data-backup-type=\"full\"><td>full</td><td>20261202-010000F</td>"
                        + "<td>2026-12-02T01:05:00Z</td><td>25 h ago</td></tr>")
                .contains("<tr data-backup-type=\"incr\"><td>incr</td><td>20261202-010000F_20261203-020000I</td>")
                .contains("<td>50 min ago</td>")
                .doesNotContain("data-backup-type=\"diff\"");
    }

    @Test
    void anUnreachableRepositoryIsABannerWithTheReasonEscapedAndAStaleCheckIsFlagged() {
        String backup = "{\"checked_by\":\"n1\",\"checked_at\":\"2026-12-03T02:00:00Z\",\"reachable\":false,"
                + "\"error\":\"repo1: [<39>] unable to connect\",\"last\":{}}";
        String html = render(view("n1", BACKUP_CONFIG, "n1", leaderWithBackup(backup)), decisions("n1"), 17L);
        assertThat(html).contains("class=\"banner bad\">Repository UNREACHABLE: repo1: [&lt;39&gt;] unable to connect")
                .contains("checked by n1 <b class=\"bad\">60 min ago</b>")
                .contains("No backup known.");
    }

    @Test
    void aReachableRepositoryWithoutBackupsAndALeaderThatHasNotCheckedYetAreSaid() {
        String empty = "{\"checked_by\":\"n1\",\"checked_at\":\"2026-12-03T02:59:30Z\",\"reachable\":true,"
                + "\"last\":{}}";
        assertThat(render(view("n1", BACKUP_CONFIG, "n1", leaderWithBackup(empty)), decisions("n1"), 17L))
                .contains("No backup in the repository yet.");
        assertThat(render(view("n1", BACKUP_CONFIG, "n1", leaderWithBackup(null)), decisions("n1"), 17L))
                .contains("Not checked yet");
    }

    @Test
    void anAgentThatHasNotReadEtcdYetSaysSo() {
        String html = Dashboard.render(new Dashboard.Page("demo", "n1", NOW, null, null, decisions("n1"), null, 5));
        assertThat(html).contains("has not read the cluster from etcd yet").contains("No decisions yet.");
    }

    @Test
    void decisionsJsonWritesIsoTimesAndReadsThemBack() throws Exception {
        List<Entry> entries = List.of(new Entry(NOW, "Wait", "no action: following leader n2"));
        String json = WireFormat.write(DecisionsJson.write(entries));
        assertThat(json).isEqualTo("[{\"at\":\"2026-12-03T03:00:00Z\",\"action\":\"Wait\",\"reason\":\"no action:"
                + " following leader n2\"}]");
        assertThat(DecisionsJson.read(WireFormat.JSON.readTree(json))).isEqualTo(entries);
        assertThat(DecisionsJson.read(WireFormat.JSON.readTree("[{\"at\":\"yesterday\",\"reason\":\"r\"},{\"x\":1}]")))
                .containsExactly(new Entry(null, "", "r"));
    }
}
