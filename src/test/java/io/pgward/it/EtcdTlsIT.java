package io.pgward.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * etcd serving clients over TLS with client-certificate authentication, configured as Patroni's etcd3 section does
 * it ({@code protocol: https}, {@code cacert}, {@code cert}, {@code key}): the agent bootstraps through it and the
 * CLI reads it; without the client certificate etcd refuses and the CLI says so.
 */
class EtcdTlsIT {

    @Test
    void agentAndCliUseEtcdOverTlsWithAClientCertificate() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(1)) {
            Path cert = cluster.dir.resolve("etcd-cert.pem");
            Path key = cluster.dir.resolve("etcd-key.pem");
            openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-addext", "extendedKeyUsage=serverAuth,clientAuth",
                    "-keyout", key.toString(), "-out", cert.toString());
            cluster.etcd.withTls(cert, key);
            cluster.etcdExtra = "  protocol: https\n  cacert: " + cert + "\n  cert: " + cert + "\n  key: " + key + "\n";
            cluster.startEtcd().startAll();
            assertThat(cluster.awaitHealthy(TestTime.seconds(120))).isEqualTo("n1");

            Cli.Result list = Cli.run(null, "list", "-c", cluster.configFile(0).toString());
            assertThat(list.exit()).as(list.output()).isZero();
            assertThat(list.output()).contains("n1").contains("Leader");

            Path noClientCert = cluster.dir.resolve("no-client-cert.yml");
            Files.writeString(noClientCert, Files.readString(cluster.configFile(0))
                    .replace("  cert: " + cert + "\n  key: " + key + "\n", ""));
            Cli.Result refused = Cli.run(null, "list", "-c", noClientCert.toString());
            assertThat(refused.exit()).as(refused.output()).isNotZero();
            assertThat(refused.output()).contains("etcd");
        }
    }

    private static void openssl(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
