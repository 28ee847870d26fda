package io.pgward.cli;

import io.pgward.api.NodeSnapshot;
import io.pgward.api.Operations;
import io.pgward.api.RestServer;
import io.pgward.config.Config;
import io.pgward.config.ConfigLoader;
import io.pgward.config.CtlConfig;
import io.pgward.config.Credentials;
import io.pgward.config.DynamicConfig;
import io.pgward.config.LoadResult;
import io.pgward.ha.ClusterView;
import io.pgward.ha.LocalState;
import io.pgward.ha.SyncState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Patroni's ctl section as pgward's CLI uses it: a patronictl.yaml with only etcd3 and ctl is enough, and the REST
 * calls go over HTTPS with its CA, client certificate and credentials.
 */
class CtlTest {

    @TempDir
    static Path certs;
    @TempDir
    Path dir;
    private RestServer server;

    @BeforeAll
    static void certificates() throws Exception {
        selfSigned("cert.pem", "key.pem", "/CN=127.0.0.1", "IP:127.0.0.1");
        selfSigned("other.pem", "other-key.pem", "/CN=elsewhere.example", "DNS:elsewhere.example");
    }

    private static void selfSigned(String cert, String key, String subject, String altName) throws Exception {
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", subject, "-addext", "subjectAltName=" + altName, "-keyout", certs.resolve(key).toString(),
                "-out", certs.resolve(cert).toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A member's REST API over HTTPS that wants a client certificate signed by the test CA. */
    private String httpsMember() throws Exception {
        return httpsMember("cert.pem", "key.pem");
    }

    private String httpsMember(String cert, String key) throws Exception {
        int port = freePort();
        String yaml = """
                scope: demo
                name: n1
                restapi:
                  listen: 127.0.0.1:%d
                  connect_address: 127.0.0.1:%d
                  certfile: %s
                  keyfile: %s
                  cafile: %s
                  verify_client: required
                etcd3: {hosts: 127.0.0.1:2379}
                postgresql:
                  listen: 127.0.0.1:5432
                  connect_address: 127.0.0.1:5432
                  data_dir: /tmp/x/data
                  authentication:
                    superuser: {username: postgres, password: a}
                    replication: {username: repl, password: b}
                """.formatted(port, port, certs.resolve(cert), certs.resolve(key), certs.resolve("cert.pem"));
        Config config = ConfigLoader.loadString(yaml, "n1.yml", Map.of()).configOrThrow();
        ClusterView view = new ClusterView("n1", "1", List.of(), DynamicConfig.defaults(), true, 1, null, 0, List.of(),
                SyncState.EMPTY);
        NodeSnapshot snapshot = new NodeSnapshot(view, LocalState.noData(), null, "stopped", Instant.now(),
                Instant.now(), List.of(), Map.of());
        Operations none = (Operations) Proxy.newProxyInstance(Operations.class.getClassLoader(),
                new Class<?>[]{Operations.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        server = new RestServer(config, () -> snapshot, none);
        server.start();
        return "https://127.0.0.1:" + port + "/patroni";
    }

    private Config ctlOnly(String ctl) throws IOException {
        Path file = dir.resolve("patronictl.yaml");
        Files.writeString(file, "etcd3:\n  hosts: 127.0.0.1:2379\nctl:\n" + ctl);
        LoadResult r = ConfigLoader.load(file, Map.of());
        assertThat(r.errors()).isEmpty();
        return r.config();
    }

    @Test
    void aCtlOnlyFileIsEnoughForTheCliButNotForTheAgent() throws IOException {
        Config c = ctlOnly("  insecure: false\n  authentication: {username: admin, password: s3cret}\n");
        assertThat(c.cliOnly()).isTrue();
        assertThat(c.etcd().endpoints()).containsExactly("http://127.0.0.1:2379");
        assertThat(c.ctl().authentication()).isEqualTo(new Credentials("admin", "s3cret"));
        assertThat(ConfigLoader.loadNode(dir.resolve("patronictl.yaml"), Map.of()).errors()).extracting("path")
                .contains("restapi", "postgresql");
    }

    @Test
    void ctlAuthenticationWinsOverRestapiAuthentication() throws IOException {
        Config c = ctlOnly("  authentication: {username: admin, password: s3cret}\n");
        assertThat(RestAuth.resolve(null, null, c, dir, Map.of())).isEqualTo(new Credentials("admin", "s3cret"));
    }

    @Test
    void restCallsUseTheCtlCaAndClientCertificate() throws Exception {
        String url = httpsMember();
        Config c = ctlOnly("  cacert: %s\n  certfile: %s\n  keyfile: %s\n".formatted(certs.resolve("cert.pem"),
                certs.resolve("cert.pem"), certs.resolve("key.pem")));
        RestClient.Response r = new RestClient(null, c.ctl()).call("GET", "n1", url, null, Duration.ofSeconds(5));
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void withoutTheCtlSectionAPrivateCaIsNotTrusted() throws Exception {
        String url = httpsMember();
        assertThatThrownBy(() -> new RestClient(null, null).call("GET", "n1", url, null, Duration.ofSeconds(5)))
                .isInstanceOf(RestClient.Unreachable.class);
    }

    @Test
    void withoutAClientCertificateAMemberThatRequiresOneRefuses() throws Exception {
        String url = httpsMember();
        CtlConfig caOnly = new CtlConfig(null, false, certs.resolve("cert.pem").toString(), null, null, null);
        assertThatThrownBy(() -> new RestClient(null, caOnly).call("GET", "n1", url, null, Duration.ofSeconds(5)))
                .isInstanceOf(RestClient.Unreachable.class);
    }

    @Test
    void insecureTrustsAnyServerCertificateButStillPresentsTheClientCertificate() throws Exception {
        String url = httpsMember("other.pem", "other-key.pem");    // unknown issuer, and another host name
        Config c = ctlOnly("  insecure: true\n  certfile: %s\n  keyfile: %s\n".formatted(certs.resolve("cert.pem"),
                certs.resolve("key.pem")));
        RestClient.Response r = new RestClient(null, c.ctl()).call("GET", "n1", url, null, Duration.ofSeconds(5));
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void patronictlsConfigFileIsFoundWhereItLooks() throws IOException {
        assertThat(ClusterOptions.patronictlConfigFile(Map.of("PATRONICTL_CONFIG_FILE", "/etc/p.yml"), "/nohome"))
                .isEqualTo(Path.of("/etc/p.yml"));
        assertThat(ClusterOptions.patronictlConfigFile(Map.of(), dir.toString())).isNull();
        Path standard = dir.resolve(".config/patroni/patronictl.yaml");
        Files.createDirectories(standard.getParent());
        Files.writeString(standard, "etcd3: {hosts: 127.0.0.1:2379}\n");
        assertThat(ClusterOptions.patronictlConfigFile(Map.of(), dir.toString())).isEqualTo(standard);
    }
}
