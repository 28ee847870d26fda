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
        if (c.statusOptime() > 0 && lag > 0 && handedOver(o)) {
            return Optional.of("not racing for leader: the switchover away from " + c.failover().leader()
                    + " handed over at WAL position " + c.statusOptime() + " and I have " + lag + " bytes less;"
                    + " only a node with everything the old primary had takes over after a switchover");
        }
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

    /**
     * A switchover without a named candidate is under way (for at most one ttl): the old primary stopped cleanly after
     * a candidate received its whole WAL and published its last position, so maximum_lag_on_failover does not apply —
     * a racer that lags by a few bytes would lose commits the old primary acknowledged. After one ttl (the old primary
     * died before handing over, say) the usual lag limit applies again so that the cluster is not left without a leader.
     */
    private static boolean handedOver(Observation o) {
        FailoverRequest f = o.cluster().failover();
        return f != null && f.leader() != null && f.candidate() == null && f.scheduledAt() == null
                && (o.failoverSince() == null
                || o.now().isBefore(o.failoverSince().plusSeconds(o.cluster().config().ttl())));
    }
}
