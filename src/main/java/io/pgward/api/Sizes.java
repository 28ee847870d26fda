package io.pgward.api;

import java.util.Locale;

/** Byte sizes as Patroni's {@code ?lag=} accepts them: "1048576", "16kB", "10MB", "1GB", "1TB". */
public final class Sizes {
    private Sizes() {}

    /** Returns the size in bytes, or -1 when the text is not a size. */
    public static long parseBytes(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        for (String[] u : new String[][] {{"TB", "1099511627776"}, {"GB", "1073741824"}, {"MB", "1048576"},
                {"KB", "1024"}, {"B", "1"}}) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length()).trim();
                break;
            }
        }
        try {
            return Long.parseLong(t) * unit;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
