package io.pgward.agent;

import io.pgward.postgres.PgStatus.Archiver;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ArchiveWatchTest {

    private static final Instant T0 = Instant.parse("2026-12-03T04:00:00Z");
    private final ArchiveWatch watch = new ArchiveWatch();

    private static Archiver counts(long archived, long failed) {
        return new Archiver(archived, failed, 1_700_000_000L, failed == 0 ? 0 : 1_764_734_400L);
    }

    @Test
    void theFirstReadingSaysNothingEvenWithOldFailures() {
        assertThat(watch.observe(counts(10, 3), T0)).isEmpty();
    }

    @Test
    void aNewFailureIsAWarningInTheSameCycle() {
        watch.observe(counts(10, 0), T0);

        var line = watch.observe(counts(10, 2), T0.plusSeconds(10)).orElseThrow();

        assertThat(line.warning()).isTrue();
        assertThat(line.text()).startsWith("archive_command failed 2 time(s) since the last cycle (2 failures, last at")
                .contains("WAL stays in pg_wal until it succeeds");
    }

    @Test
    void continuedFailuresWarnAgainOnlyAfterTheRepeatInterval() {
        watch.observe(counts(10, 0), T0);
        watch.observe(counts(10, 1), T0.plusSeconds(10));

        assertThat(watch.observe(counts(10, 2), T0.plusSeconds(20))).isEmpty();
        assertThat(watch.observe(counts(10, 3), T0.plusSeconds(10).plus(ArchiveWatch.REPEAT))).isPresent();
    }

    @Test
    void archivingAgainAfterFailuresIsSaidOnce() {
        watch.observe(counts(10, 0), T0);
        watch.observe(counts(10, 1), T0.plusSeconds(10));

        var line = watch.observe(counts(12, 1), T0.plusSeconds(20)).orElseThrow();

        assertThat(line.warning()).isFalse();
        assertThat(line.text()).isEqualTo("archive_command works again: 2 WAL file(s) archived since the last cycle");
        assertThat(watch.observe(counts(13, 1), T0.plusSeconds(30))).isEmpty();
    }

    @Test
    void countersResetByARestartAreNotFailures() {
        watch.observe(counts(100, 50), T0);

        assertThat(watch.observe(counts(0, 0), T0.plusSeconds(10))).isEmpty();
        assertThat(watch.observe(counts(1, 0), T0.plusSeconds(20))).isEmpty();
    }

    @Test
    void noReadingSaysNothingAndKeepsTheLastCounters() {
        watch.observe(counts(10, 0), T0);

        assertThat(watch.observe(null, T0.plusSeconds(10))).isEmpty();
        assertThat(watch.observe(counts(10, 1), T0.plusSeconds(20))).isPresent();
    }
}
