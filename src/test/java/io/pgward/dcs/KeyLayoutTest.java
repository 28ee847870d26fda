package io.pgward.dcs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyLayoutTest {
    @Test
    void patroniKeyNames() {
        KeyLayout k = new KeyLayout("/service/batman");
        assertThat(k.leader()).isEqualTo("/service/batman/leader");
        assertThat(k.initialize()).isEqualTo("/service/batman/initialize");
        assertThat(k.member("pg1")).isEqualTo("/service/batman/members/pg1");
        assertThat(k.config()).isEqualTo("/service/batman/config");
        assertThat(k.failover()).isEqualTo("/service/batman/failover");
        assertThat(k.sync()).isEqualTo("/service/batman/sync");
        assertThat(k.history()).isEqualTo("/service/batman/history");
        assertThat(k.status()).isEqualTo("/service/batman/status");
    }
}
