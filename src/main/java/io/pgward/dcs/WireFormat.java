package io.pgward.dcs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgward.config.DynamicConfig;
import io.pgward.ha.ClusterView;
import io.pgward.ha.FailoverRequest;
import io.pgward.ha.HistoryEntry;
import io.pgward.ha.Member;
import io.pgward.ha.RestoreRequest;
import io.pgward.ha.SyncState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Patroni's JSON values of the cluster keys, read leniently (other Patroni versions write them too). */
public final class WireFormat {

    private static final Logger log = LoggerFactory.getLogger(WireFormat.class);
    public static final ObjectMapper JSON = new ObjectMapper();

    private WireFormat() {}

    /** Builds the snapshot from key values relative to the cluster prefix. */
    public static ClusterView clusterView(Map<String, String> values, long configRevision) {
        return clusterView(values, configRevision, 0);
    }

    public static ClusterView clusterView(Map<String, String> values, long configRevision, long syncRevision) {
        return clusterView(values, configRevision, syncRevision, 0);
    }

    public static ClusterView clusterView(Map<String, String> values, long configRevision, long syncRevision,
                                          long restoreRevision) {
        List<Member> members = new ArrayList<>();
        values.forEach((key, value) -> {
            if (key.startsWith(KeyLayout.MEMBERS)) {
                members.add(member(key.substring(KeyLayout.MEMBERS.length()), value));
            }
        });
        members.sort(Comparator.comparing(Member::name));
        String config = values.get(KeyLayout.CONFIG);
        return new ClusterView(
                emptyToNull(values.get(KeyLayout.LEADER)),
                values.get(KeyLayout.INITIALIZE),
                List.copyOf(members),
                config == null ? DynamicConfig.defaults() : DynamicConfig.fromMap(map(config)),
                config != null,
                configRevision,
                failover(values.get(KeyLayout.FAILOVER)),
                statusOptime(values.get(KeyLayout.STATUS)),
                history(values.get(KeyLayout.HISTORY)),
                sync(values.get(KeyLayout.SYNC), syncRevision),
                restore(values.get(KeyLayout.RESTORE), restoreRevision),
                failsafe(values.get(KeyLayout.FAILSAFE)));
    }

    /** Patroni's {@code failsafe} key: {"member": "api_url", ...}; empty when absent or not such an object. */
    static Map<String, String> failsafe(String value) {
        Map<String, String> topology = new java.util.LinkedHashMap<>();
        if (value != null && !value.isBlank()) {
            tree(value).fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    topology.put(e.getKey(), e.getValue().asText());
                }
            });
        }
        return topology;
    }

    public static Member member(String name, String json) {
        JsonNode m = tree(json);
        JsonNode tags = m.path("tags");
        boolean nofailover = tags.path("nofailover").asBoolean(false);
        int priority = tags.has("failover_priority") ? tags.path("failover_priority").asInt(1) : (nofailover ? 0 : 1);
        long wal = m.path("xlog_location").asLong(0);
        return new Member(name, text(m, "api_url"), text(m, "conn_url"), text(m, "role"), text(m, "state"), wal,
                m.path("timeline").asInt(0), text(m, "replication_state"), nofailover || priority <= 0, priority, tags.path("nosync").asBoolean(false),
                tags.isObject() ? JSON.convertValue(tags, new TypeReference<Map<String, Object>>() {}) : Map.of(),
                m.path("pending_restart").asBoolean(false), text(m.path("scheduled_restart"), "schedule"),
                BackupHealthJson.read(m.get("backup")), text(m, "upstream"), m.path("receive_lsn").asLong(0),
                m.path("replay_lsn").asLong(0));
    }

    static FailoverRequest failover(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.trim().startsWith("{")) {   // legacy "leader:candidate"
            String[] parts = value.split(":", 2);
            return new FailoverRequest(emptyToNull(parts[0]), parts.length > 1 ? emptyToNull(parts[1]) : null, null);
        }
        JsonNode f = tree(value);
        Instant at = null;
        String scheduled = text(f, "scheduled_at");
        if (scheduled != null) {
            try {
                at = OffsetDateTime.parse(scheduled).toInstant();
            } catch (RuntimeException e) {
                log.warn("ignoring unparseable scheduled_at '{}' in the failover key", scheduled);
            }
        }
        return new FailoverRequest(text(f, "leader"), text(f, "member"), at);
    }

    static SyncState sync(String value, long revision) {
        if (value == null || value.isBlank()) {
            return SyncState.EMPTY;
        }
        JsonNode s = tree(value);
        List<String> standbys = new ArrayList<>();
        for (String name : s.path("sync_standby").asText("").split(",")) {
            if (!name.isBlank()) {
                standbys.add(name.trim());
            }
        }
        return new SyncState(text(s, "leader"), standbys, revision);
    }

    /** Patroni's value of the {@code sync} key: standbys sorted and comma-joined. */
    public static String syncJson(String leader, List<String> standbys) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("leader", leader);
        m.put("sync_standby", standbys.isEmpty() ? null : String.join(",", standbys.stream().sorted().toList()));
        return write(m);
    }

    static long statusOptime(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        JsonNode s = tree(value);
        return s.isNumber() ? s.asLong() : s.path("optime").asLong(0);
    }

    /** The {@code restore} key; null when absent or unreadable (a request pgward cannot read is not acted on). */
    public static RestoreRequest restore(String value, long revision) {
        if (value == null || value.isBlank()) {
            return null;
        }
        JsonNode r = tree(value);
        String id = text(r, "id");
        String node = text(r, "node");
        RestoreRequest.State state = null;
        for (RestoreRequest.State s : RestoreRequest.State.values()) {
            if (s.wire().equals(text(r, "state"))) {
                state = s;
            }
        }
        if (id == null || node == null || state == null) {
            log.warn("ignoring a restore key without id, node or a known state: {}", value);
            return null;
        }
        Map<String, String> conf = new java.util.LinkedHashMap<>();
        r.path("recovery_conf").fields().forEachRemaining(e -> conf.put(e.getKey(), e.getValue().asText()));
        return new RestoreRequest(id, node, text(r, "target"), conf, text(r, "set"), state, text(r, "detail"), revision);
    }

    public static String restoreJson(RestoreRequest r) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", r.id());
        m.put("node", r.node());
        m.put("target", r.target());
        m.put("recovery_conf", r.recoveryConf());
        if (r.backupSet() != null) {
            m.put("set", r.backupSet());
        }
        m.put("state", r.state().wire());
        if (r.detail() != null) {
            m.put("detail", r.detail());
        }
        return write(m);
    }

    static List<HistoryEntry> history(String value) {
        List<HistoryEntry> entries = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return entries;
        }
        for (JsonNode e : tree(value)) {
            if (e.isArray() && e.size() >= 3) {
                entries.add(new HistoryEntry(e.get(0).asInt(), e.get(1).asLong(), e.get(2).asText(),
                        e.size() > 3 ? e.get(3).asText() : null, e.size() > 4 ? e.get(4).asText() : null));
            }
        }
        return entries;
    }

    public static String historyJson(List<HistoryEntry> entries) {
        List<List<Object>> rows = new ArrayList<>();
        for (HistoryEntry e : entries) {
            List<Object> row = new ArrayList<>(List.of(e.timeline(), e.switchLsn(), e.reason()));
            if (e.timestamp() != null) {
                row.add(e.timestamp());
            }
            if (e.newLeader() != null) {
                row.add(e.newLeader());
            }
            rows.add(row);
        }
        return write(rows);
    }

    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> map(String json) {
        JsonNode node = tree(json);
        return node.isObject() ? JSON.convertValue(node, new TypeReference<Map<String, Object>>() {}) : Map.of();
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
