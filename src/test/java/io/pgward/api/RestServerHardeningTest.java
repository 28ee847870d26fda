package io.pgward.api;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST API under hostile or clumsy clients: connections that never finish their request must not starve the
 * health checks a load balancer depends on, huge bodies are refused before they are read, and a browser page on
 * another site cannot post a form to an unsafe endpoint.
 */
class RestServerHardeningTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private RestServer server;
    private int port;

    @BeforeEach
    void start() throws IOException {
        port = TestNode.freePort();
        server = new RestServer(TestNode.config(port, ""), TestNode::snapshot, new FakeOperations());
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void healthChecksAreAnsweredWhileSixtyFourConnectionsHoldUnfinishedRequests() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                Socket s = new Socket("127.0.0.1", port);
                OutputStream out = s.getOutputStream();
                out.write("GET /primary HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));  // never ends
                out.flush();
                slow.add(s);
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);    // answered (no PostgreSQL here), not starved
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void aTwoMebibyteBodyIsRefusedWith413BeforeItIsSent() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("POST /restart HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (2 << 20) + "\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            StringBuilder answer = new StringBuilder();
            byte[] buf = new byte[512];
            while (answer.indexOf("}") < 0) {    // the answer ends with its JSON body; the connection stays open
                int n = s.getInputStream().read(buf);
                if (n < 0) {
                    break;
                }
                answer.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
            }
            assertThat(answer.toString()).startsWith("HTTP/1.1 413").contains("at most " + RestServer.MAX_BODY_BYTES);
        }
    }

    @Test
    void aBrowserFormPostFromAnotherSiteIsRefused() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/reload"))
                .POST(HttpRequest.BodyPublishers.ofString("a=b")).header("Origin", "http://evil.example")
                .header("Content-Type", "application/x-www-form-urlencoded").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("application/json");
    }

    @Test
    void aScriptPostingWithoutOriginStillWorks() throws Exception {
        // curl -XPOST -d '...' sends a form content type: Patroni users' scripts do exactly this.
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/reload"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/x-www-form-urlencoded").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(202);
    }
}
