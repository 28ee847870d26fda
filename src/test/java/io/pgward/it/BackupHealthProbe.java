package io.pgward.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** The backup health a node publishes: the {@code backup} object of its {@code GET /patroni}. */
final class BackupHealthProbe {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BackupHealthProbe() {
    }

    static JsonNode of(ClusterFixture cluster, int node) throws Exception {
        return JSON.readTree(new Rest(null, null).call(cluster.hosts[node], cluster.restPorts[node], "GET", "/patroni",
                null).body()).path("backup");
    }

    /**
     * Waits until the node's backup health says the repository is reachable and names a full backup (the leader asks
     * pgBackRest every minute and after each of its own backup jobs); returns that health.
     */
    static JsonNode awaitReachableWithFullBackup(ClusterFixture cluster, int node, Duration timeout) throws Exception {
        await(cluster.name(node) + "'s backup health: repository reachable, a full backup").atMost(timeout)
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                    JsonNode h = of(cluster, node);
                    return h.path("reachable").asBoolean() && !h.path("last").path("full").path("label").asText().isEmpty();
                });
        return of(cluster, node);
    }
}
