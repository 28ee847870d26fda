package io.pgward.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Agents with a {@code haproxy} section tell Debian's HAProxy (configured by {@code pgward haproxy-config
 * --stats-socket}) of a switchover through its runtime API: the old primary is marked down before it stops, the new
 * one up when it promotes, and HAProxy's own checks keep agreeing afterwards. The client-side write gap through
 * HAProxy is printed beside that of a client connecting to the nodes directly, and compared only loosely.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HaproxyNotifyIT {

    private ClusterFixture cluster;
    private Path socket;
    private HaproxyRouter haproxy;
    private TimedWriter routed;
    private TimedWriter direct;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(HaproxyRouter.BINARY), "Debian's haproxy package is not installed"
                + " (scripts/setup.sh installs it): HaproxyNotifyIT is skipped");
        cluster = new ClusterFixture(3);
        socket = cluster.dir.resolve("haproxy-admin.sock");
        cluster.extraSections = "haproxy:\n  runtime_api: [" + socket + "]\n";
        cluster.startEtcd().startAll();
        cluster.createAckedTable();
        haproxy = new HaproxyRouter(cluster, "--stats-socket", socket.toString());
    }

    @AfterAll
    void stop() throws Exception {
        TimedWriter.closeAll(routed, direct);
        if (haproxy != null) {
            haproxy.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aSwitchoverReachesHaproxyThroughItsRuntimeApiAndNoAcknowledgedWriteIsLost() throws Exception {
        assertThat(Files.readString(haproxy.config)).contains("stats socket " + socket + " mode 600 level admin");
        String old = cluster.view().leader();
        routed = new TimedWriter("haproxy", "jdbc:postgresql://127.0.0.1:" + haproxy.rwPort + "/postgres", 1_000_000);
        direct = TimedWriter.direct(cluster, 5_000_000);
        await().atMost(TestTime.seconds(30)).until(() -> routed.acks().size() > 20 && direct.acks().size() > 20);
        long from = System.nanoTime();
        String candidate = cluster.switchoverFrom(old);
        int candidatePort = cluster.pgPorts[cluster.index(candidate)];
        await().atMost(TestTime.seconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> routed.acksSince(from, candidatePort) >= 10 && direct.acksSince(from, candidatePort) >= 10);
        long viaHaproxy = routed.longestGapMillis(from, System.nanoTime());
        long directly = direct.longestGapMillis(from, System.nanoTime());
        System.out.printf("HaproxyNotifyIT: switchover: longest write gap through HAProxy told by the agents %d ms,"
                + " directly %d ms%n", viaHaproxy, directly);

        // The old primary's notice comes before it stops, so it is HAProxy's first news of the change.
        await().atMost(TestTime.seconds(10)).untilAsserted(() -> assertThat(haproxy.output())
                .contains("Server it_primary/" + old + " is DOWN, changed from CLI"));
        assertThat(cluster.log(cluster.index(old))).contains("told HAProxy at");
        assertThat(cluster.log(cluster.index(candidate))).contains("told HAProxy at")
                .doesNotContain("could not tell HAProxy").doesNotContain("refused the notice");
        assertThat(viaHaproxy).as("write gap through HAProxy (ms), against " + directly + " ms directly; haproxy's"
                + " output:\n" + haproxy.output()).isLessThanOrEqualTo(directly + HaproxyIT.ALLOWED_EXTRA.toMillis());

        TimedWriter.closeAll(routed, direct);
        assertThat(routed.acknowledged()).isNotEmpty();
        assertThat(TimedWriter.lostOn(cluster, cluster.index(candidate), List.of(routed, direct)))
                .as("acknowledged writes missing on the new primary").isEmpty();
    }
}
