package io.pgward.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Rounding, number formatting, median and percentile. */
final class Stats {

    private Stats() {
    }

    /** Four decimal places, as stored in the JSON. */
    static double round(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }

    /** A short human form: whole numbers as such, otherwise about three significant digits; NaN as "–". */
    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        if (a == Math.rint(a) && a < 1e6) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static double median(List<Double> l) {
        if (l.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(l);
        Collections.sort(s);
        int m = s.size() / 2;
        return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
    }

    /** The p-th percentile (nearest rank) of sorted durations in nanoseconds, in milliseconds. */
    static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int idx = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, idx))] / 1e6;
    }
}
