package io.pgward.ha;

import java.util.Optional;

/**
 * Whether the local PostgreSQL changed since the last cycle's observation in a way the member key, {@code /cluster}
 * and the health checks show (running or not, primary or standby, streaming or not); pure. Between two cycles the
 * loop asks this every second, so what the node publishes follows its PostgreSQL within about a second instead of
 * waiting for {@code loop_wait}; only this node's loop wakes, and its member key is written only when it changed.
 */
public final class LocalChange {

    /**
     * A light reading of the local PostgreSQL between cycles.
     *
     * @param answers    the postmaster runs and answered the query
     * @param inRecovery a standby (when it answers)
     * @param streaming  its WAL receiver streams (when it answers)
     */
    public record Pulse(boolean answers, boolean inRecovery, boolean streaming) {

        public static final Pulse SILENT = new Pulse(false, false, false);
    }

    private LocalChange() {}

    /** Whether this node's loop should check between cycles: a replica, or a server not yet answering. */
    public static boolean worthWatching(LocalState last) {
        return last != null && last.dataDir() == LocalState.DataDir.PRESENT
                && (last.runningAsReplica() || last.pg() == LocalState.PgState.STARTING);
    }

    /** What changed since {@code last}, said for the debug log; empty when nothing the node publishes did. */
    public static Optional<String> since(LocalState last, Pulse now) {
        boolean answered = last.pg() == LocalState.PgState.RUNNING;
        if (answered != now.answers()) {
            return Optional.of(now.answers() ? "PostgreSQL answers" : "PostgreSQL no longer answers");
        }
        if (!now.answers()) {
            return Optional.empty();
        }
        if (last.inRecovery() != now.inRecovery()) {
            return Optional.of(now.inRecovery() ? "PostgreSQL is now a standby" : "PostgreSQL left recovery");
        }
        if (last.streaming() != now.streaming()) {
            return Optional.of(now.streaming() ? "the WAL receiver streams" : "the WAL receiver stopped streaming");
        }
        return Optional.empty();
    }
}
