package io.pgward.agent;

import io.pgward.postgres.PgStatus.Archiver;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns pg_stat_archiver's counters, read every cycle, into log lines: a warning in the first cycle an
 * archive_command fails (then at most once a {@link #REPEAT} while it keeps failing), and a line when archiving works
 * again. Without it a failing archive_command is only in PostgreSQL's log while pg_wal fills the disk.
 */
final class ArchiveWatch {

    static final Duration REPEAT = Duration.ofMinutes(5);

    /** A line to log: a warning, or (not warning) the news that archiving works again. */
    record Line(boolean warning, String text) {}

    private Archiver last;
    private boolean failing;
    private Instant warned;

    /** The counters of this cycle (null when PostgreSQL did not answer or is not the primary: nothing is said). */
    Optional<Line> observe(Archiver now, Instant at) {
        Archiver before = last;
        if (now == null) {
            return Optional.empty();
        }
        last = now;
        if (before == null || now.failedCount() < before.failedCount() || now.archivedCount() < before.archivedCount()) {
            return Optional.empty();    // the first reading, or the counters were reset (a restart, pg_stat_reset_shared)
        }
        long newFailures = now.failedCount() - before.failedCount();
        if (newFailures > 0) {
            boolean first = !failing;
            failing = true;
            if (first || warned == null || !at.isBefore(warned.plus(REPEAT))) {
                warned = at;
                return Optional.of(new Line(true, "archive_command failed " + newFailures + " time(s) since the last"
                        + " cycle (" + now.failedCount() + " failures, last at " + Instant.ofEpochSecond(now.lastFailedTime())
                        + "); WAL stays in pg_wal until it succeeds: see PostgreSQL's log and the archiver's (pgBackRest's)"
                        + " log"));
            }
            return Optional.empty();
        }
        if (failing && now.archivedCount() > before.archivedCount()) {
            failing = false;
            warned = null;
            return Optional.of(new Line(false, "archive_command works again: " + (now.archivedCount()
                    - before.archivedCount()) + " WAL file(s) archived since the last cycle"));
        }
        return Optional.empty();
    }
}
