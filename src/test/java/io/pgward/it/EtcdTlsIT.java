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
            LoopbackCert tls = LoopbackCert.make(cluster.dir, "etcd");
            Path cert = tls.cert();
            Path key = tls.key();
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
}
