package io.pgward.api;

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
        String tls = "  certfile: %s\n  keyfile: %s\n  cafile: %s\n  verify_client: %s\n".formatted(
                dir.resolve("cert.pem"), dir.resolve(keyfile), dir.resolve("cert.pem"), verify);
        RestServer server = new RestServer(TestNode.config(port, tls), TestNode::snapshot, new FakeOperations());
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

    private static void selfSigned(Path cert, Path key, String cn) throws Exception {
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-days", "2", "-subj", "/CN=" + cn, "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", key.toString(), "-out", cert.toString());
    }

    private static String servedSubject(HttpClient client, int port) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/patroni"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        var peer = (java.security.cert.X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];
        return peer.getSubjectX500Principal().getName();
    }

    @Test
    void aReloadServesARenewedCertificateToNewConnectionsAndKeepsTheOldOneWhenTheNewFilesAreBad() throws Exception {
        Path renew = java.nio.file.Files.createDirectories(dir.resolve("renew"));
        Path cert = renew.resolve("cert.pem");
        Path key = renew.resolve("key.pem");
        selfSigned(cert, key, "before");
        selfSigned(renew.resolve("after-cert.pem"), renew.resolve("after-key.pem"), "after");
        Path bothCas = renew.resolve("cas.pem");
        java.nio.file.Files.writeString(bothCas, java.nio.file.Files.readString(cert)
                + java.nio.file.Files.readString(renew.resolve("after-cert.pem")));
        int port = freePort();
        var config = TestNode.config(port, "  certfile: %s\n  keyfile: %s\n".formatted(cert, key));
        try (RestServer server = new RestServer(config, TestNode::snapshot, new FakeOperations())) {
            server.start();
            assertThat(servedSubject(HttpClient.newBuilder().sslContext(PemTls.client(bothCas.toString())).build(), port))
                    .isEqualTo("CN=before");

            java.nio.file.Files.copy(renew.resolve("after-cert.pem"), cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            java.nio.file.Files.copy(renew.resolve("after-key.pem"), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            server.reloadTls(config.restapi());
            assertThat(servedSubject(HttpClient.newBuilder().sslContext(PemTls.client(bothCas.toString())).build(), port))
                    .as("an EC key, renewed in place and reloaded").isEqualTo("CN=after");

            java.nio.file.Files.writeString(key, "not a key");
            assertThatThrownBy(() -> server.reloadTls(config.restapi())).hasMessageContaining(key.toString());
            assertThat(servedSubject(HttpClient.newBuilder().sslContext(PemTls.client(bothCas.toString())).build(), port))
                    .as("a failed reload changes nothing").isEqualTo("CN=after");
        }
    }
}
