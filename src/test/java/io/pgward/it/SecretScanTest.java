package io.pgward.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SecretScanTest {

    @Test
    void findsAPasswordInAnyLogButNotInConfigurationFiles(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("n1"));
        Files.writeString(dir.resolve("n1.yml"), "password: su-secret\n");
        Files.writeString(dir.resolve("n1.log"), "fine\nconnecting with password su-secret\n");
        Files.writeString(dir.resolve("n1/data.postgres.log.1"), "statement: ALTER ROLE x PASSWORD 'repl-secret'\n");
        Files.writeString(dir.resolve("n1/patroni.log"), "nothing here\n");

        assertThat(SecretScan.findings(dir, List.of("su-secret", "repl-secret"))).containsExactlyInAnyOrder(
                dir.resolve("n1.log") + ":2: holds 'su-secret'",
                dir.resolve("n1/data.postgres.log.1") + ":1: holds 'repl-secret'");
    }
}
