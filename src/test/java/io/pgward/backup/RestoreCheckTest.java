package io.pgward.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestoreCheckTest {

    /** Two backups: a full one that ended at 04:01 and an incremental at 05:00; WAL up to segment 0x07 of timeline 2. */
    private static final String INFO = """
            [{"name":"main","status":{"code":0},
              "archive":[{"id":"15-1","min":"000000010000000000000001","max":"000000020000000000000007"}],
              "backup":[
                {"label":"20261203-040000F","type":"full","timestamp":{"start":1796270400,"stop":1796270460},
                 "lsn":{"start":"0/2000028","stop":"0/2000100"}},
                {"label":"20261203-040000F_20261203-050000I","type":"incr","timestamp":{"start":1796274000,"stop":1796274060},
                 "lsn":{"start":"0/5000028","stop":"0/5000100"}}]}]
            """;
    private static final Instant NOW = Instant.parse("2026-12-03T06:00:00Z");

    private static RestoreCheck.Plan check(String to) throws Exception {
        JsonNode info = new ObjectMapper().readTree(INFO);
        return RestoreCheck.check(RestoreTarget.parse(to), info, "main", NOW);
    }

    @Test
    void aTimeBetweenTheOldestBackupAndNowRecoversToItAndPromotes() throws Exception {
        RestoreCheck.Plan p = check("2026-12-03T04:30:00Z");

        assertThat(p.recoveryConf()).containsExactly(Map.entry("recovery_target_time", "2026-12-03 04:30:00.000000+00"),
                Map.entry("recovery_target_action", "promote"));
        assertThat(p.backupSet()).as("the incremental ends after the target: it cannot recover back to it")
                .isEqualTo("20261203-040000F");
    }

    @Test
    void aTimeAfterTheNewestBackupRestoresTheNewest() throws Exception {
        assertThat(check("2026-12-03T05:30:00Z").backupSet()).isEqualTo("20261203-040000F_20261203-050000I");
    }

    @Test
    void aTimeBeforeTheOldestBackupsEndIsRefusedWithTheEarliestPossible() {
        assertThatThrownBy(() -> check("2026-12-03T04:00:30Z")).hasMessageContaining("restore refused before anything"
                + " was stopped").hasMessageContaining("earliest possible target is 2026-12-03T04:01:00Z");
    }

    @Test
    void aTimeInTheFutureIsRefused() {
        assertThatThrownBy(() -> check("2026-12-03T07:00:00Z")).hasMessageContaining("is in the future");
    }

    @Test
    void anLsnBeyondTheArchiveIsRefusedAndOneWithinIsTheTarget() throws Exception {
        assertThatThrownBy(() -> check("0/9000000")).hasMessageContaining("beyond the end of the archive (0/7FFFFFF)");
        assertThatThrownBy(() -> check("0/1000000")).hasMessageContaining("before the end of the oldest backup");
        assertThat(check("0/6000000").recoveryConf()).containsEntry("recovery_target_lsn", "0/6000000");
    }

    @Test
    void aLabelRestoresThatBackupToItsEnd() throws Exception {
        RestoreCheck.Plan p = check("20261203-040000F");

        assertThat(p.backupSet()).isEqualTo("20261203-040000F");
        assertThat(p.recoveryConf()).containsEntry("recovery_target", "immediate");
        assertThatThrownBy(() -> check("20250101-000000F")).hasMessageContaining("no backup 20250101-000000F");
    }

    @Test
    void latestNeedsNoTargetButABackup() throws Exception {
        assertThat(check("latest").recoveryConf()).isEmpty();
        JsonNode empty = new ObjectMapper().readTree("[{\"name\":\"main\",\"backup\":[]}]");
        assertThatThrownBy(() -> RestoreCheck.check(new RestoreTarget.Latest(), empty, "main", NOW))
                .hasMessageContaining("has no backup of stanza 'main'");
    }
}
