package io.pgward.sim;

import io.pgward.ha.LocalState;
import io.pgward.ha.LocalState.DataDir;
import io.pgward.ha.LocalState.PgState;

import java.util.ArrayList;
import java.util.List;

/**
 * One node's PostgreSQL: the postmaster's state, whether it runs in recovery ({@code standby.signal}), its timeline,
 * its WAL, the member its WAL receiver streams from and the synchronous standbys it waits for. The cluster-wide
 * mechanics (streaming, commits, stops that drain standbys) are in {@link Simulation}.
 */
final class SimPostgres {

    /**
     * Bytes per simulated WAL record, the unit of every LSN the agent sees: 8 KiB, so that maximum_lag_on_failover
     * (1 MiB) is 128 records, about 26 s of the model's commits.
     */
    static final long RECORD_BYTES = 8192;
    static final String SYSTEM_ID = "7300000000000000001";

    final String node;
    PgState state = PgState.STOPPED;
    boolean standby;
    int timeline = 1;
    final List<WalRecord> wal = new ArrayList<>();
    String upstream;
    boolean streaming;
    /** Where this server's current timeline began (its promotion), for the history key. */
    long switchLsn;
    /** synchronous_standby_names as a list; empty: commits do not wait; the strict placeholder: nothing confirms. */
    List<String> syncNames = List.of();

    SimPostgres(String node) {
        this.node = node;
    }

    boolean running() {
        return state == PgState.RUNNING;
    }

    boolean runningAsPrimary() {
        return state == PgState.RUNNING && !standby;
    }

    boolean runningAsReplica() {
        return state == PgState.RUNNING && standby;
    }

    long lsn() {
        return wal.size() * RECORD_BYTES;
    }

    WalRecord last() {
        return wal.isEmpty() ? null : wal.get(wal.size() - 1);
    }

    /** What {@code PostgresNode.observe} would report. */
    LocalState observe() {
        boolean answering = state == PgState.RUNNING;
        return new LocalState(DataDir.PRESENT, SYSTEM_ID, state, standby, timeline, lsn(),
                standby ? upstream : null, answering && standby && streaming);
    }

    /** Whether this WAL is a prefix of {@code other}'s (equal included). */
    boolean isPrefixOf(SimPostgres other) {
        return isPrefix(wal, other.wal);
    }

    static boolean isPrefix(List<WalRecord> a, List<WalRecord> b) {
        return a.size() <= b.size() && (a.isEmpty() || b.get(a.size() - 1) == a.get(a.size() - 1));
    }

    /** The full check, record by record (the end of a run). */
    static boolean isPrefixRecordByRecord(List<WalRecord> a, List<WalRecord> b) {
        if (a.size() > b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** How many leading records this WAL shares with {@code other}. */
    int commonPrefix(SimPostgres other) {
        int n = Math.min(wal.size(), other.wal.size());
        int i = 0;
        while (i < n && wal.get(i) == other.wal.get(i)) {
            i++;
        }
        return i;
    }

    boolean contains(WalRecord r, int index) {
        return index < wal.size() && wal.get(index) == r;
    }
}
