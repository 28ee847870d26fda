package io.pgward.cli;

import com.sun.net.httpserver.HttpServer;
import io.pgward.config.Credentials;
import io.pgward.ha.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against a small in-process HTTP server standing in for a member's REST API. */
class RestClientTest {

    /** What the server received. */
    record Received(String method, String path, String authorization, String contentType, String body) {}

    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "{\"message\":\"ok\"}";
    private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] in = ex.getRequestBody().readAllBytes();
            received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                    ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Content-Type"),
                    new String(in, StandardCharsets.UTF_8)));
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private Member member() {
        return new Member("node1", "http://127.0.0.1:" + server.getAddress().getPort() + "/patroni",
                "postgres://127.0.0.1:5432/postgres", "primary", "running", 0, 1, null, false, 1, false, Map.of());
    }

    @Test
    void postsJsonToTheApiRootWithBasicAuth() {
        RestClient client = new RestClient(new Credentials("pgward", "s3cr:et"));
        RestClient.Response r = client.call("POST", member(), "/switchover",
                Map.of("leader", "node1", "candidate", "node2"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.ok()).isTrue();
        assertThat(r.message()).isEqualTo("ok");
        Received got = received.get(0);
        assertThat(got.method()).isEqualTo("POST");
        assertThat(got.path()).isEqualTo("/switchover");
        assertThat(got.authorization()).isEqualTo("Basic cGd3YXJkOnMzY3I6ZXQ=");   // pgward:s3cr:et
        assertThat(got.contentType()).isEqualTo("application/json");
        assertThat(got.body()).contains("\"leader\":\"node1\"").contains("\"candidate\":\"node2\"");
    }

    @Test
    void sendsNoAuthorizationWithoutCredentialsAndNoBodyWithoutOne() {
        new RestClient(null).call("POST", member(), "/reload", null);
        assertThat(received.get(0).authorization()).isNull();
        assertThat(received.get(0).body()).isEmpty();
    }

    @Test
    void anErrorAnswerGivesStatusErrorAndProblems() {
        status = 400;
        answer = "{\"error\":\"invalid configuration\",\"problems\":[\"ttl: must be at least 20\","
                + "{\"severity\":\"ERROR\",\"path\":\"loop_wait\",\"message\":\"must be a number\"}]}";
        RestClient.Response r = new RestClient(null).call("PATCH", member(), "/config", Map.of("ttl", 5));
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).isEqualTo("invalid configuration");
        assertThat(r.problems()).containsExactly("ttl: must be at least 20", "error: loop_wait: must be a number");
        assertThat(r.describe()).isEqualTo("status 400: invalid configuration");
        assertThat(received.get(0).method()).isEqualTo("PATCH");
    }

    @Test
    void unauthorizedSaysWhereCredentialsComeFrom() {
        status = 401;
        answer = "{\"error\":\"authentication required\"}";
        RestClient.Response r = new RestClient(null).call("POST", member(), "/restart", Map.of());
        assertThat(r.describe()).startsWith("status 401: authentication required")
                .contains("--username and --password").contains(RestAuth.ENV_FILE);
    }

    @Test
    void aPlainTextAnswerIsKeptAsText() {
        answer = "Successfully switched over to \"node2\"";
        RestClient.Response r = new RestClient(null).call("POST", member(), "/switchover", Map.of("leader", "node1"));
        assertThat(r.json()).isNull();
        assertThat(r.message()).isEqualTo("Successfully switched over to \"node2\"");
    }

    @Test
    void reportPrintsSuccessOrFailureLines() {
        var out = new java.io.ByteArrayOutputStream();
        var ps = new java.io.PrintStream(out, true, StandardCharsets.UTF_8);
        assertThat(Report.print(ps, "restart", "node1", new RestClient(null).call("POST", member(), "/restart", null)))
                .isTrue();
        status = 503;
        answer = "{\"error\":\"restart failed\"}";
        assertThat(Report.print(ps, "restart", "node1", new RestClient(null).call("POST", member(), "/restart", null)))
                .isFalse();
        assertThat(out.toString()).isEqualTo("Success: restart on member node1 (ok)\n"
                + "Failed: restart on member node1, status 503: restart failed\n");
    }

    @Test
    void connectionRefusedNamesTheMemberAndUrl() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Member gone = new Member("node2", "http://127.0.0.1:" + port + "/patroni", null, "replica", "running", 0, 1,
                null, false, 1, false, Map.of());
        assertThatThrownBy(() -> new RestClient(null).call("POST", gone, "/reload", null))
                .isInstanceOf(RestClient.Unreachable.class)
                .hasMessageContaining("could not connect to node2's REST API at http://127.0.0.1:" + port + "/reload")
                .hasMessageContaining("is node2's agent running?");
    }

    @Test
    void aMemberThatDoesNotAnswerInTimeIsReportedAsMaybeDone() {
        server.createContext("/slow", ex -> {
            try {
                release.await(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        assertThatThrownBy(() -> new RestClient(null).call("POST", member(), "/slow", null, Duration.ofMillis(300)))
                .isInstanceOf(RestClient.Unreachable.class)
                .hasMessageContaining("got no answer within").hasMessageContaining("may still be carried out");
    }

    @Test
    void aMemberWithoutApiUrlCannotBeCalled() {
        Member m = new Member("node3", null, null, "replica", "running", 0, 1, null, false, 1, false, Map.of());
        assertThatThrownBy(() -> new RestClient(null).call("POST", m, "/reload", null))
                .hasMessageContaining("node3 publishes no api_url");
    }

    @Test
    void baseUrlDropsThePatroniSuffix() {
        assertThat(RestClient.baseUrl("http://10.0.0.1:8008/patroni")).isEqualTo("http://10.0.0.1:8008");
        assertThat(RestClient.baseUrl("https://h:8443/patroni/")).isEqualTo("https://h:8443");
        assertThat(RestClient.baseUrl("http://h:8008")).isEqualTo("http://h:8008");
    }
}
