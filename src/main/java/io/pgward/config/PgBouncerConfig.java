package io.pgward.config;

import java.nio.file.Path;

/**
 * pgward's own {@code pgbouncer} section: a PgBouncer that the agents pause around a switchover and point at the new
 * primary (by rewriting a {@code [databases]} file PgBouncer includes, then RELOAD and RESUME).
 *
 * @param adminUri            libpq URI of PgBouncer's admin console (database {@code pgbouncer}); may hold a password
 * @param databasesFile       the file whose {@code host=} and {@code port=} the new primary's agent rewrites
 * @param pauseTimeoutSeconds how long PAUSE may wait for running transactions before the switchover goes on
 */
public record PgBouncerConfig(String adminUri, Path databasesFile, int pauseTimeoutSeconds) {

    public static final int DEFAULT_PAUSE_TIMEOUT = 5;

    /** The admin URI with its password (if any) replaced by {@code ***}. */
    public String adminUriForDisplay() {
        return adminUri.replaceFirst("^([a-z]+://[^:@/]*):[^@]*@", "$1:***@");
    }

    @Override
    public String toString() {
        return "PgBouncerConfig[adminUri=" + adminUriForDisplay() + ", databasesFile=" + databasesFile
                + ", pauseTimeoutSeconds=" + pauseTimeoutSeconds + "]";
    }
}
