package io.pgward.agent;

import io.pgward.config.Config;
import io.pgward.config.ConfigLoader;

import java.util.Map;

/** A minimal valid node configuration for unit tests of the agent's parts. */
final class TestNodes {

    private TestNodes() {}

    /** Node n1 of cluster demo with its data directory at {@code dataDir}; {@code extraLines} go under postgresql. */
    static Config config(String dataDir, String extraLines) {
        String yaml = """
                scope: demo
                name: n1
                restapi: {listen: 127.0.0.1:8008, connect_address: 127.0.0.1:8008}
                etcd3: {hosts: 127.0.0.1:2379}
                postgresql:
                  listen: 127.0.0.1:5432
                  connect_address: 127.0.0.1:5432
                  data_dir: %s
                  authentication:
                    superuser: {username: postgres, password: a}
                    replication: {username: repl, password: b}
                %s""".formatted(dataDir, extraLines);
        return ConfigLoader.loadString(yaml, "n1.yml", Map.of()).configOrThrow();
    }
}
