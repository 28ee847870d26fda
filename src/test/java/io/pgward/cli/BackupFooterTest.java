package io.pgward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgward.dcs.BackupHealthJson;
import io.pgward.dcs.WireFormat;
import io.pgward.ha.BackupHealth;
import io.pgward.ha.BackupHealth.Type;
import io.pgward.ha.ClusterView;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BackupFooterTest {

    private static final Instant NOW = Instant.parse("2026-12-03T07:10:12Z");
    private static final String BACKUP_CONFIG = "{\"ttl\":30,\"loop_wait\":10,\"backup\":{\"stanza\":\"main\","
            + "\"repos\":[{\"path\":\"/var/lib/pgbackrest\"}]}}";

    private static BackupHealth health(boolean reachable, String error, Map<Type, Instant> stops, Instant checked) {
        Map<Type, BackupHealth.Backup> last = new LinkedHashMap<>();
        stops.forEach((t, at) -> last.put(t, new BackupHealth.Backup("label-" + t.wire(), at)));
        return new BackupHealth("node1", checked, reachable, error, last);
    }

    /** node1 leads and publishes {@code h} (null: nothing) in its member key. */
    private static ClusterView view(String config, BackupHealth h) {
        Views.Keys keys = Views.threeNodeKeys().config(config);
        if (h != null) {
            Map<String, Object> member = WireFormat.map(keys.values.get("members/node1"));
            member.put("backup", BackupHealthJson.write(h));
            keys.values.put("members/node1", WireFormat.write(member));
        }
        return keys.view();
    }

    @Test
    void theLastFullBackupWithItsAgeAndTheRepository() {
        BackupHealth h = health(true, null, Map.of(Type.FULL, Instant.parse("2026-12-03T06:10:12Z")), NOW);
        String out = ListCommand.render("demo", view(BACKUP_CONFIG, h), ListCommand.Format.PRETTY, NOW);
        assertThat(out).endsWith("\n Last full backup: 2026-12-03 06:10:12 UTC (1h ago), repository reachable\n");
    }

    @Test
    void aNewerIncrementalIsNamedAndAnUnreachableRepositoryWithItsError() {
        BackupHealth h = health(false, "repo1: [PathOpenError] Permission denied", Map.of(
                Type.FULL, Instant.parse("2026-12-01T06:10:12Z"), Type.DIFF, Instant.parse("2026-12-02T06:10:12Z"),
                Type.INCR, Instant.parse("2026-12-03T07:00:00Z")), NOW);
        assertThat(BackupFooter.line(view(BACKUP_CONFIG, h), NOW)).hasValue("Last full backup: 2026-12-01 06:10:12 UTC"
                + " (2d ago); last incr: 2026-12-03 07:00:00 UTC (10m ago), repository UNREACHABLE: repo1:"
                + " [PathOpenError] Permission denied");
    }

    @Test
    void noFullBackupNothingKnownAndAStaleCheckAreSaid() {
        assertThat(BackupFooter.line(view(BACKUP_CONFIG, health(true, null, Map.of(), NOW)), NOW))
                .hasValue("No full backup, repository reachable");
        BackupHealth old = health(false, "timed out", Map.of(), NOW.minus(Duration.ofMinutes(20)));
        assertThat(BackupFooter.line(view(BACKUP_CONFIG, old), NOW))
                .hasValue("Backups: unknown, repository UNREACHABLE: timed out (checked 20m ago by node1)");
        assertThat(BackupFooter.line(view(BACKUP_CONFIG, null), NOW)).hasValue("Backups: not checked yet by the leader");
    }

    @Test
    void withoutABackupSectionOrALeaderThereIsNoLine() {
        BackupHealth h = health(true, null, Map.of(), NOW);
        assertThat(BackupFooter.line(view("{\"ttl\":30}", h), NOW)).isEmpty();
        Views.Keys noLeader = Views.threeNodeKeys().config(BACKUP_CONFIG);
        noLeader.values.remove("leader");
        assertThat(BackupFooter.line(noLeader.view(), NOW)).isEmpty();
    }

    @Test
    void jsonAndYamlCarryItOnTheLeadersObject() throws Exception {
        BackupHealth h = health(true, null, Map.of(Type.FULL, Instant.parse("2026-12-03T06:10:12Z")), NOW);
        JsonNode rows = WireFormat.JSON.readTree(ListCommand.render("demo", view(BACKUP_CONFIG, h),
                ListCommand.Format.JSON, NOW));
        assertThat(rows.get(0).path("Backup").path("reachable").asBoolean()).isTrue();
        assertThat(rows.get(0).path("Backup").path("last").path("full").path("age_seconds").asLong()).isEqualTo(3600);
        assertThat(rows.get(1).has("Backup")).isFalse();
        String yaml = ListCommand.render("demo", view(BACKUP_CONFIG, h), ListCommand.Format.YAML, NOW);
        assertThat(yaml).contains("Backup:").contains("checked_by: node1").contains("label: label-full");
    }

    @Test
    void agesInOneUnit() {
        assertThat(BackupFooter.ago(Duration.ofSeconds(45))).isEqualTo("45s ago");
        assertThat(BackupFooter.ago(Duration.ofMinutes(59))).isEqualTo("59m ago");
        assertThat(BackupFooter.ago(Duration.ofMinutes(90))).isEqualTo("1h ago");
        assertThat(BackupFooter.ago(Duration.ofHours(47))).isEqualTo("47h ago");
        assertThat(BackupFooter.ago(Duration.ofDays(3))).isEqualTo("3d ago");
        assertThat(BackupFooter.ago(Duration.ofSeconds(-5))).isEqualTo("0s ago");
    }
}
