package io.pgward.agent;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PostBootstrapUrlTest {

    @Test
    void theSuperusersTlsOptionsBecomeUriParametersButNotItsKeyPassword() {
        assertThat(BootstrapTask.queryOf(Map.of("sslmode", "verify-full", "sslrootcert", "/etc/pg ca/root.crt",
                "sslpassword", "secret"))).isEqualTo("?sslmode=verify-full&sslrootcert=%2Fetc%2Fpg%20ca%2Froot.crt");
        assertThat(BootstrapTask.queryOf(Map.of())).isEmpty();
    }
}
