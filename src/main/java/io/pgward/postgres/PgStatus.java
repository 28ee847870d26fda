package io.pgward.postgres;

import java.util.List;

/**
 * One answer from the running PostgreSQL.
 *
 * @param flushLsn      primary only (0 on a standby)
 * @param receiveLsn    standby only
 * @param replayLsn     standby only
 * @param receiverState WAL receiver status ("streaming", ...) or null when none runs
 * @param pendingRestart settings changed in the configuration that take effect only after a restart
 * @param archiver      pg_stat_archiver's counters, or null when not read
 * @param receiver      the standby's WAL receiver (pg_stat_wal_receiver), read with the rest; null when none runs
 */
public record PgStatus(boolean inRecovery, int timeline, long flushLsn, long receiveLsn, long replayLsn,
                       String receiverState, String replayTimestamp, boolean replayPaused, String postmasterStartTime,
                       int serverVersion, List<Replication> replication, List<String> pendingRestart,
                       Archiver archiver, WalReceiver receiver) {

    public PgStatus(boolean inRecovery, int timeline, long flushLsn, long receiveLsn, long replayLsn,
                    String receiverState, String replayTimestamp, boolean replayPaused, String postmasterStartTime,
                    int serverVersion, List<Replication> replication, List<String> pendingRestart, Archiver archiver) {
        this(inRecovery, timeline, flushLsn, receiveLsn, replayLsn, receiverState, replayTimestamp, replayPaused,
                postmasterStartTime, serverVersion, replication, pendingRestart, archiver, null);
    }

    public PgStatus(boolean inRecovery, int timeline, long flushLsn, long receiveLsn, long replayLsn,
                    String receiverState, String replayTimestamp, boolean replayPaused, String postmasterStartTime,
                    int serverVersion, List<Replication> replication, List<String> pendingRestart) {
        this(inRecovery, timeline, flushLsn, receiveLsn, replayLsn, receiverState, replayTimestamp, replayPaused,
                postmasterStartTime, serverVersion, replication, pendingRestart, null);
    }

    /** This answer with a standby's WAL positions read later (they only grow while it stays in recovery). */
    public PgStatus withPositions(StandbyWal wal) {
        return new PgStatus(inRecovery, timeline, flushLsn, Math.max(receiveLsn, wal.received()),
                Math.max(replayLsn, wal.replayed()), receiverState, replayTimestamp, replayPaused, postmasterStartTime,
                serverVersion, replication, pendingRestart, archiver, receiver);
    }

    /**
     * The WAL archiver's counters since their last reset (pg_stat_archiver), times in epoch seconds (0 when never).
     */
    public record Archiver(long archivedCount, long failedCount, long lastArchivedTime, long lastFailedTime) {}

    /** A row of pg_stat_replication. */
    public record Replication(String usename, String applicationName, String clientAddr, String state,
                              String syncState, int syncPriority, long flushLsn) {}

    public long walPosition() {
        return inRecovery ? Math.max(receiveLsn, replayLsn) : flushLsn;
    }

    /** The server a standby's WAL receiver streams from, as {@code host:port}; null when it does not stream. */
    public String sender() {
        return streaming() && receiver != null ? receiver.sender() : null;
    }

    public boolean streaming() {
        return "streaming".equals(receiverState);
    }
}
