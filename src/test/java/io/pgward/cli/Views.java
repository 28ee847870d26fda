package io.pgward.cli;

import io.pgward.dcs.WireFormat;
import io.pgward.ha.ClusterView;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hand-built cluster views for the CLI tests, made from the key values Patroni writes (so they are read exactly
 * as etcd's would be), and prompts fed with piped answers.
 */
final class Views {
    private Views() {}

    static final long MB = 1024 * 1024;

    /** Keys relative to the cluster prefix, as in etcd. */
    static final class Keys {
        final Map<String, String> values = new LinkedHashMap<>();

        Keys leader(String name) {
            values.put("leader", name);
            return this;
        }

        Keys config(String json) {
            values.put("config", json);
            return this;
        }

        Keys optime(long bytes) {
            values.put("status", "{\"optime\":" + bytes + "}");
            return this;
        }

        Keys failover(String json) {
            values.put("failover", json);
            return this;
        }

        Keys sync(String leader, String standbys) {
            values.put("sync", "{\"leader\":\"" + leader + "\",\"sync_standby\":\"" + standbys + "\"}");
            return this;
        }

        Keys primary(String name, int pgPort, long wal) {
            return member(name, pgPort, "primary", "running", wal, null, "{}");
        }

        Keys replica(String name, int pgPort, long wal) {
            return replica(name, pgPort, wal, "{}");
        }

        Keys replica(String name, int pgPort, long wal, String tagsJson) {
            return member(name, pgPort, "replica", "running", wal, "streaming", tagsJson);
        }

        /** A streaming replica whose WAL receiver reports {@code upstream} as its sender (the member key's upstream). */
        Keys streamingFrom(String name, int pgPort, long wal, String upstream, String tagsJson) {
            replica(name, pgPort, wal, tagsJson);
            values.computeIfPresent("members/" + name,
                    (k, json) -> json.replace(",\"tags\":", ",\"upstream\":\"" + upstream + "\",\"tags\":"));
            return this;
        }

        Keys member(String name, int pgPort, String role, String state, long wal, String replicationState,
                    String tagsJson) {
            values.put("members/" + name, "{\"conn_url\":\"postgres://127.0.0.1:" + pgPort + "/postgres\","
                    + "\"api_url\":\"http://127.0.0.1:" + (8008 + pgPort - 5432) + "/patroni\",\"state\":\"" + state
                    + "\",\"role\":\"" + role + "\",\"version\":\"4.0.4\""
                    + (wal > 0 ? ",\"xlog_location\":" + wal + ",\"timeline\":2" : "")
                    + (replicationState == null ? "" : ",\"replication_state\":\"" + replicationState + "\"")
                    + ",\"tags\":" + tagsJson + "}");
            return this;
        }

        ClusterView view() {
            values.putIfAbsent("initialize", "7391234567890123456");
            values.putIfAbsent("config", "{\"ttl\":30,\"loop_wait\":10,\"retry_timeout\":10}");
            return WireFormat.clusterView(values, 42);
        }
    }

    static Keys keys() {
        return new Keys();
    }

    /** node1 leader at 100 MB; node2 streaming 1 MB behind; node3 nofailover 3 MB behind. */
    static Keys threeNodeKeys() {
        return keys().leader("node1").optime(100 * MB).primary("node1", 5432, 100 * MB)
                .replica("node2", 5433, 99 * MB).replica("node3", 5434, 97 * MB, "{\"nofailover\":true}");
    }

    static ClusterView threeNodes() {
        return threeNodeKeys().view();
    }

    /** A prompt that reads the given lines (each ending with a newline) and writes into {@code out}. */
    static Prompt prompt(ByteArrayOutputStream out, String... lines) {
        String input = lines.length == 0 ? "" : String.join("\n", lines) + "\n";
        return new Prompt(new BufferedReader(new StringReader(input)),
                new PrintStream(out, true, StandardCharsets.UTF_8), "use --force to skip the confirmation");
    }
}
