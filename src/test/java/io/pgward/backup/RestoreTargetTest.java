package io.pgward.backup;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestoreTargetTest {

    @Test
    void latestLabelsAndLsns() {
        assertThat(RestoreTarget.parse("latest")).isEqualTo(new RestoreTarget.Latest());
        assertThat(RestoreTarget.parse("20261203-041500F")).isEqualTo(new RestoreTarget.Label("20261203-041500F"));
        assertThat(RestoreTarget.parse("20261203-041500F_20261203-050000I"))
                .isEqualTo(new RestoreTarget.Label("20261203-041500F_20261203-050000I"));
        assertThat(RestoreTarget.parse("1/5000100")).isEqualTo(new RestoreTarget.Lsn(0x1_0500_0100L));
        assertThat(RestoreTarget.lsnText(0x1_0500_0100L)).isEqualTo("1/5000100");
    }

    @Test
    void timesInIsoAndPostgresFormsWithTheirZone() {
        Instant at = Instant.parse("2026-12-03T09:15:00Z");
        assertThat(RestoreTarget.parse("2026-12-03T09:15:00Z")).isEqualTo(new RestoreTarget.Time(at));
        assertThat(RestoreTarget.parse("2026-12-03 10:15:00+01")).isEqualTo(new RestoreTarget.Time(at));
        assertThat(RestoreTarget.parse("2026-12-03 10:15+01:00")).isEqualTo(new RestoreTarget.Time(at));
        assertThat(RestoreTarget.parse("2026-12-03 09:15:00.250+00"))
                .isEqualTo(new RestoreTarget.Time(at.plusMillis(250)));
    }

    @Test
    void aTimeWithoutZoneIsRefusedWithTheReason() {
        assertThatThrownBy(() -> RestoreTarget.parse("2026-12-03 10:15:00"))
                .hasMessageContaining("give the time's zone");
    }

    @Test
    void anythingElseNamesTheAcceptedForms() {
        assertThatThrownBy(() -> RestoreTarget.parse("yesterday"))
                .hasMessageContaining("expected latest, a backup label");
    }
}
