package io.pgward.ha;

import io.pgward.ha.Action.ClearFailover;
import io.pgward.ha.Action.Demote;
import io.pgward.ha.Action.DemoteMode;
import io.pgward.ha.Action.LeadAsPrimary;

import java.util.Optional;

/** The leader's side of a requested switchover (PATRONI-COMPAT.md §3.5); pure. */
final class Switchover {

    private Switchover() {}

    static Action fromLeader(Observation o) {
        ClusterView c = o.cluster();
        FailoverRequest f = c.failover();
        if (f.leader() != null && !f.leader().equals(o.me())) {
            return new ClearFailover("switchover request names " + f.leader() + " as leader but I am the leader:"
                    + " discarding it");
        }
        if (f.scheduledAt() != null && f.scheduledAt().isAfter(o.now())) {
            return new LeadAsPrimary("no action: I am the leader with the lock; switchover scheduled at "
                    + f.scheduledAt());
        }
        if (f.candidate() != null && f.candidate().equals(o.me())) {
            return new ClearFailover("switchover candidate " + f.candidate() + " is already the leader: nothing to do");
        }
        if (o.paused() && f.candidate() == null) {
            return new ClearFailover("paused: a switchover needs a named candidate");
        }
        Optional<Member> target = f.candidate() != null ? c.member(f.candidate()).filter(Switchover::eligible)
                : c.members().stream().filter(m -> !m.name().equals(o.me())).filter(Switchover::eligible).findFirst();
        if (target.isEmpty()) {
            return new ClearFailover(f.candidate() != null
                    ? "switchover candidate " + f.candidate() + " is not a running replica: discarding the request"
                    : "no healthy replica to switch over to: discarding the request");
        }
        return new Demote(DemoteMode.GRACEFUL, "switchover to " + (f.candidate() != null ? f.candidate()
                : "the healthiest replica") + " requested: stopping cleanly and releasing the leader key");
    }

    /**
     * A member that may take over: a running replica allowed to fail over. Whether it really has all the WAL is
     * checked against PostgreSQL itself before the key is released (a member key may be a cycle old).
     */
    static boolean eligible(Member m) {
        return m.isRunning() && !m.isPrimaryRole() && !m.nofailover();
    }
}
