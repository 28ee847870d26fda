package io.pgward.postgres;

import io.pgward.config.EtcdConfig;
import io.pgward.config.HostPort;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class FenceEtcdAccessTest {

    private static final Optional<Path> CURL = Optional.of(Path.of("/usr/bin/curl"));
    private static final List<HostPort> HOSTS = List.of(new HostPort("10.0.0.1", 2379), new HostPort("10.0.0.2", 2379));

    @Test
    void everyEndpointInOrderWithoutAuthOrTls() {
        var result = FenceEtcdAccess.of(new EtcdConfig(HOSTS, null, null, null, null, null, null), CURL);
        assertThat(result.offBecause()).isNull();
        assertThat(result.access().orElseThrow().render())
                .isEqualTo("endpoint http://10.0.0.1:2379\nendpoint http://10.0.0.2:2379\n");
    }

    @Test
    void httpsCarriesTheCaAndTheClientCertificate() {
        var etcd = new EtcdConfig(HOSTS.subList(0, 1), "https", null, null, "/etc/pgward/ca.pem", "/etc/pgward/c.pem",
                "/etc/pgward/c.key");
        assertThat(FenceEtcdAccess.of(etcd, CURL).access().orElseThrow().lines()).containsExactly(
                "endpoint https://10.0.0.1:2379", "cacert /etc/pgward/ca.pem", "cert /etc/pgward/c.pem",
                "key /etc/pgward/c.key");
    }

    @Test
    void theAuthenticationBodyIsJsonWhateverThePasswordHolds() {
        var etcd = new EtcdConfig(HOSTS.subList(0, 1), null, "pgward", "a \"quoted\" \\ pass\nword", null, null, null);
        String line = FenceEtcdAccess.of(etcd, CURL).access().orElseThrow().lines().get(1);
        assertThat(line).isEqualTo("auth {\"name\":\"pgward\",\"password\":\"a \\\"quoted\\\" \\\\ pass\\nword\"}");
    }

    @Test
    void aUserWithoutPasswordAuthenticatesWithAnEmptyOne() {
        var etcd = new EtcdConfig(HOSTS.subList(0, 1), null, "pgward", null, null, null, null);
        assertThat(FenceEtcdAccess.of(etcd, CURL).access().orElseThrow().authBody())
                .isEqualTo("{\"name\":\"pgward\",\"password\":\"\"}");
    }

    @Test
    void withoutCurlTakeoverIsOffAndSaysWhy() {
        var result = FenceEtcdAccess.of(new EtcdConfig(HOSTS, null, null, null, null, null, null), Optional.empty());
        assertThat(result.access()).isEmpty();
        assertThat(result.offBecause()).contains("curl is not installed");
    }

    @Test
    void aFileNameWithALineBreakTurnsTakeoverOffRatherThanCorruptTheFile() {
        var etcd = new EtcdConfig(HOSTS, "https", null, null, "/etc/odd\nname.pem", null, null);
        var result = FenceEtcdAccess.of(etcd, CURL);
        assertThat(result.access()).isEmpty();
        assertThat(result.offBecause()).contains("cacert");
    }
}
