package io.pgward.backup;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.regex.Pattern;

/** Where {@code pgward restore --to} recovers to: the end of the archive, a time, an LSN, or one backup. */
public sealed interface RestoreTarget {

    /** The end of the archive on the latest timeline. */
    record Latest() implements RestoreTarget {}

    /** A commit time (recovery_target_time). */
    record Time(Instant at) implements RestoreTarget {}

    /** A WAL position (recovery_target_lsn), in bytes. */
    record Lsn(long lsn) implements RestoreTarget {}

    /** A backup by its pgBackRest label, recovered to its consistent end only. */
    record Label(String label) implements RestoreTarget {}

    Pattern LABEL = Pattern.compile("\\d{8}-\\d{6}F(_\\d{8}-\\d{6}[DI])?");
    Pattern LSN = Pattern.compile("([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})");

    /**
     * Reads {@code --to}: {@code latest}, a backup label ({@code 20261203-041500F}), an LSN ({@code 0/5000100}), or
     * a time with its zone ({@code 2026-12-03T10:15:00Z}, {@code 2026-12-03 10:15:00+01}).
     *
     * @throws PgwardException BAD_REQUEST naming what is wrong, e.g. a time without a zone
     */
    static RestoreTarget parse(String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("latest")) {
            return new Latest();
        }
        if (LABEL.matcher(t).matches()) {
            return new Label(t);
        }
        var lsn = LSN.matcher(t);
        if (lsn.matches()) {
            return new Lsn((Long.parseLong(lsn.group(1), 16) << 32) + Long.parseLong(lsn.group(2), 16));
        }
        try {
            return new Time(OffsetDateTime.parse(t.replace(' ', 'T'), TIME).toInstant());
        } catch (DateTimeParseException e) {
            boolean noZone = t.matches("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?");
            throw new PgwardException(Code.BAD_REQUEST, "--to '" + text + "': " + (noZone
                    ? "give the time's zone (e.g. 2026-12-03T10:15:00Z or +01:00): a restore to the wrong hour loses data"
                    : "expected latest, a backup label (20261203-041500F), an LSN (0/5000100) or a time with its zone"
                    + " (2026-12-03T10:15:00Z)"));
        }
    }

    /** ISO-8601 with an offset, seconds and fraction optional; PostgreSQL's "+01" offsets too. */
    DateTimeFormatter TIME = new DateTimeFormatterBuilder().append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd().optionalEnd()
            .appendOffset("+HH:mm", "Z").toFormatter();

    /** PostgreSQL's text of an LSN. */
    static String lsnText(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
    }
}
