package io.pgward.agent;

import io.pgward.config.Credentials;
import io.pgward.config.RestApiConfig;
import io.pgward.ha.FailsafeCheck;
import io.pgward.tls.HttpClientByScheme;
import io.pgward.tls.PemTls;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A primary's round of {@code POST /failsafe} under failsafe_mode, to every other member of the failsafe topology in
 * parallel (2 s each, as Patroni): confirmed only if every one answers 200 "Accepted". Sent with the node's own REST
 * credentials and, when it has one, its certificate as client certificate, as the members' APIs may require both.
 */
final class FailsafeCaller {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private final HttpClientByScheme http;
    private final String authorization;

    FailsafeCaller(RestApiConfig rest) {
        SSLContext tls = null;
        if (rest.certfile() != null && rest.keyfile() != null) {
            tls = PemTls.client("restapi", rest.cafile(), rest.certfile(), rest.keyfile(), rest.keyfilePassword());
        } else if (rest.cafile() != null) {
            tls = PemTls.client(rest.cafile());
        }
        this.http = new HttpClientByScheme(TIMEOUT, tls);
        Credentials auth = rest.authentication();
        this.authorization = auth == null || auth.username() == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((auth.username() + ":" + (auth.password() == null ? "" : auth.password()))
                        .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param topology the failsafe key: member name to REST API URL (its /patroni URL)
     * @param body     this primary's name, conn_url and api_url as JSON
     */
    FailsafeCheck call(Map<String, String> topology, String me, String body) {
        if (!topology.containsKey(me)) {
            return new FailsafeCheck(false, topology.isEmpty() ? "no failsafe topology in etcd yet"
                    : "I am not in the failsafe topology (" + String.join(", ", topology.keySet()) + ")");
        }
        Map<String, CompletableFuture<String>> calls = new LinkedHashMap<>();
        topology.forEach((name, url) -> {
            if (!name.equals(me)) {
                calls.put(name, post(url, body));
            }
        });
        if (calls.isEmpty()) {
            return new FailsafeCheck(true, "no other member");
        }
        List<String> refused = new ArrayList<>();
        calls.forEach((name, call) -> {
            String problem = call.join();
            if (problem != null) {
                refused.add(name + ": " + problem);
            }
        });
        return refused.isEmpty() ? new FailsafeCheck(true, "accepted by " + String.join(", ", calls.keySet()))
                : new FailsafeCheck(false, "not accepted by " + String.join("; ", refused));
    }

    /** Null when accepted, else what went wrong. */
    private CompletableFuture<String> post(String apiUrl, String body) {
        URI uri;
        try {
            uri = URI.create(apiUrl).resolve("/failsafe");
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture("bad api_url " + apiUrl);
        }
        HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        return http.forUri(uri).sendAsync(r.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(resp -> resp.statusCode() == 200 && resp.body().strip().equals("Accepted") ? null
                        : resp.statusCode() + " " + resp.body().strip())
                .exceptionally(e -> "no answer (" + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName() + ")");
    }
}
