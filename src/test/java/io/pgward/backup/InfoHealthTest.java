package io.pgward.backup;

import io.pgward.ha.BackupHealth;
import io.pgward.ha.BackupHealth.Type;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Real outputs of pgBackRest 2.45's {@code info --output=json} (stanza "main", a posix repository). */
class InfoHealthTest {

    private static final Instant AT = Instant.parse("2026-12-03T07:00:00Z");

    static String sample(String name) {
        try (InputStream in = InfoHealthTest.class.getResourceAsStream("/pgbackrest-info/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BackupHealth parse(String output) {
        return InfoHealth.parse(output, "main", "n1", AT);
    }

    @Test
    void theNewestBackupOfEachTypeWithItsStopTime() {
        BackupHealth h = parse(sample("full-incr-diff.json"));
        assertThat(h.reachable()).isTrue();
        assertThat(h.error()).isNull();
        assertThat(h.checkedBy()).isEqualTo("n1");
        assertThat(h.checkedAt()).isEqualTo(AT);
        assertThat(h.last()).containsOnlyKeys(Type.FULL, Type.DIFF, Type.INCR);
        assertThat(h.last().get(Type.FULL))
                .isEqualTo(new BackupHealth.Backup("20261203-061656F", Instant.ofEpochSecond(1796278619)));
        assertThat(h.last().get(Type.INCR).label()).isEqualTo("20261203-061656F_20261203-061700I");
        assertThat(h.last().get(Type.DIFF).stop()).isEqualTo(Instant.ofEpochSecond(1796278625));
    }

    @Test
    void aStanzaWithoutBackupsIsReachableWithNoBackupKnown() {
        BackupHealth h = parse(sample("no-backup.json"));
        assertThat(h.reachable()).isTrue();
        assertThat(h.last()).isEmpty();
        assertThat(h.backupsKnown()).isTrue();
    }

    @Test
    void aRepositoryPgBackRestCannotReadIsUnreachableWithItsMessage() {
        BackupHealth h = parse(sample("permission-denied.json"));
        assertThat(h.reachable()).isFalse();
        assertThat(h.error()).isEqualTo("repo1: [PathOpenError] unable to list file info for path"
                + " '/tmp/hs/repo/backup': [13] Permission denied");
        assertThat(h.backupsKnown()).isFalse();
    }

    @Test
    void aRepositoryMovedAwayIsUnreachableAndTheMessageSaysWhatMissingStanzaPathMeans() {
        BackupHealth h = parse(sample("missing-stanza-path.json"));
        assertThat(h.reachable()).isFalse();
        assertThat(h.error()).startsWith("repo1: missing stanza path (the repository has no directory for stanza 'main'");
    }

    @Test
    void warningsPrintedBeforeTheJsonAreSkipped() {
        String output = "WARN: option 'repo1-retention-full' is not set\n      HINT: to retain full backups ...\n"
                + sample("full-incr-diff.json");
        assertThat(parse(output).last()).hasSize(3);
    }

    @Test
    void outputWithoutJsonIsAFailedCheckThatQuotesIt() {
        BackupHealth h = parse("ERROR: [031]: invalid option '--output'");
        assertThat(h.reachable()).isFalse();
        assertThat(h.error()).isEqualTo("pgbackrest info printed no JSON: ERROR: [031]: invalid option '--output'");
        assertThat(parse("").error()).endsWith("(nothing)");
    }

    @Test
    void anotherStanzaIsNotThisClustersRepository() {
        BackupHealth h = InfoHealth.parse(sample("full-incr-diff.json"), "other", "n1", AT);
        assertThat(h.reachable()).isFalse();
        assertThat(h.error()).isEqualTo("pgbackrest info does not list stanza 'other'");
    }

    @Test
    void withTwoRepositoriesOneUnreadableTheBackupsOfTheOtherCountAndTheErrorNamesTheRepository() {
        String two = sample("full-incr-diff.json").replace("\"repo\":[{\"cipher\":\"none\",\"key\":1,\"status\":{\"code\":0,\"message\":\"ok\"}}]",
                "\"repo\":[{\"cipher\":\"none\",\"key\":1,\"status\":{\"code\":0,\"message\":\"ok\"}},"
                        + "{\"cipher\":\"none\",\"key\":2,\"status\":{\"code\":99,\"message\":\"[HostConnectError] unable to connect\"}}]");
        assertThat(two).contains("\"key\":2");
        BackupHealth h = parse(two);
        assertThat(h.reachable()).isFalse();
        assertThat(h.error()).isEqualTo("repo2: [HostConnectError] unable to connect");
        assertThat(h.last()).hasSize(3);
    }

    @Test
    void aBackupFlaggedWithErrorsDoesNotCount() {
        String flagged = sample("full-incr-diff.json").replaceFirst("\"error\":false", "\"error\":true");
        assertThat(parse(flagged).last()).doesNotContainKey(Type.FULL).containsKeys(Type.INCR, Type.DIFF);
    }

    @Test
    void anUnreachableCheckKeepsTheBackupsTheLastCheckKnew() {
        BackupHealth before = parse(sample("full-incr-diff.json"));
        BackupHealth now = parse(sample("permission-denied.json")).after(before);
        assertThat(now.reachable()).isFalse();
        assertThat(now.error()).contains("Permission denied");
        assertThat(now.last()).isEqualTo(before.last());
        assertThat(now.checkedAt()).isEqualTo(AT);

        BackupHealth empty = parse(sample("no-backup.json")).after(before);
        assertThat(empty.last()).as("a readable repository without backups is believed").isEmpty();
        assertThat(BackupHealth.failed("n1", AT, "timed out").after(null).last()).isEqualTo(Map.of());
    }

    @Test
    void aLongFailureIsCutSinceTheRecordIsPublishedEveryCycle() {
        BackupHealth h = BackupHealth.failed("n1", AT, "x".repeat(5000));
        assertThat(h.error()).hasSize(BackupHealth.MAX_ERROR + 3).endsWith("...");
    }
}
