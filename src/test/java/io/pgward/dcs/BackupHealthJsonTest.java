package io.pgward.dcs;

import io.pgward.ha.BackupHealth;
import io.pgward.ha.BackupHealth.Type;
import io.pgward.ha.Member;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BackupHealthJsonTest {

    private static final Instant AT = Instant.parse("2026-12-03T07:00:00Z");
    private static final BackupHealth HEALTH = new BackupHealth("n1", AT, false, "repo1: permission denied",
            Map.of(Type.FULL, new BackupHealth.Backup("20261203-061656F", Instant.parse("2026-12-03T06:16:59Z"))));

    @Test
    void theMemberKeysBackupObjectReadsBackAsWritten() {
        String memberJson = WireFormat.write(Map.of("state", "running", "role", "primary",
                "backup", BackupHealthJson.write(HEALTH)));
        assertThat(memberJson).contains("\"backup\":{\"checked_by\":\"n1\",\"checked_at\":\"2026-12-03T07:00:00Z\","
                + "\"reachable\":false,\"error\":\"repo1: permission denied\",\"last\":{\"full\":{\"label\":"
                + "\"20261203-061656F\",\"stop\":\"2026-12-03T06:16:59Z\"}}}");
        Member m = WireFormat.member("n1", memberJson);
        assertThat(m.backup()).isEqualTo(HEALTH);
    }

    @Test
    void withNowEachBackupCarriesItsAge() {
        Map<String, Object> json = BackupHealthJson.write(HEALTH, Instant.parse("2026-12-03T08:16:59Z"));
        assertThat(json.get("last")).isEqualTo(Map.of("full", Map.of("label", "20261203-061656F",
                "stop", "2026-12-03T06:16:59Z", "age_seconds", 7200L)));
    }

    @Test
    void aMemberWithoutOrWithAnUnreadableBackupObjectHasNone() {
        assertThat(WireFormat.member("n1", "{\"state\":\"running\"}").backup()).isNull();
        assertThat(WireFormat.member("n1", "{\"backup\":\"yes\"}").backup()).isNull();
        assertThat(WireFormat.member("n1", "{\"backup\":{\"checked_at\":\"yesterday\"}}").backup()).isNull();
        BackupHealth unknownType = WireFormat.member("n1", "{\"backup\":{\"checked_by\":\"n1\",\"checked_at\":"
                + "\"2026-12-03T07:00:00Z\",\"reachable\":true,\"last\":{\"weekly\":{\"label\":\"x\",\"stop\":"
                + "\"2026-12-03T07:00:00Z\"}}}}").backup();
        assertThat(unknownType.reachable()).isTrue();
        assertThat(unknownType.last()).isEmpty();
    }
}
