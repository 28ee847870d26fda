package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** {@code --scheduled} values: "now" or an ISO 8601 time; one without an offset is in the local time zone. */
final class Schedule {
    private Schedule() {}

    private static final DateTimeFormatter WIRE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    /**
     * @return the time as sent to the REST API ({@code 2026-01-02T03:04:00+01:00}), or null for "now"/absent
     */
    static String parse(String value, Clock clock) {
        if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("now")) {
            return null;
        }
        String v = value.strip().replace(' ', 'T');
        OffsetDateTime at;
        try {
            at = OffsetDateTime.parse(v);
        } catch (DateTimeParseException e) {
            try {
                at = ZonedDateTime.of(LocalDateTime.parse(v), clock.getZone()).toOffsetDateTime();
            } catch (DateTimeParseException e2) {
                throw new PgwardException(Code.BAD_REQUEST, "cannot read the time '" + value
                        + "': use ISO 8601 such as 2026-01-02T03:04 (local time) or 2026-01-02T03:04+00:00, or 'now'");
            }
        }
        if (at.toInstant().isBefore(clock.instant().minusSeconds(1))) {
            throw new PgwardException(Code.BAD_REQUEST, "the time " + value + " is in the past: give a future time"
                    + " or 'now'");
        }
        return at.truncatedTo(ChronoUnit.SECONDS).format(WIRE);
    }
}
