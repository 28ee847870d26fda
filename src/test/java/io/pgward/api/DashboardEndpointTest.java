package io.pgward.api;

import io.pgward.ha.Action;
import io.pgward.ha.DecisionHistory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /dashboard} and {@code GET /decisions} through the REST server: open like the other GET endpoints (with
 * authentication configured for the unsafe ones), HTML that may not load or frame anything, decisions as JSON.
 */
class DashboardEndpointTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final DecisionHistory history = new DecisionHistory(10);
    private RestServer server;
    private int port;

    @BeforeEach
    void start() throws IOException {
        port = TestNode.freePort();
        history.record(Instant.parse("2026-12-03T03:00:00Z"), new Action.LeadAsPrimary("no action: I am the leader with the lock"));
        NodeSnapshot base = TestNode.snapshot();
        NodeSnapshot withDecisions = new NodeSnapshot(base.cluster(), base.local(), null, "running", Instant.now(),
                Instant.now(), history.entries(), java.util.Map.of());
        server = new RestServer(TestNode.config(port, "  authentication: {username: admin, password: secret}\n"),
                () -> withDecisions, new FakeOperations());
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theDashboardIsServedWithoutCredentialsAsHtmlThatMayLoadNothingElse() throws Exception {
        HttpResponse<String> r = get("/dashboard");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'")
                .contains("connect-src 'self'").contains("frame-ancestors 'none'");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(r.body()).contains("cluster demo").contains("I am the leader with the lock")
                .contains("data-leader=\"n1\"");
    }

    @Test
    void decisionsAreJsonWithIsoTimes() throws Exception {
        HttpResponse<String> r = get("/decisions");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("[{\"at\":\"2026-12-03T03:00:00Z\",\"action\":\"LeadAsPrimary\","
                + "\"reason\":\"no action: I am the leader with the lock\"}]");
    }
}
