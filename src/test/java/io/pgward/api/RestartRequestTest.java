package io.pgward.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RestartRequestTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static RestartRequest.Parsed parse(Map<String, Object> body) {
        return RestartRequest.parse(body, NOW);
    }

    @Test
    void emptyBodyRestartsNowWithTheDefaultTimeout() {
        RestartRequest r = parse(Map.of()).request();
        assertThat(r.schedule()).isNull();
        assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(r.unmetCondition(true, false, 150004)).isEmpty();
    }

    @Test
    void scheduleNeedsAZoneAndAFutureTime() {
        assertThat(parse(Map.of("schedule", "2026-06-01T13:00:00+02:00")).error().status()).isEqualTo(422);
        assertThat(parse(Map.of("schedule", "2026-06-01T13:00:00")).error().status()).isEqualTo(400);
        assertThat(parse(Map.of("schedule", "next tuesday")).error().status()).isEqualTo(422);
        assertThat(parse(Map.of("schedule", "2026-06-01T13:00:00+00:00")).request().schedule())
                .isEqualTo(Instant.parse("2026-06-01T13:00:00Z"));
    }

    @Test
    void filtersAreCheckedLikePatroni() {
        assertThat(parse(Map.of("role", "leader")).error().body().toString()).contains("either primary or replica");
        assertThat(parse(Map.of("timeout", "0")).error().status()).isEqualTo(400);
        assertThat(parse(Map.of("timeout", "30s")).request().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(parse(Map.of("postgres_version", "fifteen")).error().status()).isEqualTo(400);
        assertThat(parse(Map.of("colour", "red")).error().body().toString()).contains("Unknown filter")
                .contains("colour");
    }

    @Test
    void conditionsNameWhatIsNotMet() {
        RestartRequest replicaOnly = parse(Map.of("role", "replica")).request();
        assertThat(replicaOnly.unmetCondition(true, false, 150004)).contains("role is primary, not replica");
        assertThat(replicaOnly.unmetCondition(false, false, 150004)).isEmpty();
        RestartRequest master = parse(Map.of("role", "master")).request();
        assertThat(master.unmetCondition(true, false, 150004)).isEmpty();
        RestartRequest pending = parse(Map.of("restart_pending", true)).request();
        assertThat(pending.unmetCondition(true, false, 150004)).contains("no restart is pending");
        assertThat(pending.unmetCondition(true, true, 150004)).isEmpty();
        RestartRequest upgrade = parse(Map.of("postgres_version", "15.5")).request();
        assertThat(upgrade.unmetCondition(true, false, 150004)).isEmpty();
        assertThat(upgrade.unmetCondition(true, false, 150005)).get().asString().contains("not older than 150005");
    }

    @Test
    void versionsAreServerVersionNumbers() {
        assertThat(RestartRequest.versionNumber("15.4")).isEqualTo(150004);
        assertThat(RestartRequest.versionNumber("9.6.24")).isEqualTo(90624);
        assertThat(RestartRequest.versionNumber("150004")).isEqualTo(150004);
        assertThat(RestartRequest.versionNumber("16")).isEqualTo(160000);
        assertThat(RestartRequest.versionNumber("15.x")).isNull();
    }

    @Test
    void memberDataIsPatronisScheduledRestart() {
        RestartRequest r = parse(Map.of("schedule", "2026-06-01T13:00:00+00:00", "restart_pending", true)).request();
        assertThat(r.memberData("2026-06-01 11:00:00+00")).containsEntry("schedule", "2026-06-01T13:00:00Z")
                .containsEntry("restart_pending", true).containsEntry("postmaster_start_time", "2026-06-01 11:00:00+00");
        assertThat(r.memberData(null)).doesNotContainKey("postmaster_start_time");
    }
}
