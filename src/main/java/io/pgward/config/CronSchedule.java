package io.pgward.config;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A five-field cron expression (minute, hour, day of month, month, day of week), read in UTC: {@code *}, numbers,
 * ranges {@code a-b}, lists {@code a,b}, steps ({@code a-b/n}, and a star with /n), three-letter month and day
 * names, and Sunday as 0 or 7. When both day fields are restricted a day matches either, as in cron.
 */
public final class CronSchedule {

    /** How far back {@link #latestAtOrBefore} looks: a schedule that never fires in this span is refused. */
    private static final int MAX_DAYS_BACK = 366 * 8;
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
            "oct", "nov", "dec");
    private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private CronSchedule(String text, String[] f) {
        this.text = text;
        minutes = field(f[0], "minute", 0, 59, List.of(), 0);
        hours = field(f[1], "hour", 0, 23, List.of(), 0);
        daysOfMonth = field(f[2], "day of month", 1, 31, List.of(), 0);
        months = field(f[3], "month", 1, 12, MONTHS, 1);
        BitSet dow = field(f[4], "day of week", 0, 7, DAYS, 0);
        if (dow.get(7)) {
            dow.set(0);
        }
        daysOfWeek = dow;
        anyDayOfMonth = f[2].startsWith("*");
        anyDayOfWeek = f[4].startsWith("*");
    }

    /**
     * @throws IllegalArgumentException naming the field and what is wrong with it, or that the schedule never fires
     */
    public static CronSchedule parse(String text) {
        String[] fields = text.strip().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("'" + text + "' is not a cron schedule: expected five fields (minute hour"
                    + " day-of-month month day-of-week, e.g. '0 1 * * 0' for Sundays at 01:00 UTC), found " + fields.length);
        }
        CronSchedule cron = new CronSchedule(text.strip(), fields);
        if (cron.latestAtOrBefore(Instant.parse("2100-01-01T00:00:00Z")).isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' never fires (no such day)");
        }
        return cron;
    }

    /** The last minute at or before {@code t} that the schedule fires at; empty when none in the last eight years. */
    public Optional<Instant> latestAtOrBefore(Instant t) {
        LocalDateTime now = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
        LocalDate day = now.toLocalDate();
        for (int back = 0; back <= MAX_DAYS_BACK; back++, day = day.minusDays(1)) {
            if (!dayMatches(day)) {
                continue;
            }
            int fromHour = back == 0 ? now.getHour() : 23;
            for (int h = hours.previousSetBit(fromHour); h >= 0; h = hours.previousSetBit(h - 1)) {
                int fromMinute = back == 0 && h == now.getHour() ? now.getMinute() : 59;
                int m = minutes.previousSetBit(fromMinute);
                if (m >= 0) {
                    return Optional.of(day.atTime(h, m).toInstant(ZoneOffset.UTC));
                }
            }
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDate day) {
        if (!months.get(day.getMonthValue())) {
            return false;
        }
        boolean dom = daysOfMonth.get(day.getDayOfMonth());
        boolean dow = daysOfWeek.get(day.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : day.getDayOfWeek().getValue());
        if (anyDayOfMonth || anyDayOfWeek) {
            return dom && dow;
        }
        return dom || dow;
    }

    private static BitSet field(String text, String what, int min, int max, List<String> names, int firstName) {
        BitSet bits = new BitSet(max + 1);
        for (String part : text.split(",", -1)) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), what, 1, max - min + 1, List.of(), 0);
            }
            int lo;
            int hi;
            if (range.equals("*")) {
                lo = min;
                hi = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", 2);
                lo = number(ends[0], what, min, max, names, firstName);
                hi = number(ends[1], what, min, max, names, firstName);
                if (hi < lo) {
                    throw new IllegalArgumentException(what + " range '" + range + "' runs backwards");
                }
            } else {
                lo = number(range, what, min, max, names, firstName);
                hi = slash >= 0 ? max : lo;
            }
            for (int v = lo; v <= hi; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int number(String text, String what, int min, int max, List<String> names, int firstName) {
        int named = names.indexOf(text.toLowerCase(Locale.ROOT));
        if (named >= 0) {
            return named + firstName;
        }
        try {
            int v = Integer.parseInt(text);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + " '" + text + "' is not " + (names.isEmpty() ? "" : "a name or ")
                + "a number from " + min + " to " + max);
    }

    @Override
    public String toString() {
        return text;
    }
}
