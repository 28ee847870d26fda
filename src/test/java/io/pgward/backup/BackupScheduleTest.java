package io.pgward.backup;

import io.pgward.config.BackupConfig.Scheduled;
import io.pgward.config.CronSchedule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BackupScheduleTest {

    private static final Scheduled NIGHTLY_INCR = new Scheduled("incr", CronSchedule.parse("0 1 * * *"));
    private static final Scheduled SUNDAY_FULL = new Scheduled("full", CronSchedule.parse("0 1 * * sun"));
    /** Sunday 6 December 2026, 01:00:30 UTC. */
    private static final Instant SUNDAY_0100 = Instant.parse("2026-12-06T01:00:30Z");

    @Test
    void aNewEntryStartsAtItsLatestSlotWithoutRunning() {
        var d = BackupSchedule.decide(List.of(NIGHTLY_INCR), Map.of(), Instant.parse("2026-12-03T12:00:00Z"));

        assertThat(d.run()).isEmpty();
        assertThat(d.record()).containsExactly(Map.entry(NIGHTLY_INCR.key(), Instant.parse("2026-12-03T01:00:00Z")));
        assertThat(d.why()).contains("starts after");
    }

    @Test
    void theNextSlotRunsOnceAndIsRecorded() {
        Map<String, Instant> taken = Map.of(NIGHTLY_INCR.key(), Instant.parse("2026-12-03T01:00:00Z"));

        var d = BackupSchedule.decide(List.of(NIGHTLY_INCR), taken, Instant.parse("2026-12-04T01:00:05Z"));

        assertThat(d.run()).contains(NIGHTLY_INCR);
        assertThat(d.record()).containsEntry(NIGHTLY_INCR.key(), Instant.parse("2026-12-04T01:00:00Z"));
        var again = BackupSchedule.decide(List.of(NIGHTLY_INCR), d.record(), Instant.parse("2026-12-04T01:00:15Z"));
        assertThat(again.run()).isEmpty();
        assertThat(again.changed(d.record())).isFalse();
    }

    @Test
    void missedSlotsRunOnceNotOncePerSlot() {
        Map<String, Instant> taken = Map.of(NIGHTLY_INCR.key(), Instant.parse("2026-11-28T01:00:00Z"));

        var d = BackupSchedule.decide(List.of(NIGHTLY_INCR), taken, Instant.parse("2026-12-03T09:00:00Z"));

        assertThat(d.run()).contains(NIGHTLY_INCR);
        assertThat(d.record()).containsEntry(NIGHTLY_INCR.key(), Instant.parse("2026-12-03T01:00:00Z"));
    }

    @Test
    void entriesDueTogetherRunOnlyTheLargestTypeAndAllAreTaken() {
        Map<String, Instant> taken = Map.of(NIGHTLY_INCR.key(), Instant.parse("2026-12-05T01:00:00Z"),
                SUNDAY_FULL.key(), Instant.parse("2026-11-29T01:00:00Z"));

        var d = BackupSchedule.decide(List.of(NIGHTLY_INCR, SUNDAY_FULL), taken, SUNDAY_0100);

        assertThat(d.run()).contains(SUNDAY_FULL);
        assertThat(d.record()).containsEntry(NIGHTLY_INCR.key(), Instant.parse("2026-12-06T01:00:00Z"))
                .containsEntry(SUNDAY_FULL.key(), Instant.parse("2026-12-06T01:00:00Z"));
        assertThat(d.why()).contains("scheduled full backup of 2026-12-06T01:00:00Z");
    }

    @Test
    void anEntryRemovedFromTheScheduleLeavesTheRecord() {
        Map<String, Instant> taken = Map.of(NIGHTLY_INCR.key(), Instant.parse("2026-12-05T01:00:00Z"),
                "diff 0 3 * * *", Instant.parse("2026-12-05T03:00:00Z"));

        var d = BackupSchedule.decide(List.of(NIGHTLY_INCR), taken, Instant.parse("2026-12-05T12:00:00Z"));

        assertThat(d.run()).isEmpty();
        assertThat(d.record()).containsOnlyKeys(NIGHTLY_INCR.key());
        assertThat(d.changed(taken)).isTrue();
    }

    @Test
    void nothingDueChangesNothing() {
        Map<String, Instant> taken = Map.of(NIGHTLY_INCR.key(), Instant.parse("2026-12-03T01:00:00Z"));

        var d = BackupSchedule.decide(List.of(NIGHTLY_INCR), taken, Instant.parse("2026-12-03T23:59:59Z"));

        assertThat(d.run()).isEmpty();
        assertThat(d.changed(taken)).isFalse();
        assertThat(d.why()).isEqualTo("no scheduled backup due");
    }
}
