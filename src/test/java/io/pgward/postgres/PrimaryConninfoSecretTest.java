package io.pgward.postgres;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL logs primary_conninfo's new value on every reload that changes it ("parameter primary_conninfo changed
 * to ..."), so the replication password must not be in it: it goes in a passfile.
 */
class PrimaryConninfoSecretTest {

    @Test
    void replicationPasswordIsNeverInPrimaryConninfoWhenAPassfileIsGiven() {
        StandbySettings s = new StandbySettings("n1", "10.0.0.1", 5432, "replicator", "repl-secret",
                Map.of("passfile", "/var/lib/postgresql/18/main.pgpass", "sslmode", "require"), "n2", "n2");

        assertThat(s.conninfo()).doesNotContain("repl-secret").doesNotContain("password")
                .contains("passfile='/var/lib/postgresql/18/main.pgpass'").contains("user='replicator'");
        assertThat(s.password()).as("still known to the agent, for programs it runs").isEqualTo("repl-secret");
    }

    @Test
    void passfileLinesEscapeColonsAndBackslashes() {
        assertThat(Passfile.line("repl:user", "p\\a:ss")).isEqualTo("*:*:*:repl\\:user:p\\\\a\\:ss\n");
    }
}
