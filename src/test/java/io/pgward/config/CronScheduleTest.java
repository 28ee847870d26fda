package io.pgward.config;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronScheduleTest {

    /** A Thursday. */
    private static final Instant NOW = Instant.parse("2026-12-03T10:17:42Z");

    private static Instant latest(String cron, Instant at) {
        return CronSchedule.parse(cron).latestAtOrBefore(at).orElseThrow();
    }

    @Test
    void everyMinuteIsTheCurrentMinute() {
        assertThat(latest("* * * * *", NOW)).isEqualTo("2026-12-03T10:17:00Z");
    }

    @Test
    void aDailyTimeLaterTodayIsYesterdays() {
        assertThat(latest("30 11 * * *", NOW)).isEqualTo("2026-12-02T11:30:00Z");
        assertThat(latest("30 9 * * *", NOW)).isEqualTo("2026-12-03T09:30:00Z");
    }

    @Test
    void theExactMinuteCounts() {
        assertThat(latest("17 10 * * *", NOW)).isEqualTo("2026-12-03T10:17:00Z");
    }

    @Test
    void weekdaysByNumberAndNameAndSundayAsSeven() {
        assertThat(latest("0 1 * * sun", NOW)).isEqualTo("2026-11-29T01:00:00Z");
        assertThat(latest("0 1 * * 7", NOW)).isEqualTo("2026-11-29T01:00:00Z");
        assertThat(latest("0 1 * * 0", NOW)).isEqualTo("2026-11-29T01:00:00Z");
        assertThat(latest("0 1 * * Mon-Wed", NOW)).isEqualTo("2026-12-02T01:00:00Z");
    }

    @Test
    void stepsListsAndRanges() {
        assertThat(latest("*/15 * * * *", NOW)).isEqualTo("2026-12-03T10:15:00Z");
        assertThat(latest("5,50 8-9 * * *", NOW)).isEqualTo("2026-12-03T09:50:00Z");
        assertThat(latest("0 0-23/6 * * *", NOW)).isEqualTo("2026-12-03T06:00:00Z");
    }

    @Test
    void bothDayFieldsRestrictedMatchEitherAsInCron() {
        // the 1st of the month or a Tuesday: Tuesday 1 December is both, Tuesday 24 November the one before
        assertThat(latest("0 0 1 * tue", Instant.parse("2026-11-30T00:00:00Z"))).isEqualTo("2026-11-24T00:00:00Z");
        assertThat(latest("0 0 1 * tue", NOW)).isEqualTo("2026-12-01T00:00:00Z");
    }

    @Test
    void aMonthAndDayLongAgoIsFound() {
        assertThat(latest("0 0 29 feb *", NOW)).isEqualTo("2024-02-29T00:00:00Z");
        assertThat(latest("0 12 25 dec *", NOW)).isEqualTo("2025-12-25T12:00:00Z");
    }

    @Test
    void mistakesNameTheFieldAndTheValue() {
        assertThatThrownBy(() -> CronSchedule.parse("0 1 * *")).hasMessageContaining("expected five fields")
                .hasMessageContaining("found 4");
        assertThatThrownBy(() -> CronSchedule.parse("60 1 * * *")).hasMessage("minute '60' is not a number from 0 to 59");
        assertThatThrownBy(() -> CronSchedule.parse("0 1 * foo *"))
                .hasMessage("month 'foo' is not a name or a number from 1 to 12");
        assertThatThrownBy(() -> CronSchedule.parse("0 5-1 * * *")).hasMessage("hour range '5-1' runs backwards");
        assertThatThrownBy(() -> CronSchedule.parse("*/0 * * * *")).hasMessageContaining("minute '0' is not");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 31 feb *")).hasMessage("'0 0 31 feb *' never fires (no such day)");
    }
}
