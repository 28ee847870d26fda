package io.pgward.postgres;

/** PostgreSQL log sequence numbers: "X/Y" text to bytes and back. */
public final class Lsn {
    private Lsn() {}

    public static long parse(String text) {
        if (text == null || !text.contains("/")) {
            return 0;
        }
        String[] parts = text.trim().split("/");
        return (Long.parseLong(parts[0], 16) << 32) + Long.parseLong(parts[1], 16);
    }

    public static String format(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
    }
}
