package io.pgward.postgres;

/**
 * A libpq password file with one entry for any host, port and database: how the replication password reaches the
 * walreceiver without being written into primary_conninfo (which PostgreSQL prints in its log on every reload that
 * changes it).
 */
public final class Passfile {

    private Passfile() {}

    /** The file's line for {@code user} and {@code password} (':' and '\' escaped as libpq reads them). */
    public static String line(String user, String password) {
        return "*:*:*:" + escape(user) + ":" + escape(password) + "\n";
    }

    private static String escape(String field) {
        return field.replace("\\", "\\\\").replace(":", "\\:");
    }
}
