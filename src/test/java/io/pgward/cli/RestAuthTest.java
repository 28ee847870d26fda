package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.config.Config;
import io.pgward.config.ConfigLoader;
import io.pgward.config.Credentials;
import io.pgward.config.LoadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestAuthTest {

    @TempDir
    Path dir;

    private static final String NODE = """
            name: node1
            scope: demo
            restapi:
              listen: 127.0.0.1:8008
              connect_address: 127.0.0.1:8008
            %s
            etcd3:
              hosts: 127.0.0.1:2379
            postgresql:
              listen: 127.0.0.1:5432
              connect_address: 127.0.0.1:5432
              data_dir: /tmp/data
              authentication:
                superuser:
                  username: postgres
                  password: supersecret
                replication:
                  username: replicator
                  password: rep
            """;

    private static Config config(String restAuth) {
        LoadResult r = ConfigLoader.loadString(NODE.formatted(restAuth), "node1.yml", Map.of());
        assertThat(r.hasErrors()).as(r.problems().toString()).isFalse();
        return r.config();
    }

    @Test
    void flagsWin() throws IOException {
        Files.writeString(dir.resolve("restapi.password"), "other:pw\n");
        Credentials c = RestAuth.resolve("admin", "pw", config("  authentication: {username: a, password: b}"), dir,
                Map.of());
        assertThat(c).isEqualTo(new Credentials("admin", "pw"));
    }

    @Test
    void usernameWithoutPasswordIsAUsageError() {
        assertThatThrownBy(() -> RestAuth.resolve("admin", null, null, null, Map.of()))
                .isInstanceOf(PgwardException.class).hasMessageContaining("--username and --password go together");
    }

    @Test
    void thenTheConfigFilesRestapiAuthentication() {
        Credentials c = RestAuth.resolve(null, null, config("  authentication: {username: rest, password: r3st}"),
                dir, Map.of());
        assertThat(c).isEqualTo(new Credentials("rest", "r3st"));
    }

    @Test
    void thenTheFileNamedByTheEnvironment() throws IOException {
        Path f = dir.resolve("creds");
        Files.writeString(f, "\nops:pa:ss\n");
        assertThat(RestAuth.resolve(null, null, config(""), null, Map.of(RestAuth.ENV_FILE, f.toString())))
                .isEqualTo(new Credentials("ops", "pa:ss"));
        assertThatThrownBy(() -> RestAuth.resolve(null, null, null, null,
                Map.of(RestAuth.ENV_FILE, dir.resolve("missing").toString())))
                .hasMessageContaining("does not exist or is not readable");
    }

    @Test
    void thenRestapiPasswordNextToTheConfigFileAsPgwardUpWritesIt() throws IOException {
        Files.writeString(dir.resolve("restapi.password"), "pgward:abc\n");
        assertThat(RestAuth.resolve(null, null, config(""), dir, Map.of()))
                .isEqualTo(new Credentials("pgward", "abc"));
    }

    @Test
    void noneKnownMeansNoAuthorization() {
        assertThat(RestAuth.resolve(null, null, null, dir, Map.of())).isNull();
    }

    @Test
    void aFileWithoutUserColonPasswordIsRefused() throws IOException {
        Path f = dir.resolve("bad");
        Files.writeString(f, "justapassword\n");
        assertThatThrownBy(() -> RestAuth.readFile(f)).hasMessageContaining("'user:password'");
    }
}
