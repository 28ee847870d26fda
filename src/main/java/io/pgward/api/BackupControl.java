package io.pgward.api;

import java.util.Map;

/** pgBackRest on this node, behind {@code POST /backup}, {@code GET /backup} and {@code GET /backup/info}. */
public interface BackupControl {

    /**
     * Starts {@code pgbackrest backup --type=type} here and returns the job as JSON at once.
     *
     * @throws io.pgward.PgwardException BAD_REQUEST when the type is unknown, this node is not the running primary,
     *                                   or a pgBackRest job already runs
     */
    Map<String, Object> startBackup(String type);

    /** The running or last job on this node ({@code state}: running, succeeded, failed), or null when none ran. */
    Map<String, Object> lastJob();

    /** {@code pgbackrest info --output=json}: pgBackRest's JSON text. */
    String infoJson();
}
