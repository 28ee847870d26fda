package io.pgward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgward.PgwardException;
import io.pgward.config.Config;
import io.pgward.dcs.KeyLayout;
import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.dcs.etcd.EtcdException;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;
import io.pgward.why.WhySnapshot;
import io.pgward.why.WhySnapshot.Decision;
import io.pgward.why.WhySnapshot.EtcdProbe;
import io.pgward.why.WhySnapshot.EtcdProbe.Problem;
import io.pgward.why.WhySnapshot.NodeReport;
import io.pgward.why.WhySnapshot.NodeStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The edge of {@code pgward why}: asks every etcd endpoint, reads the cluster, and asks every member's agent for its
 * status and decisions, all in parallel and each with a short deadline, so that a dead host costs seconds, not minutes.
 */
final class WhyGather {

    /** How long one etcd endpoint or one agent may take to answer. */
    static final Duration PROBE = Duration.ofSeconds(3);

    private WhyGather() {}

    static WhySnapshot gather(ClusterOptions cluster) {
        String scope = cluster.scope();
        String prefix = cluster.keyPrefix();
        List<String> endpoints = cluster.etcdEndpoints();
        List<CompletableFuture<EtcdProbe>> probes = endpoints.stream()
                .map(ep -> CompletableFuture.supplyAsync(() -> probe(cluster, ep, prefix))).toList();
        List<EtcdProbe> etcd = probes.stream().map(CompletableFuture::join).toList();
        ClusterView view = null;
        String etcdError = null;
        Long leaseLeft = null;
        if (etcd.stream().noneMatch(EtcdProbe::ok)) {
            etcdError = "no etcd endpoint answered";
        } else {
            try (EtcdDcs dcs = cluster.dcs()) {
                view = dcs.read();
                OptionalLong left = view.hasLeader() ? dcs.leaderLeaseLeftSeconds() : OptionalLong.empty();
                leaseLeft = left.isPresent() ? left.getAsLong() : null;
            } catch (PgwardException e) {
                etcdError = e.getMessage();
                view = null;
            }
        }
        Config config = cluster.configOrNull();
        RestClient rest = new RestClient(null, config == null ? null : config.ctl());
        Map<String, String> apis = new LinkedHashMap<>();
        if (view != null) {
            for (Member m : view.members()) {
                if (m.apiUrl() != null) {
                    apis.put(m.name(), RestClient.baseUrl(m.apiUrl()));
                }
            }
        } else if (config != null && config.name() != null && config.restapi() != null
                && config.restapi().connectAddress() != null) {
            // etcd names no members: the node of the given file can still say what it sees and decided
            apis.put(config.name(), (config.restapi().tls() ? "https" : "http") + "://"
                    + config.restapi().connectAddress());
        }
        Map<String, CompletableFuture<NodeReport>> asks = new LinkedHashMap<>();
        apis.forEach((name, url) -> asks.put(name, CompletableFuture.supplyAsync(() -> ask(rest, name, url))));
        Map<String, NodeReport> nodes = new LinkedHashMap<>();
        asks.forEach((name, f) -> nodes.put(name, f.join()));
        return new WhySnapshot(scope, Instant.now(), etcd, etcdError, view, leaseLeft, nodes);
    }

    private static EtcdProbe probe(ClusterOptions cluster, String endpoint, String prefix) {
        try {
            cluster.etcdClient(List.of(endpoint), PROBE).get(prefix + KeyLayout.LEADER);
            return EtcdProbe.ok(endpoint);
        } catch (EtcdException e) {
            Problem p = switch (e.kind()) {
                case NO_LEADER -> Problem.NO_LEADER;
                case AUTH_FAILED, INVALID_TOKEN, PERMISSION_DENIED -> Problem.AUTH;
                case UNREACHABLE, BUSY -> Problem.UNREACHABLE;
                default -> Problem.OTHER;
            };
            return new EtcdProbe(endpoint, false, p, terse(e.getMessage(), endpoint));
        } catch (PgwardException e) {
            return new EtcdProbe(endpoint, false, Problem.OTHER, e.getMessage());
        }
    }

    /** The client's "etcd unreachable (ENDPOINT: why)" for one endpoint, as "why": the endpoint is named beside it. */
    static String terse(String message, String endpoint) {
        String wrapped = "etcd unreachable (" + endpoint + ": ";
        if (message != null && message.startsWith(wrapped) && message.endsWith(")")) {
            return message.substring(wrapped.length(), message.length() - 1);
        }
        String prefixed = endpoint + ": ";
        return message != null && message.startsWith(prefixed) ? message.substring(prefixed.length()) : message;
    }

    /** GET /patroni and GET /decisions of one agent; unreachable when /patroni gets no answer. */
    static NodeReport ask(RestClient rest, String name, String baseUrl) {
        RestClient.Response status;
        try {
            status = rest.call("GET", name, baseUrl + "/patroni", null, PROBE);
        } catch (PgwardException e) {
            return NodeReport.unreachable(name, e.getMessage());
        }
        if (status.json() == null || !status.json().isObject()) {
            return NodeReport.unreachable(name, "GET /patroni answered " + status.status() + " without a status");
        }
        List<Decision> decisions = List.of();
        try {
            RestClient.Response d = rest.call("GET", name, baseUrl + "/decisions", null, PROBE);
            decisions = decisions(d.json());
        } catch (PgwardException e) {
            // an agent without /decisions still has its status
        }
        return new NodeReport(name, status(status.json()), decisions, null);
    }

    static NodeStatus status(JsonNode p) {
        JsonNode seen = p.get("dcs_last_seen");
        return new NodeStatus(p.path("state").asText(null), p.path("role").asText(null), p.path("timeline").asInt(0),
                p.hasNonNull("database_system_identifier") ? p.get("database_system_identifier").asText() : null,
                p.hasNonNull("replication_state") ? p.get("replication_state").asText() : null,
                p.path("pause").asBoolean(false),
                seen != null && seen.canConvertToLong() ? Instant.ofEpochSecond(seen.asLong()) : null);
    }

    /** The entries of GET /decisions, oldest first. */
    static List<Decision> decisions(JsonNode d) {
        return io.pgward.api.DecisionsJson.read(d).stream()
                .map(e -> new Decision(e.at(), e.action(), e.reason())).toList();
    }
}
