package io.pgward.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgward.config.Credentials;
import io.pgward.dcs.etcd.EtcdClient;
import io.pgward.postgres.PgClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hazard 5 of the interleavings review: the promotion ran inside the HA loop, so nothing renewed the leader lease
 * while pre_promote, pg_promote and the checkpoint ran; a slow promotion could outlive the lease (or the fence's
 * deadline) on a node that had already switched timeline. A pre_promote script holds the promotion for 8 s of a 20 s
 * lease while the test reads how long the leader key's lease has left.
 */
class PromotionLeaseIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ClusterFixture cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void leaderLeaseIsRenewedWhileASlowPromotionRuns() throws Exception {
        cluster = new ClusterFixture(2);
        cluster.ttl = 20;   // pre_promote may take ttl/2 = 10 s
        cluster.loopWait = 2;
        Path hold = cluster.promotionHold();
        cluster.startEtcd().startAll();
        int old = cluster.index(cluster.awaitHealthy(TestTime.seconds(90)));
        int other = 1 - old;
        Files.writeString(hold, "");

        cluster.agents.get(cluster.name(old)).kill9();
        cluster.killPostgres(old);
        await().ignoreExceptions().atMost(TestTime.seconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.name(other).equals(cluster.view().leader()));
        long least = Long.MAX_VALUE;
        long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (System.nanoTime() < end) {
            least = Math.min(least, leaderLeaseSecondsLeft());
            Thread.sleep(250);
        }
        assertThat(cluster.log(other)).as("still inside pre_promote").doesNotContain("promoting PostgreSQL to primary");
        Files.delete(hold);
        // Renewed every loop_wait (2 s): never below 20 - 2 - 1 s of slack. Unrenewed, it fell to 12 s or less.
        assertThat(least).as("seconds left on the leader lease during the promotion").isGreaterThanOrEqualTo(17);

        await().atMost(TestTime.seconds(30)).until(() -> cluster.log(other).contains("recorded in history"));
        assertThat(cluster.view().history()).as("history records the promotion").isNotEmpty();
        cluster.startAgent(old);
        cluster.awaitHealthy(TestTime.seconds(90));
        assertThat(cluster.view().leader()).isEqualTo(cluster.name(other));

        // Hazard 12: the divergence check reads the leader's history as the replication user over the replication
        // protocol, so a pg_hba that admits no superuser from other nodes does not blind it. Same answer as SQL.
        Credentials replicator = new Credentials("replicator", "repl-secret");
        Credentials superuser = new Credentials("postgres", ClusterFixture.SUPERUSER_PASSWORD);
        PgClient.TimelineHistory viaReplication = new PgClient(cluster.hosts[other], cluster.pgPorts[other], replicator, 5)
                .timelineHistoryOverReplication();
        assertThat(viaReplication.timeline()).isEqualTo(2);
        assertThat(viaReplication).isEqualTo(new PgClient(cluster.hosts[other], cluster.pgPorts[other], superuser, 5)
                .timelineHistory());
        await().atMost(TestTime.seconds(30)).ignoreExceptions().until(() -> new PgClient(cluster.hosts[old],
                cluster.pgPorts[old], replicator, 5).timelineHistoryOverReplication().inRecovery());
    }

    private long leaderLeaseSecondsLeft() throws Exception {
        EtcdClient client = cluster.etcd.client();
        long lease = client.get("/service/" + cluster.scope + "/leader").kvs().get(0).lease();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + cluster.etcd.host + ":"
                        + cluster.etcd.clientPort + "/v3/lease/timetolive"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"ID\":\"" + lease + "\"}")).build();
        JsonNode reply = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        return reply.path("TTL").asLong(-1);
    }
}
