package io.pgward.config;

import io.pgward.PgwardException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.pgward.config.TestConfigs.MINIMAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The node's S3 credentials file: read when pgBackRest's file is written, checked by lint. */
class S3KeysTest {

    @TempDir
    Path dir;

    @Test
    void keySecretAndTokenAreReadAndTheSecretsAreNotShown() throws Exception {
        Path file = Files.writeString(dir.resolve("s3.yml"), "key: AKIA1\nkey_secret: very-secret\ntoken: tok-secret\n");

        S3Keys keys = S3Keys.read(file);

        assertThat(keys).isEqualTo(new S3Keys("AKIA1", "very-secret", "tok-secret"));
        assertThat(keys.toString()).contains("AKIA1").doesNotContain("very-secret", "tok-secret");
    }

    @Test
    void aMissingSecretIsNamedWithTheFileAndAMistypedKeyWithItsLine() throws Exception {
        Path file = Files.writeString(dir.resolve("s3.yml"), "key: AKIA1\nkey_secert: x\n");

        assertThatThrownBy(() -> S3Keys.read(file)).isInstanceOf(PgwardException.class)
                .hasMessageContaining(file + ": error: key_secret: missing required key 'key_secret'")
                .hasMessageContaining(file + ":2: error: key_secert: unknown key 'key_secert' (did you mean 'key_secret'?)");
    }

    @Test
    void anUnreadableFileSaysWhoMustReadIt() {
        assertThatThrownBy(() -> S3Keys.read(dir.resolve("absent.yml")))
                .hasMessageContaining("cannot read the S3 credentials file " + dir.resolve("absent.yml"))
                .hasMessageContaining("readable by the agent's user on every node");
    }

    @Test
    void lintChecksTheCredentialsFileOfAnS3Repository() throws Exception {
        Path credentials = Files.writeString(dir.resolve("s3.yml"), "key: AKIA1\n");
        Path node = Files.writeString(dir.resolve("node1.yml"), MINIMAL.replace("data_dir: /var/lib/postgresql/data",
                "data_dir: /var/lib/postgresql/data\n  bin_dir: /usr/lib/postgresql/15/bin") + """
                bootstrap:
                  dcs:
                    backup:
                      stanza: main
                      retention: {full: 1}
                      repos:
                        - {type: s3, bucket: b-1, endpoint: s3.example, region: r, credentials: %s}
                """.formatted(credentials));

        LoadResult r = ConfigLoader.loadNode(node, Map.of("PATH", "/usr/bin"));

        assertThat(r.errors()).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("bootstrap.dcs.backup.repos[0].credentials");
            assertThat(p.line()).isEqualTo(26);
            assertThat(p.message()).contains("the S3 credentials file is not usable", "missing required key 'key_secret'");
        });
    }
}
