package io.pgward.config;

import java.util.Locale;

/** Byte counts (WAL lag, {@code maximum_lag_on_failover}) written for people. */
public final class ByteSizes {
    private ByteSizes() {}

    /** 512 -> "512 bytes", 1536 -> "1.5 kB", 3145728 -> "3 MB": PostgreSQL's units, one decimal below 10. */
    public static String human(long n) {
        String[] units = {"bytes", "kB", "MB", "GB", "TB"};
        double v = n;
        int u = 0;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        if (u == 0) {
            return n + " bytes";
        }
        String number = v < 10 && v != Math.floor(v) ? String.format(Locale.ROOT, "%.1f", v)
                : Long.toString(Math.round(v));
        return number + " " + units[u];
    }

    /** A setting as Patroni's users write it: "1MB" for whole mebibytes, else the bytes. */
    public static String setting(long bytes) {
        long mb = 1024 * 1024;
        return bytes % mb == 0 && bytes > 0 ? bytes / mb + "MB" : bytes + " bytes";
    }
}
