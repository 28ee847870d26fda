package io.pgward.config;

import static io.pgward.config.TestConfigs.assertError;
import static io.pgward.config.TestConfigs.assertWarning;
import static io.pgward.config.TestConfigs.singleError;
import static io.pgward.config.TestConfigs.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dynamic backup section: refused before it reaches every node's archive_command. */
class BackupSectionTest {

    private static LoadResult backup(String body) {
        return with("bootstrap:\n  dcs:\n    backup:\n" + body.indent(6));
    }

    @Test
    void aPosixRepositoryWithRetentionIsValidAndTyped() {
        LoadResult r = backup("stanza: main\nrepos:\n  - path: /var/lib/pgbackrest\nretention: {full: 2, diff: 6}\narchive_async: true\n");

        assertThat(r.problems()).isEmpty();
        BackupConfig b = r.config().bootstrap().dynamicConfig().backup();
        assertThat(b).isEqualTo(new BackupConfig("main", List.of(new BackupConfig.PosixRepo("/var/lib/pgbackrest")), 2, 6, true));
    }

    @Test
    void aMissingStanzaIsNamedAtTheSection() {
        Problem p = singleError(backup("repos:\n  - path: /r\nretention: {full: 1}\n"));

        assertError(p, 21, "bootstrap.dcs.backup.stanza", "missing required key 'stanza'");
    }

    @Test
    void aRepositoryWithNeitherPathNorHostIsRefusedAtItsIndex() {
        LoadResult r = backup("stanza: main\nrepos:\n  - port: 8432\nretention: {full: 1}\n");

        assertThat(r.problems()).anyMatch(p -> p.path().equals("bootstrap.dcs.backup.repos[0]")
                && p.message().contains("missing 'path'") && p.message().contains("'host'"));
        assertThat(r.problems()).anyMatch(p -> p.path().equals("bootstrap.dcs.backup.repos[0].port")
                && p.message().contains("applies to a repository host only"));
    }

    @Test
    void aRelativeRepositoryPathIsRefusedWithItsLine() {
        Problem p = singleError(backup("stanza: main\nretention: {full: 1}\nrepos:\n  - path: repo\n"));

        assertError(p, 25, "bootstrap.dcs.backup.repos[0].path", "'repo' must be an absolute path");
    }

    @Test
    void aRepositoryHostNeedsItsClientCertificate() {
        Problem p = singleError(backup("stanza: main\nretention: {full: 1}\nrepos:\n  - host: repo1\n"));

        assertThat(p.message()).contains("needs cert and key");
    }

    private static final String S3 = "stanza: main\nretention: {full: 1}\nrepos:\n  - type: s3\n";

    @Test
    void anS3RepositoryIsValidAndTypedWithItsDefaults() {
        LoadResult r = backup(S3 + "    bucket: pg-backups\n    endpoint: s3.example:9000\n    region: eu-1\n"
                + "    credentials: /etc/pgward/s3.yml\n");

        assertThat(r.problems()).isEmpty();
        assertThat(r.config().bootstrap().dynamicConfig().backup().repos()).containsExactly(new BackupConfig.S3Repo(
                "pg-backups", "s3.example", 9000, "eu-1", "/", "host", null, true, "/etc/pgward/s3.yml"));
    }

    @Test
    void theDefaultHttpsPortIsNotRepeated() {
        LoadResult r = backup(S3 + "    bucket: b-1\n    endpoint: s3.example\n    region: r\n    path: /x\n"
                + "    uri_style: path\n    credentials: /c\n");

        assertThat(r.config().bootstrap().dynamicConfig().backup().repos()).containsExactly(new BackupConfig.S3Repo(
                "b-1", "s3.example", null, "r", "/x", "path", null, true, "/c"));
    }

    @Test
    void anAccessKeyInTheSectionIsRefusedBecauseEtcdWouldHoldItInClear() {
        LoadResult r = backup(S3 + "    bucket: b-1\n    endpoint: s3.example\n    region: r\n    key: AKIA\n"
                + "    key_secret: sss\n");

        assertThat(r.errors()).anyMatch(p -> p.path().equals("bootstrap.dcs.backup.repos[0].key_secret") && p.line() == 30
                && p.message().contains("stored in etcd in clear") && p.message().contains("credentials: "));
        assertThat(r.errors()).anyMatch(p -> p.path().equals("bootstrap.dcs.backup.repos[0].key"));
        assertThat(r.errors()).anyMatch(p -> p.path().equals("bootstrap.dcs.backup.repos[0].credentials")
                && p.message().contains("missing required key 'credentials'"));
        assertThat(r.errors()).noneMatch(p -> p.message().contains("sss"));
    }

    @Test
    void anEndpointWithASchemeAndABadBucketAreNamed() {
        LoadResult r = backup(S3 + "    bucket: My_Bucket\n    endpoint: https://s3.example\n    region: r\n"
                + "    credentials: /c\n");

        assertThat(r.errors()).anyMatch(p -> p.path().equals("bootstrap.dcs.backup.repos[0].bucket") && p.line() == 26
                && p.message().contains("not a valid S3 bucket name"));
        assertThat(r.errors()).anyMatch(p -> p.path().equals("bootstrap.dcs.backup.repos[0].endpoint") && p.line() == 27
                && p.message().contains("without a scheme"));
    }

    @Test
    void missingBucketEndpointAndRegionAndAWrongUriStyleAreEachNamed() {
        LoadResult r = backup(S3 + "    uri_style: virtual\n    credentials: /c\n    path: cluster\n");

        assertThat(TestConfigs.paths(r.errors())).contains("bootstrap.dcs.backup.repos[0].bucket",
                "bootstrap.dcs.backup.repos[0].endpoint", "bootstrap.dcs.backup.repos[0].region",
                "bootstrap.dcs.backup.repos[0].uri_style", "bootstrap.dcs.backup.repos[0].path");
    }

    @Test
    void turningCertificateVerificationOffIsAWarning() {
        Problem p = TestConfigs.singleWarning(backup(S3 + "    bucket: b-1\n    endpoint: s3.example\n    region: r\n"
                + "    credentials: /c\n    verify_tls: false\n"));

        assertWarning(p, 30, "bootstrap.dcs.backup.repos[0].verify_tls", "not verified", "ca:");
    }

    @Test
    void repositoryHostKeysOnAnS3RepositoryAreRefused() {
        Problem p = singleError(backup(S3 + "    bucket: b-1\n    endpoint: s3.example\n    region: r\n"
                + "    credentials: /c\n    port: 9000\n"));

        assertError(p, 30, "bootstrap.dcs.backup.repos[0].port", "endpoint (host[:port])");
    }

    @Test
    void aMistypedKeyGetsADidYouMean() {
        Problem p = singleError(backup("stanza: main\nretention: {full: 1}\nrepos: [{path: /r}]\narchive_asyn: true\n"));

        assertThat(p.path()).isEqualTo("bootstrap.dcs.backup.archive_asyn");
        assertThat(p.message()).contains("archive_async");
    }

    @Test
    void noFullRetentionAndAHandWrittenArchiveCommandAreWarnings() {
        List<Problem> problems = DynamicConfig.validate(Map.of("backup", Map.of("stanza", "s", "repos", List.of(Map.of("path", "/r"))),
                "postgresql", Map.of("parameters", Map.of("archive_command", "cp %p /x"))), "PATCH", "");

        assertThat(problems).extracting(Problem::path).containsExactlyInAnyOrder("backup.retention",
                "postgresql.parameters.archive_command");
        assertThat(problems).allMatch(p -> p.severity() == Problem.Severity.WARNING);
    }

    @Test
    void theBackupSectionForcesTheArchiveSettingsOverTheParameters() {
        Config local = TestConfigs.valid(TestConfigs.MINIMAL);
        DynamicConfig dynamic = DynamicConfig.fromMap(Map.of("backup", Map.of("stanza", "s", "repos", List.of(Map.of("path", "/r"))),
                "postgresql", Map.of("parameters", Map.of("archive_mode", "off", "archive_command", "cp %p /x"))));

        EffectiveSettings.Result r = EffectiveSettings.parameters(local, dynamic);

        Path data = local.postgresql().dataDir();
        assertThat(r.parameters()).containsEntry("archive_mode", "on")
                .containsEntry("archive_command", "pgbackrest --config=" + data + ".pgbackrest.conf --stanza=s archive-push \"%p\"")
                .containsEntry("restore_command", "pgbackrest --config=" + data + ".pgbackrest.conf --stanza=s archive-get %f \"%p\"");
        assertThat(r.warnings()).anyMatch(w -> w.contains("archive_command is ignored"));
    }

    @Test
    void withoutABackupSectionNothingIsForced() {
        Config local = TestConfigs.valid(TestConfigs.MINIMAL);

        assertThat(EffectiveSettings.parameters(local, DynamicConfig.defaults()).parameters()).doesNotContainKey("archive_command");
    }
    @Test
    void aScheduleIsReadInOrderWithItsCronExpressions() {
        LoadResult r = backup("stanza: main\nrepos:\n  - path: /r\nretention: {full: 2}\nschedule:\n"
                + "  - {type: full, cron: '0 1 * * sun'}\n  - {type: incr, cron: '0 1 * * 1-6'}\n");

        assertThat(r.problems()).isEmpty();
        List<BackupConfig.Scheduled> schedule = r.config().bootstrap().dynamicConfig().backup().schedule();
        assertThat(schedule).extracting(BackupConfig.Scheduled::key).containsExactly("full 0 1 * * sun", "incr 0 1 * * 1-6");
    }

    @Test
    void aBadCronFieldIsNamedWithItsPathAndLine() {
        Problem p = singleError(backup("stanza: main\nrepos:\n  - path: /r\nretention: {full: 2}\nschedule:\n"
                + "  - type: full\n    cron: '0 25 * * *'\n"));

        assertError(p, 28, "bootstrap.dcs.backup.schedule[0].cron", "hour '25' is not a number from 0 to 23");
    }

    @Test
    void aScheduleEntryNeedsAKnownTypeAndACron() {
        LoadResult r = backup("stanza: main\nrepos:\n  - path: /r\nretention: {full: 2}\nschedule:\n"
                + "  - {type: weekly}\n");

        assertThat(TestConfigs.paths(r.errors())).containsExactlyInAnyOrder("bootstrap.dcs.backup.schedule[0].type",
                "bootstrap.dcs.backup.schedule[0].cron");
    }

    @Test
    void aScheduleThatIsNotAListIsRefused() {
        Problem p = singleError(backup("stanza: main\nrepos:\n  - path: /r\nretention: {full: 2}\nschedule: nightly\n"));

        assertThat(p.path()).isEqualTo("bootstrap.dcs.backup.schedule");
        assertThat(p.message()).contains("expected a list of {type: full|diff|incr");
    }

    @Test
    void aRepositoryHostNamesItsPathOnThatHost(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path cert = java.nio.file.Files.writeString(dir.resolve("node.pem"), "x");
        Path key = java.nio.file.Files.writeString(dir.resolve("node.key"), "x");
        LoadResult r = backup("stanza: main\nretention: {full: 1}\nrepos:\n  - {host: backup.example, port: 8433,"
                + " path: /srv/pgbackrest, cert: " + cert + ", key: " + key + "}\n");

        assertThat(r.problems()).isEmpty();
        assertThat(r.config().bootstrap().dynamicConfig().backup().repos()).containsExactly(new BackupConfig.HostRepo(
                "backup.example", 8433, null, cert.toString(), key.toString(), "/srv/pgbackrest"));
    }

    @Test
    void aRepositoryHostWithoutPathIsAWarningNamingTheDefault(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path cert = java.nio.file.Files.writeString(dir.resolve("node.pem"), "x");
        LoadResult r = backup("stanza: main\nretention: {full: 1}\nrepos:\n  - {host: backup.example, cert: " + cert
                + ", key: " + cert + "}\n");

        Problem p = TestConfigs.singleWarning(r);
        assertThat(p.path()).isEqualTo("bootstrap.dcs.backup.repos[0].host");
        assertThat(p.message()).contains("/var/lib/pgbackrest").contains("repo1-path does not apply");
    }

    @Test
    void aScheduleWithRepositoryHostsOnlyIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path cert = java.nio.file.Files.writeString(dir.resolve("node.pem"), "x");
        Problem p = singleError(backup("stanza: main\nretention: {full: 1}\nrepos:\n  - {host: backup.example, path: /r,"
                + " cert: " + cert + ", key: " + cert + "}\nschedule:\n  - {type: full, cron: '0 1 * * sun'}\n"));

        assertThat(p.path()).isEqualTo("bootstrap.dcs.backup.schedule");
        assertThat(p.message()).contains("only on that host");
    }
}
