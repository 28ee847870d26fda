package io.pgward.ha;

/**
 * What this node's agent sees of its own PostgreSQL.
 *
 * @param dataDir        whether the data directory holds a cluster
 * @param systemId       database system identifier from pg_controldata; null without data
 * @param pg             whether the postmaster runs and answers
 * @param inRecovery     true when running as a standby; while {@code STARTING} (no answer yet), whether the data
 *                       directory has a {@code standby.signal}: without one the server may come up, or already be,
 *                       a writable primary
 * @param timeline       current timeline (0 if unknown)
 * @param walPosition    flush LSN on a primary, max(receive, replay) on a standby, in bytes
 * @param upstream       the member whose address this node's primary_conninfo points at; null when none
 * @param streaming      a standby whose WAL receiver is streaming
 */
public record LocalState(DataDir dataDir, String systemId, PgState pg, boolean inRecovery, int timeline,
                         long walPosition, String upstream, boolean streaming) {

    public enum DataDir { EMPTY, PRESENT }

    public enum PgState { STOPPED, STARTING, RUNNING }

    public boolean runningAsPrimary() {
        return pg == PgState.RUNNING && !inRecovery;
    }

    public boolean runningAsReplica() {
        return pg == PgState.RUNNING && inRecovery;
    }

    /**
     * A primary, or a postmaster that does not answer and has no {@code standby.signal} (a hung or starting primary):
     * either may accept writes, so the safety rules that stop a primary apply to it too.
     */
    public boolean possiblyWritable() {
        return dataDir == DataDir.PRESENT && pg != PgState.STOPPED && !inRecovery;
    }

    public static LocalState noData() {
        return new LocalState(DataDir.EMPTY, null, PgState.STOPPED, false, 0, 0, null, false);
    }
}
