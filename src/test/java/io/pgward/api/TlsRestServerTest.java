package io.pgward.api;

import io.pgward.config.Config;
import io.pgward.config.ConfigLoader;
import io.pgward.config.DynamicConfig;
import io.pgward.ha.ClusterView;
import io.pgward.ha.LocalState;
import io.pgward.ha.SyncState;
import io.pgward.tls.PemTls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The REST server over TLS from PEM files (certificates made by openssl for the test). */
class TlsRestServerTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void certificates() throws Exception {
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", dir.resolve("key.pem").toString(),
                "-out", dir.resolve("cert.pem").toString());
        run("openssl", "rsa", "-in", dir.resolve("key.pem").toString(), "-traditional",
                "-out", dir.resolve("rsa-key.pem").toString());
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static RestServer server(int port, String keyfile, String verify) {
        String yaml = """
                scope: demo
                name: n1
                restapi:
                  listen: 127.0.0.1:%d
                  connect_address: 127.0.0.1:%d
                  certfile: %s
                  keyfile: %s
                  cafile: %s
                  verify_client: %s
                etcd3: {hosts: 127.0.0.1:2379}
                postgresql:
                  listen: 127.0.0.1:5432
                  connect_address: 127.0.0.1:5432
                  data_dir: /tmp/x/data
                  authentication:
                    superuser: {username: postgres, password: a}
                    replication: {username: repl, password: b}
                """.formatted(port, port, dir.resolve("cert.pem"), dir.resolve(keyfile), dir.resolve("cert.pem"), verify);
        Config config = ConfigLoader.loadString(yaml, "n1.yml", Map.of()).configOrThrow();
        ClusterView view = new ClusterView("n1", "1", List.of(), DynamicConfig.defaults(), true, 1, null, 0, List.of(),
                SyncState.EMPTY);
        NodeSnapshot snap = new NodeSnapshot(view, LocalState.noData(), null, "stopped", Instant.now(), Instant.now(),
                List.of(), Map.of());
        RestServer server = new RestServer(config, () -> snap, new FakeOperations());
        server.start();
        return server;
    }

    private static HttpClient trustingClient() {
        SSLContext ctx = PemTls.client(dir.resolve("cert.pem").toString());
        return HttpClient.newBuilder().sslContext(ctx).build();
    }

    @Test
    void servesHttpsWithAPkcs8Key() throws Exception {
        int port = freePort();
        try (RestServer ignored = server(port, "key.pem", "none")) {
            HttpResponse<String> r = trustingClient().send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + port + "/patroni")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"name\":\"n1\"");
        }
    }

    @Test
    void acceptsATraditionalRsaKey() throws Exception {
        int port = freePort();
        try (RestServer ignored = server(port, "rsa-key.pem", "none")) {
            HttpResponse<String> r = trustingClient().send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);
        }
    }

    @Test
    void requiredClientCertificateRefusesAClientWithout() {
        int port;
        try {
            port = freePort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try (RestServer ignored = server(port, "key.pem", "required")) {
            assertThatThrownBy(() -> trustingClient().send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + port + "/patroni")).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void optionalClientCertificateAllowsGetButNotUnsafeMethods() throws Exception {
        int port = freePort();
        try (RestServer ignored = server(port, "key.pem", "optional")) {
            HttpClient client = trustingClient();
            assertThat(client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/patroni")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/reload"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(403);
            assertThat(post.body()).contains("client certificate is required");
        }
    }

    @Test
    void unreadableKeyNamesTheFile() {
        assertThatThrownBy(() -> PemTls.server(dir.resolve("cert.pem").toString(), dir.resolve("cert.pem").toString(), null))
                .hasMessageContaining("cert.pem").hasMessageContaining("no PRIVATE KEY block found");
    }
}
