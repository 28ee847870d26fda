package io.pgward.sim;

import io.pgward.ha.LocalState.PgState;

/**
 * What happens between the simulated PostgreSQL servers: WAL appended, received by standbys, sent to them at a fast
 * stop, cut back by pg_rewind; postmasters started, stopped, crashed and promoted. Shared by the executor, the fence,
 * the clients and the faults.
 */
final class PostgresMechanics {

    private final Simulation sim;
    private long nextRecord = 1;

    PostgresMechanics(Simulation sim) {
        this.sim = sim;
    }

    void scheduleReceiver(SimPostgres pg) {
        sim.clock.after(50 + sim.random.nextInt(250), () -> {
            receive(pg);
            scheduleReceiver(pg);
        });
    }

    /**
     * One step of a standby's WAL receiver: it streams while its upstream runs, can be reached, and has its WAL as a
     * prefix (else it is not streaming: a diverged or ahead standby cannot follow); it then receives all the
     * upstream has (the step's interval is the replication delay).
     */
    private void receive(SimPostgres pg) {
        if (!pg.runningAsReplica() || pg.upstream == null) {
            return;
        }
        SimPostgres up = sim.postgresOf(pg.upstream);
        boolean can = up != null && up.running() && sim.net.connected(pg.node, up.node) && pg.isPrefixOf(up);
        if (can != pg.streaming) {
            sim.trace.add(pg.node, can ? "WAL receiver streams from " + up.node : "WAL receiver stopped streaming from "
                    + pg.upstream);
        }
        pg.streaming = can;
        if (can && up.wal.size() > pg.wal.size()) {
            pg.wal.addAll(up.wal.subList(pg.wal.size(), up.wal.size()));
            pg.timeline = pg.last().timeline();
            sim.trace.detail(pg.node, () -> "received WAL up to " + pg.last());
            sim.clients.recheck(up);
        }
    }

    WalRecord append(SimPostgres pg, WalRecord.Kind kind, long commitId) {
        WalRecord r = new WalRecord(nextRecord++, pg.timeline, pg.node, commitId, kind);
        pg.wal.add(r);
        return r;
    }

    /** The postmaster starts; it answers after the startup delay it returns, unless it is stopped meanwhile. */
    long startPostmaster(String node, boolean standby, String upstream) {
        SimPostgres pg = sim.postgresOf(node);
        if (pg.state != PgState.STOPPED) {
            throw new SimAgent.TaskFailed("PostgreSQL is already " + pg.state.name().toLowerCase());
        }
        pg.state = PgState.STARTING;
        pg.standby = standby;
        pg.upstream = standby ? upstream : null;
        pg.streaming = false;
        long startup = 200 + sim.random.nextInt(2000);
        sim.trace.add(node, "postmaster starting " + (standby ? "as a standby of " + upstream : "as primary"));
        sim.clock.after(startup, () -> {
            if (pg.state == PgState.STARTING) {
                pg.state = PgState.RUNNING;
                sim.trace.add(node, "PostgreSQL running " + (pg.standby ? "in recovery" : "as primary") + " on timeline "
                        + pg.timeline);
            }
        });
        return startup;
    }

    boolean postmasterAlive(String node) {
        return sim.postgresOf(node).state != PgState.STOPPED;
    }

    /**
     * Stops PostgreSQL. A fast stop of a primary writes a shutdown checkpoint and first sends it to the standbys that
     * stream from it (as walsenders do); an immediate stop or a crash does not. Waiting commits fail; the standbys
     * that streamed from it stop streaming.
     */
    void stopPostgres(String node, boolean fast, String why) {
        SimPostgres pg = sim.postgresOf(node);
        if (pg.state == PgState.STOPPED) {
            return;
        }
        if (fast && pg.runningAsPrimary()) {
            append(pg, WalRecord.Kind.SHUTDOWN_CHECKPOINT, -1);
            for (SimPostgres s : sim.postgres()) {
                if (s.runningAsReplica() && s.streaming && node.equals(s.upstream) && sim.net.connected(node, s.node)
                        && s.isPrefixOf(pg)) {
                    s.wal.addAll(pg.wal.subList(s.wal.size(), pg.wal.size()));
                    s.timeline = s.last().timeline();
                }
            }
        }
        pg.state = PgState.STOPPED;
        pg.streaming = false;
        sim.clients.primaryStopped(node);
        for (SimPostgres s : sim.postgres()) {
            if (node.equals(s.upstream) && s.streaming) {
                s.streaming = false;
            }
        }
        sim.trace.add(node, "PostgreSQL stopped (" + (fast ? "fast" : "immediate") + ", " + why + ")");
        SimAgent a = sim.agent(node);
        a.wakeup();
    }

    /** pg_rewind: the WAL is cut back to what it shares with the source's. */
    void rewind(SimPostgres pg, SimPostgres source) {
        int keep = pg.commonPrefix(source);
        int dropped = pg.wal.size() - keep;
        pg.wal.subList(keep, pg.wal.size()).clear();
        pg.timeline = pg.wal.isEmpty() ? 1 : pg.last().timeline();
        sim.trace.add(pg.node, "pg_rewind from " + source.node + ": " + dropped + " records of mine dropped");
    }

    /** Promotion: the next timeline, begun by a record of its own. */
    void promote(SimPostgres pg) {
        pg.standby = false;
        pg.upstream = null;
        pg.streaming = false;
        pg.switchLsn = pg.lsn();
        pg.timeline++;
        append(pg, WalRecord.Kind.TIMELINE_SWITCH, -1);
        sim.trace.add(pg.node, "promoted: now primary on timeline " + pg.timeline);
        sim.invariants.promoted(pg);
    }
}
