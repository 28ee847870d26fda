package io.pgward.cli;

import io.pgward.PgwardException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DcsUrlTest {

    @Test
    void patronictlsFormWithCredentials() {
        assertThat(DcsUrl.parse("etcd3://admin:s%40cret@10.0.0.5:2379"))
                .isEqualTo(new DcsUrl("http://10.0.0.5:2379", "admin", "s@cret"));
    }

    @Test
    void etcdClientUrlsAndBareHostPort() {
        assertThat(DcsUrl.parse("https://etcd.example:2379")).isEqualTo(new DcsUrl("https://etcd.example:2379", null, null));
        assertThat(DcsUrl.parse("127.0.0.1:12379")).isEqualTo(new DcsUrl("http://127.0.0.1:12379", null, null));
        assertThat(DcsUrl.parse("etcd://h")).isEqualTo(new DcsUrl("http://h:2379", null, null));
    }

    @Test
    void anotherDcsIsRefusedWithoutEchoingThePassword() {
        assertThatThrownBy(() -> DcsUrl.parse("consul://u:topsecret@h:8500"))
                .isInstanceOf(PgwardException.class)
                .hasMessageContaining("etcd only, not consul")
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void aUserWithoutPasswordIsRefused() {
        assertThatThrownBy(() -> DcsUrl.parse("etcd3://admin@h:2379")).hasMessageContaining("user:password@");
    }

    @Test
    void theDescriptionNeverShowsThePassword() {
        assertThat(DcsUrl.parse("etcd3://admin:pw@h:1").toString()).isEqualTo("http://h:1 (as admin)");
    }
}
