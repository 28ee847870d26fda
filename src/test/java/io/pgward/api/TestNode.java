package io.pgward.api;

import io.pgward.config.Config;
import io.pgward.config.ConfigLoader;
import io.pgward.config.DynamicConfig;
import io.pgward.ha.ClusterView;
import io.pgward.ha.LocalState;
import io.pgward.ha.SyncState;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A node's configuration and an empty snapshot for REST server tests: node n1 of cluster "demo", leader of itself. */
final class TestNode {

    private TestNode() {
    }

    /** The YAML with the REST API on 127.0.0.1:{@code port}; {@code restapiLines} go under restapi (two spaces). */
    static Config config(int port, String restapiLines) {
        String yaml = """
                scope: demo
                name: n1
                restapi:
                  listen: 127.0.0.1:%d
                  connect_address: 127.0.0.1:%d
                %setcd3: {hosts: 127.0.0.1:2379}
                postgresql:
                  listen: 127.0.0.1:5432
                  connect_address: 127.0.0.1:5432
                  data_dir: /tmp/x/data
                  authentication:
                    superuser: {username: postgres, password: a}
                    replication: {username: repl, password: b}
                """.formatted(port, port, restapiLines);
        return ConfigLoader.loadString(yaml, "n1.yml", Map.of()).configOrThrow();
    }

    /** A snapshot in which n1 holds the leader key and its PostgreSQL has no data yet. */
    /** A TCP port nothing listens on right now. */
    static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static NodeSnapshot snapshot() {
        ClusterView view = new ClusterView("n1", "1", List.of(), DynamicConfig.defaults(), true, 1, null, 0, List.of(),
                SyncState.EMPTY);
        return new NodeSnapshot(view, LocalState.noData(), null, "stopped", Instant.now(), Instant.now(), List.of(),
                Map.of());
    }
}
