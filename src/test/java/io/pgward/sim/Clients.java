package io.pgward.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Clients that commit without pause to every node that runs as primary (as the fault suite's direct writers do): a
 * commit is acknowledged at once without synchronous standbys, else once a listed standby streaming from that primary
 * has the record. A primary that stops fails its waiting commits (not acknowledged).
 */
final class Clients {

    /** An acknowledged commit: its record, where it sits in the WAL, which node acknowledged it, when. */
    record Ack(WalRecord record, int index, String node, long at) {}

    private record Waiting(WalRecord record, int index) {}

    private final Simulation sim;
    private final Map<String, List<Waiting>> waiting = new TreeMap<>();
    final List<Ack> acks = new ArrayList<>();
    private long nextCommit = 1;
    long refused;
    long failed;

    Clients(Simulation sim) {
        this.sim = sim;
    }

    /** One round of commits, one to each node (a node that is not a running primary refuses it). */
    void commitRound() {
        for (SimPostgres pg : sim.postgres()) {
            if (!pg.runningAsPrimary()) {
                refused++;
                continue;
            }
            WalRecord r = sim.servers.append(pg, WalRecord.Kind.COMMIT, nextCommit++);
            int index = pg.wal.size() - 1;
            if (pg.syncNames.isEmpty()) {
                acknowledge(pg, r, index);
            } else {
                waiting.computeIfAbsent(pg.node, k -> new ArrayList<>()).add(new Waiting(r, index));
            }
        }
    }

    /** {@code standby} now holds more of {@code primary}'s WAL, or {@code primary}'s standby list changed. */
    void recheck(SimPostgres primary) {
        List<Waiting> list = waiting.get(primary.node);
        if (list == null || list.isEmpty()) {
            return;
        }
        if (primary.syncNames.isEmpty()) {
            // PostgreSQL releases every waiting backend when synchronous_standby_names becomes empty.
            list.forEach(w -> acknowledge(primary, w.record(), w.index()));
            list.clear();
            return;
        }
        var it = list.iterator();
        while (it.hasNext()) {
            Waiting w = it.next();
            if (confirmedBySync(primary, w)) {
                acknowledge(primary, w.record(), w.index());
                it.remove();
            } else {
                break;    // later commits cannot be confirmed before earlier ones
            }
        }
    }

    private boolean confirmedBySync(SimPostgres primary, Waiting w) {
        for (String name : primary.syncNames) {
            SimPostgres s = sim.postgresOf(name);
            if (s != null && s.runningAsReplica() && primary.node.equals(s.upstream) && s.streaming
                    && s.contains(w.record(), w.index())) {
                return true;
            }
        }
        return false;
    }

    /** The primary stopped: its waiting commits end with an error. */
    void primaryStopped(String node) {
        List<Waiting> list = waiting.remove(node);
        if (list != null) {
            failed += list.size();
        }
    }

    private void acknowledge(SimPostgres pg, WalRecord r, int index) {
        Ack ack = new Ack(r, index, pg.node, sim.clock.now());
        acks.add(ack);
        sim.trace.detail(pg.node, () -> "acknowledged commit " + r.commitId());
        sim.invariants.acknowledged(ack);
    }
}
