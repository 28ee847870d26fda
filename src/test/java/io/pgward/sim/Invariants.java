package io.pgward.sim;

import io.pgward.ha.LocalState.PgState;

/**
 * The properties a run must keep, checked as it goes: (1) at each acknowledgement, (2) at each promotion and at the
 * end, (3) after every event, (4) once the faults have stopped, (5) counted at the end.
 */
final class Invariants {

    /** A broken invariant: the message names it; the run's trace shows how it came about. */
    static final class Violation extends RuntimeException {
        Violation(String message) {
            super(message);
        }
    }

    private final Simulation sim;
    private final boolean synchronous;

    Invariants(Simulation sim, boolean synchronous) {
        this.sim = sim;
        this.synchronous = synchronous;
    }

    /** (1) Only the holder of an unexpired leader key acknowledges commits. */
    void acknowledged(Clients.Ack ack) {
        if (!sim.etcd.holdsLeaderKey(ack.node())) {
            throw new Violation("(1) " + ack.node() + " acknowledged commit " + ack.record().commitId()
                    + " without holding an unexpired leader key (leader key: " + sim.etcd.leader() + ")");
        }
    }

    /** (3) A replica that streams has a WAL that is a prefix of its upstream's. */
    void afterEvent() {
        for (SimPostgres pg : sim.postgres()) {
            if (!pg.streaming || !pg.runningAsReplica() || pg.upstream == null) {
                continue;
            }
            SimPostgres up = sim.postgresOf(pg.upstream);
            if (up.state != PgState.STOPPED && !pg.isPrefixOf(up)) {
                throw new Violation("(3) " + pg.node + " streams from " + up.node + " but its WAL (last "
                        + pg.last() + ", " + pg.wal.size() + " records) is not a prefix of " + up.node + "'s (last "
                        + up.last() + ", " + up.wal.size() + " records)");
            }
        }
    }

    /** (2) In synchronous mode a promoted node holds every acknowledged commit. */
    void promoted(SimPostgres pg) {
        if (synchronous) {
            requireAllAcknowledgedOn(pg, "promoted node");
        }
    }

    void requireAllAcknowledgedOn(SimPostgres pg, String what) {
        for (Clients.Ack ack : sim.clients.acks) {
            if (!pg.contains(ack.record(), ack.index())) {
                throw new Violation("(2) synchronous mode: commit " + ack.record().commitId() + " acknowledged by "
                        + ack.node() + " at " + ack.at() + " ms is missing on the " + what + " " + pg.node);
            }
        }
    }

    /** (5) Acknowledged commits the final leader does not have. */
    long lostOn(SimPostgres leader) {
        return sim.clients.acks.stream().filter(a -> !leader.contains(a.record(), a.index())).count();
    }

    /** (3) at the end, record by record: every streaming replica's WAL against its upstream's. */
    void fullPrefixCheck() {
        for (SimPostgres pg : sim.postgres()) {
            if (pg.streaming && pg.runningAsReplica() && pg.upstream != null) {
                SimPostgres up = sim.postgresOf(pg.upstream);
                if (!SimPostgres.isPrefixRecordByRecord(pg.wal, up.wal)) {
                    throw new Violation("(3) at the end: " + pg.node + "'s WAL is not a prefix of " + up.node + "'s");
                }
            }
        }
    }
}
