package io.pgward.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A {@code scheduled_at} / {@code schedule} value of a switchover or restart request, checked as Patroni checks it:
 * an ISO 8601 time with a zone, not in the past. Either {@link #at()} or {@link #error()} is set.
 */
record ScheduleTime(Instant at, Reply error) {

    static ScheduleTime parse(String value, String action, Instant now) {
        Instant at = withZone(value);
        if (at == null) {
            return new ScheduleTime(null, isLocalDateTime(value)
                    ? Reply.error(400, "Timezone information is mandatory for the scheduled " + action
                            + " (e.g. 2026-01-01T12:00+00:00)")
                    : Reply.error(422, "Unable to parse scheduled timestamp '" + value + "': use ISO 8601 with a time zone"));
        }
        if (at.isBefore(now)) {
            return new ScheduleTime(null, Reply.error(422, "Cannot schedule " + action + " in the past (" + value + ")"));
        }
        return new ScheduleTime(at, null);
    }

    private static Instant withZone(String s) {
        try {
            return OffsetDateTime.parse(s.trim().replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean isLocalDateTime(String s) {
        try {
            LocalDateTime.parse(s.trim().replace(' ', 'T'));
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
