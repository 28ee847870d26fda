package io.pgward.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgward.dcs.WireFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web dashboard in Debian's headless Chromium against a real three-node cluster: it lists the three members and
 * marks the leader, shows the repository's newest backup once one was taken, and a page left open shows the new
 * leader of a switchover by its own refresh, without reloading.
 */
class DashboardIT {

    /** What the open page shows, read through DevTools. */
    private static final String PAGE_STATE = "JSON.stringify({leader: document.getElementById('content').dataset.leader,"
            + " marked: Array.from(document.querySelectorAll('#members tr.leader')).map(r => r.dataset.member),"
            + " members: document.querySelectorAll('#members tr[data-member]').length,"
            + " decisions: document.querySelectorAll('#decisions div.node').length,"
            + " refreshes: window.pgwardRefreshes, marker: window.itMarker || null})";

    private ClusterFixture cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theDashboardMarksTheLeaderAndShowsTheNewOneWithinOneRefreshAfterASwitchover() throws Exception {
        Assumptions.assumeTrue(Chromium.installed(), "chromium is not installed (apt-get install chromium, as"
                + " scripts/setup.sh does): the dashboard's browser test is skipped");
        cluster = new ClusterFixture(3);
        cluster.withPosixRepository("dashboard", null);
        cluster.startEtcd().startAll();
        String leader = cluster.awaitHealthy(TestTime.seconds(120));
        String url = "http://127.0.0.1:" + cluster.restPorts[0] + "/dashboard";

        String dom = Chromium.dumpDom(url, 1000);
        assertThat(dom).contains("<tr data-member=\"n1\"").contains("<tr data-member=\"n2\"")
                .contains("<tr data-member=\"n3\"")
                .contains("<tr data-member=\"" + leader + "\" data-role=\"leader\" class=\"leader\">");
        assertThat(dom.split("data-role=\"leader\"")).as("one leader marked").hasSize(2);
        assertThat(dom).contains("lease expires in").contains("Last decisions");

        Cli.Result backup = Cli.run(null, "backup", "--type", "full", "-c", cluster.configFile(0).toString());
        assertThat(backup.exit()).as(backup.output()).isZero();
        await().atMost(TestTime.seconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(Chromium.dumpDom(url, 1000)).as("the backups section after the leader's check")
                        .contains("<section id=\"backups\">").contains("Repository reachable")
                        .contains("<tr data-backup-type=\"full\"><td>full</td><td>"));

        try (Chromium page = Chromium.open(url)) {
            await().atMost(TestTime.seconds(20)).untilAsserted(() -> {
                JsonNode s = WireFormat.JSON.readTree(page.eval(PAGE_STATE));
                assertThat(s.path("members").asInt()).isEqualTo(3);
                assertThat(s.path("leader").asText()).isEqualTo(leader);
            });
            page.eval("window.itMarker = 'still the first load'");
            String candidate = leader.equals("n2") ? "n3" : "n2";
            Rest.Response r = new Rest(null, null).call(cluster.restPorts[cluster.index(leader)], "POST", "/switchover",
                    "{\"leader\":\"" + leader + "\",\"candidate\":\"" + candidate + "\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            await().atMost(TestTime.seconds(30)).until(() -> candidate.equals(cluster.view().leader()));
            long switched = System.nanoTime();
            int refresh = Math.max(2, Math.min(10, cluster.loopWait));
            // one refresh after the switchover, plus the time the agents need to see it (one cycle) and a fetch
            await().atMost(Duration.ofSeconds(refresh + cluster.loopWait + 2)).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        JsonNode s = WireFormat.JSON.readTree(page.eval(PAGE_STATE));
                        assertThat(s.path("leader").asText()).isEqualTo(candidate);
                        assertThat(s.path("marked").toString()).isEqualTo("[\"" + candidate + "\"]");
                    });
            JsonNode after = WireFormat.JSON.readTree(page.eval(PAGE_STATE));
            assertThat(after.path("marker").asText()).as("the page refreshed itself, it was not reloaded")
                    .isEqualTo("still the first load");
            assertThat(after.path("refreshes").asInt()).isPositive();
            assertThat(after.path("decisions").asInt()).as("every member's decisions").isEqualTo(3);
            System.out.printf("dashboard showed the new leader %d ms after etcd did%n",
                    Duration.ofNanos(System.nanoTime() - switched).toMillis());
        }

        // the picture in docs/diagnosis.md: after the switchover, with its history and decisions
        Path png = Path.of("target", "dashboard.png");
        Chromium.screenshot(url, png, 1100, 1000);
        byte[] head = Files.readAllBytes(png);
        assertThat(head.length).isGreaterThan(10_000);
        assertThat(new String(head, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }
}
