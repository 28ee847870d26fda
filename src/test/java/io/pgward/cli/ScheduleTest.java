package io.pgward.cli;

import io.pgward.PgwardException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneId.of("Europe/Berlin"));

    @Test
    void nowOrNothingIsImmediate() {
        assertThat(Schedule.parse(null, clock)).isNull();
        assertThat(Schedule.parse("now", clock)).isNull();
        assertThat(Schedule.parse(" NOW ", clock)).isNull();
    }

    @Test
    void aTimeWithOffsetIsSentWithSecondsAndOffset() {
        assertThat(Schedule.parse("2026-03-01T14:30Z", clock)).isEqualTo("2026-03-01T14:30:00+00:00");
        assertThat(Schedule.parse("2026-03-01T14:30:15.5-05:00", clock)).isEqualTo("2026-03-01T14:30:15-05:00");
    }

    @Test
    void aTimeWithoutOffsetIsLocalTime() {
        assertThat(Schedule.parse("2026-03-01 14:30", clock)).isEqualTo("2026-03-01T14:30:00+01:00");
    }

    @Test
    void pastAndUnreadableTimesAreUsageErrors() {
        assertThatThrownBy(() -> Schedule.parse("2026-03-01T11:00Z", clock)).isInstanceOf(PgwardException.class)
                .hasMessageContaining("in the past");
        assertThatThrownBy(() -> Schedule.parse("tomorrow", clock)).hasMessageContaining("use ISO 8601");
    }
}
