package io.pgward.why;

import io.pgward.dcs.WireFormat;
import io.pgward.why.WhySnapshot.Decision;
import io.pgward.why.WhySnapshot.EtcdProbe;
import io.pgward.why.WhySnapshot.NodeReport;
import io.pgward.why.WhySnapshot.NodeStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link WhySnapshot}s for the tests from the key values Patroni writes, as etcd would hold them. */
final class Snap {
    static final Instant NOW = Instant.parse("2026-12-03T03:00:00Z");
    static final long MB = 1024 * 1024;
    static final String SYSID = "7412345678901234567";

    final Map<String, String> keys = new LinkedHashMap<>();
    final Map<String, NodeReport> nodes = new LinkedHashMap<>();
    final List<EtcdProbe> etcd = new ArrayList<>(List.of(EtcdProbe.ok("http://10.0.0.1:2379"),
            EtcdProbe.ok("http://10.0.0.2:2379"), EtcdProbe.ok("http://10.0.0.3:2379")));
    boolean etcdDown;
    Long leaseLeft;

    /** A healthy three-node cluster: n1 leads, n2 and n3 stream, everything at WAL position 100 MB. */
    static Snap healthy() {
        Snap s = new Snap();
        s.keys.put("initialize", SYSID);
        s.keys.put("config", "{\"ttl\":30,\"loop_wait\":10,\"retry_timeout\":10,\"maximum_lag_on_failover\":1048576}");
        s.keys.put("leader", "n1");
        s.keys.put("status", "{\"optime\":" + 100 * MB + "}");
        s.primary("n1", 100 * MB).replica("n2", 100 * MB, "{}").replica("n3", 100 * MB, "{}");
        s.leaseLeft = 25L;
        return s;
    }

    /** etcd cannot be read: every endpoint fails the same way. */
    Snap etcdFails(EtcdProbe.Problem problem, String error) {
        etcdDown = true;
        etcd.replaceAll(p -> new EtcdProbe(p.endpoint(), false, problem, error));
        return this;
    }

    /** The leader n1 and its agent gone: no leader key, no member key, no report. */
    Snap leaderGone() {
        keys.remove("leader");
        keys.remove("members/n1");
        nodes.remove("n1");
        return this;
    }

    Snap primary(String name, long wal) {
        return member(name, "{\"state\":\"running\",\"role\":\"primary\",\"xlog_location\":" + wal + ",\"timeline\":1}",
                "running", "primary", null);
    }

    Snap replica(String name, long wal, String tags) {
        return member(name, "{\"state\":\"running\",\"role\":\"replica\",\"xlog_location\":" + wal
                + ",\"timeline\":1,\"replication_state\":\"streaming\",\"tags\":" + tags + "}", "running", "replica",
                "streaming");
    }

    /** A member key with any JSON (api_url and conn_url added), and a reachable agent with that state. */
    Snap member(String name, String json, String state, String role, String replication) {
        String withUrls = "{\"api_url\":\"http://127.0.0.1:8008/patroni\",\"conn_url\":\"postgres://127.0.0.1:5432/postgres\","
                + json.substring(1);
        keys.put("members/" + name, withUrls);
        nodes.put(name, new NodeReport(name, new NodeStatus(state, role, 1, SYSID, replication, false, NOW), List.of(), null));
        return this;
    }

    Snap status(String name, NodeStatus status) {
        NodeReport r = nodes.get(name);
        nodes.put(name, new NodeReport(name, status, r == null ? List.of() : r.decisions(), null));
        return this;
    }

    Snap decisions(String name, Decision... ds) {
        NodeReport r = nodes.get(name);
        nodes.put(name, new NodeReport(name, r.status(), List.of(ds), r.error()));
        return this;
    }

    Snap unreachable(String name) {
        nodes.put(name, NodeReport.unreachable(name, "connection refused"));
        return this;
    }

    static Decision decision(long secondsAgo, String action, String reason) {
        return new Decision(NOW.minusSeconds(secondsAgo), action, reason);
    }

    WhySnapshot snapshot() {
        return new WhySnapshot("demo", NOW, etcd, etcdDown ? "etcd unreachable" : null,
                etcdDown ? null : WireFormat.clusterView(keys, 1), keys.containsKey("leader") ? leaseLeft : null, nodes);
    }

    List<Finding> diagnose() {
        return Diagnosis.diagnose(snapshot());
    }

    /** Every finding as one line, for assertions and failure messages. */
    static String text(List<Finding> findings) {
        StringBuilder out = new StringBuilder();
        for (Finding f : findings) {
            out.append(f.severity()).append(' ').append(f.subject()).append(": ").append(f.blocker())
                    .append(" | next: ").append(f.nextStep()).append(" | evidence: ").append(f.evidence()).append('\n');
        }
        return out.toString();
    }
}
