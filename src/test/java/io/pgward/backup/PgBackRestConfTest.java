package io.pgward.backup;

import io.pgward.config.BackupConfig;
import io.pgward.config.S3Keys;
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
                new BackupConfig.HostRepo("repo.example", 8432, "/etc/ca.pem", "/etc/c.pem", "/etc/c.key", "/srv/repo")), 2, null, true);

        String conf = PgBackRestConf.render(b, NODE);

        assertThat(conf).contains("lock-path=/srv/pg/data.pgbackrest/lock\n", "spool-path=/srv/pg/data.pgbackrest/spool\n",
                "archive-async=y\n", "repo1-path=/backup\n", "repo1-retention-full=2\n", "repo2-host=repo.example\n",
                "repo2-host-type=tls\n", "repo2-path=/srv/repo\n", "repo2-host-port=8432\n", "repo2-host-ca-file=/etc/ca.pem\n",
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

    @Test
    void anS3RepositoryIsWrittenWithTheKeysFromItsCredentialsFile() {
        BackupConfig b = new BackupConfig("main", List.of(new BackupConfig.PosixRepo("/backup"),
                new BackupConfig.S3Repo("pg-b", "s3.example", 9000, "eu-1", "/cluster", "path", "/etc/s3-ca.pem", true,
                        "/etc/pgward/s3.yml")), 2, null, false);

        String conf = PgBackRestConf.render(b, NODE, file -> file.equals("/etc/pgward/s3.yml")
                ? new S3Keys("AKIA1", "secret1", null) : null);

        assertThat(conf).contains("repo2-type=s3\nrepo2-path=/cluster\nrepo2-s3-bucket=pg-b\nrepo2-s3-endpoint=s3.example\n"
                + "repo2-storage-port=9000\nrepo2-s3-region=eu-1\nrepo2-s3-uri-style=path\n"
                + "repo2-storage-ca-file=/etc/s3-ca.pem\nrepo2-s3-key=AKIA1\nrepo2-s3-key-secret=secret1\n"
                + "repo2-retention-full=2\n");
        assertThat(conf).doesNotContain("verify-tls", "s3-token");
    }

    @Test
    void theDefaultPortIsLeftToPgBackRestAndVerificationOffAndATokenAreWritten() {
        BackupConfig b = new BackupConfig("main", List.of(new BackupConfig.S3Repo("pg-b", "s3.example", null, "eu-1", "/",
                "host", null, false, "/c")), null, null, false);

        String conf = PgBackRestConf.render(b, NODE, file -> new S3Keys("AKIA1", "secret1", "tok"));

        assertThat(conf).contains("repo1-path=/\n", "repo1-s3-uri-style=host\n", "repo1-storage-verify-tls=n\n",
                "repo1-s3-token=tok\n").doesNotContain("storage-port", "ca-file");
    }

    @Test
    void s3FailuresGetWhatToCheck() {
        assertThat(PgBackRest.hint("CryptoError: unable to verify certificate presented by 'localhost:4590': [18]"
                + " self-signed certificate")).contains("ca is the CA that signed the endpoint's certificate");
        assertThat(PgBackRest.hint("HostConnectError: unable to connect to 'localhost:4591': [111] Connection refused"))
                .contains("an S3 repository's endpoint");
        assertThat(PgBackRest.hint("<Error><Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided"
                + " does not exist in our records.</Message>")).contains("credentials file");
        assertThat(PgBackRest.hint("<Code>NoSuchBucket</Code>")).contains("create it first");
    }

    @Test
    void aRepositoryHostWithoutPathLeavesPgBackRestsDefault() {
        BackupConfig b = new BackupConfig("main", List.of(host("repo.example")), null, null, false);

        assertThat(PgBackRestConf.render(b, NODE)).contains("repo1-host=repo.example\n").doesNotContain("repo1-path");
    }

    @Test
    void eachRefusalOfTheRepositoryHostsTlsGetsWhatToCheck() {
        assertThat(PgBackRest.hint("ERROR: [103]: unable to find a valid repository:\n       repo1: [AccessError] raised"
                + " from remote-0 tls protocol on '10.0.0.2': access denied")).contains("tls-server-auth");
        assertThat(PgBackRest.hint("repo1: [ServiceError] TLS error [1:167773208] tlsv1 alert unknown ca"))
                .contains("tls-server-ca-file");
        assertThat(PgBackRest.hint("repo1: [CryptoError] unable to verify certificate presented by '10.0.0.2:8432':"
                + " [19] self-signed certificate in certificate chain")).contains("ca must hold the CA");
        assertThat(PgBackRest.hint("ERROR: [095]: unable to find hostname '10.0.0.2' in certificate common name or"
                + " subject alternative names")).contains("DNS subject alternative name");
        assertThat(PgBackRest.hint("ERROR: [055]: unable to load info file")).isEmpty();
    }

    @Test
    void aBackupGoesIntoTheFirstRepositoryTheNodeWritesItself() {
        BackupConfig b = new BackupConfig("main", List.of(host("repo.example"), new BackupConfig.PosixRepo("/backup")),
                null, null, false);

        assertThat(BackupTarget.repo(b)).isEqualTo(2);
    }

    @Test
    void aBackupWithRepositoryHostsOnlyIsRefusedSayingWhereToRunIt() {
        BackupConfig b = new BackupConfig("main", List.of(host("repo.example")), null, null, false);

        assertThatThrownBy(() -> BackupTarget.repo(b)).hasMessageContaining("repo1: repo.example:8432")
                .hasMessageContaining("error 072").hasMessageContaining("run 'pgbackrest --stanza=main backup' on repo.example");
    }

    private static BackupConfig.HostRepo host(String name) {
        return new BackupConfig.HostRepo(name, 8432, null, "/etc/c.pem", "/etc/c.key", null);
    }
}
