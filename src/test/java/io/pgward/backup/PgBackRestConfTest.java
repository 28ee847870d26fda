package io.pgward.backup;

import io.pgward.config.BackupConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgBackRestConfTest {

    private static final PgBackRest.Node NODE = new PgBackRest.Node(Path.of("/srv/pg/data"), 5433, "/run/postgresql", "postgres");

    @Test
    void repositoriesAreNumberedInOrderWithTheirRetentionAndTheNodeIsTheStanza() {
        BackupConfig b = new BackupConfig("main", List.of(new BackupConfig.PosixRepo("/backup"),
                new BackupConfig.HostRepo("repo.example", 8432, "/etc/ca.pem", "/etc/c.pem", "/etc/c.key")), 2, null, true);

        String conf = PgBackRestConf.render(b, NODE);

        assertThat(conf).contains("lock-path=/srv/pg/data.pgbackrest/lock\n", "spool-path=/srv/pg/data.pgbackrest/spool\n",
                "archive-async=y\n", "repo1-path=/backup\n", "repo1-retention-full=2\n", "repo2-host=repo.example\n",
                "repo2-host-type=tls\n", "repo2-host-port=8432\n", "repo2-host-ca-file=/etc/ca.pem\n",
                "repo2-host-cert-file=/etc/c.pem\n", "repo2-host-key-file=/etc/c.key\n", "repo2-retention-full=2\n",
                "\n[main]\npg1-path=/srv/pg/data\npg1-port=5433\npg1-socket-path=/run/postgresql\npg1-user=postgres\n");
        assertThat(conf).doesNotContain("retention-diff");
    }

    @Test
    void aValueSpanningLinesCannotInjectOptions() {
        BackupConfig b = new BackupConfig("main", List.of(new BackupConfig.PosixRepo("/backup\nrepo1-path=/elsewhere")), null, null, false);

        assertThatThrownBy(() -> PgBackRestConf.render(b, NODE)).hasMessageContaining("must be one line");
    }

    @Test
    void unreachableRepositoryHostGetsAHint() {
        assertThat(PgBackRest.hint("ERROR: [049]: unable to connect to 'repo:8432': Connection refused"))
                .contains("pgbackrest server");
    }
}
