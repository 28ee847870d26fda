package io.pgward.ha;

import java.util.Optional;

/** Whether this node may race for a free leader key (docs/patroni-compatibility.md §3.3 step 9); pure. */
final class HealthiestCheck {

    private HealthiestCheck() {}

    /** Returns why this node is NOT the healthiest, or empty when it is. */
    static Optional<String> evaluate(Observation o) {
        ClusterView c = o.cluster();
        LocalState local = o.local();
        long maxLag = c.config().maximumLagOnFailover();
        long lag = c.statusOptime() - local.walPosition();
        if (c.statusOptime() > 0 && lag > maxLag) {
            return Optional.of("not racing for leader: I am " + lag + " bytes behind the last known primary position"
                    + " (maximum_lag_on_failover is " + maxLag + ")");
        }
        SyncState sync = c.sync();
        boolean syncRace = c.config().synchronous() && sync.leader() != null;
        for (PeerStatus p : o.peers()) {
            if (!p.reachable() || p.name().equals(o.me())) {
                continue;
            }
            if (!p.inRecovery()) {
                return Optional.of("not racing for leader: " + p.name() + " still runs as primary");
            }
            if (syncRace && !sync.allowsPromotionOf(p.name())) {
                continue;    // in synchronous mode only the /sync members race, against each other
            }
            if (p.nofailover()) {
                continue;
            }
            if (p.walPosition() > local.walPosition() && !(syncRace && p.name().equals(sync.leader()))) {
                return Optional.of("not racing for leader: " + p.name() + " is ahead of me (" + p.walPosition()
                        + " > " + local.walPosition() + ")");
            }
            if (p.walPosition() == local.walPosition() && p.failoverPriority() > o.failoverPriority()) {
                return Optional.of("not racing for leader: " + p.name() + " has the same WAL position and a higher"
                        + " failover_priority (" + p.failoverPriority() + " > " + o.failoverPriority() + ")");
            }
        }
        return Optional.empty();
    }
}
