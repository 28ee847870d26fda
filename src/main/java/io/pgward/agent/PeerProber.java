package io.pgward.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgward.api.DecisionsJson;
import io.pgward.api.Operations.PeerDecisions;
import io.pgward.ha.Member;
import io.pgward.ha.PeerStatus;
import io.pgward.tls.HttpClientByScheme;
import io.pgward.tls.PemTls;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Asks every other member's REST API ({@code GET /patroni}) in parallel, 2 s timeout, no retries (as Patroni); and,
 * for the dashboard, their {@code GET /decisions}.
 */
final class PeerProber {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private final HttpClientByScheme http;

    /** {@code cafile}: trust for peers' https APIs (null: the JVM's default trust store). */
    PeerProber(String cafile) {
        this.http = new HttpClientByScheme(TIMEOUT, cafile == null ? null : PemTls.client(cafile));
    }

    List<PeerStatus> probe(List<Member> others) {
        List<CompletableFuture<PeerStatus>> calls = others.stream().map(this::probe).toList();
        return calls.stream().map(CompletableFuture::join).toList();
    }

    private CompletableFuture<PeerStatus> probe(Member m) {
        if (m.apiUrl() == null) {
            return CompletableFuture.completedFuture(PeerStatus.unreachable(m.name()));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(m.apiUrl())).timeout(TIMEOUT).GET().build();
        return http.forUri(request.uri()).sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> parse(m.name(), r.body()))
                .exceptionally(e -> PeerStatus.unreachable(m.name()));
    }

    /** Every member's {@code GET /decisions} in parallel, by name; a member that does not answer in time says why. */
    Map<String, PeerDecisions> decisions(List<Member> members) {
        Map<String, CompletableFuture<PeerDecisions>> calls = new LinkedHashMap<>();
        for (Member m : members) {
            calls.put(m.name(), decisions(m));
        }
        Map<String, PeerDecisions> out = new LinkedHashMap<>();
        calls.forEach((name, call) -> out.put(name, call.join()));
        return out;
    }

    private CompletableFuture<PeerDecisions> decisions(Member m) {
        if (m.apiUrl() == null) {
            return CompletableFuture.completedFuture(new PeerDecisions(List.of(),
                    "publishes no api_url"));
        }
        String base = m.apiUrl().endsWith("/patroni") ? m.apiUrl().substring(0, m.apiUrl().length() - 8) : m.apiUrl();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/decisions")).timeout(TIMEOUT).GET().build();
        return http.forUri(request.uri()).sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> {
                    try {
                        return r.statusCode() == 200
                                ? new PeerDecisions(
                                        DecisionsJson.read(JSON.readTree(r.body())), null)
                                : new PeerDecisions(List.of(), "GET /decisions answered "
                                        + r.statusCode());
                    } catch (IOException e) {
                        return new PeerDecisions(List.of(), "GET /decisions answered something"
                                + " that is not JSON");
                    }
                })
                .exceptionally(e -> new PeerDecisions(List.of(), "no answer within "
                        + TIMEOUT.toSeconds() + "s (" + (e.getCause() != null ? e.getCause() : e).getClass().getSimpleName()
                        + ")"));
    }

    static PeerStatus parse(String name, String body) {
        try {
            JsonNode p = JSON.readTree(body);
            JsonNode xlog = p.path("xlog");
            String role = p.path("role").asText("");
            boolean primary = xlog.has("location") || role.equals("primary") || role.equals("master");
            long wal = primary ? xlog.path("location").asLong(0)
                    : Math.max(xlog.path("received_location").asLong(0), xlog.path("replayed_location").asLong(0));
            JsonNode tags = p.path("tags");
            boolean nofailover = tags.path("nofailover").asBoolean(false) || p.path("watchdog_failed").asBoolean(false);
            int priority = tags.has("failover_priority") ? tags.path("failover_priority").asInt(1) : (nofailover ? 0 : 1);
            return new PeerStatus(name, true, !primary, wal, nofailover || priority <= 0, priority);
        } catch (Exception e) {
            return PeerStatus.unreachable(name);
        }
    }
}
