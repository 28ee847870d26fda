package io.pgward.ha;

import io.pgward.ha.Action.ClearFailover;
import io.pgward.ha.Action.Demote;
import io.pgward.ha.Action.DemoteMode;
import io.pgward.ha.Action.LeadAsPrimary;

import java.util.List;

/** The leader's side of a requested switchover (docs/patroni-compatibility.md §3.5); pure. */
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
        List<Member> targets = SwitchoverCandidates.of(c, o.me(), f.candidate());
        if (targets.isEmpty()) {
            if (f.candidate() == null) {
                return new ClearFailover((c.config().synchronous()
                        ? "no healthy synchronous standby to switch over to" : "no healthy replica to switch over to")
                        + ": discarding the request");
            }
            String why = c.member(f.candidate()).flatMap(m -> SwitchoverCandidates.whyNot(c, m))
                    .orElse(f.candidate() + " is not a member");
            return new ClearFailover("switchover candidate " + why + ": discarding the request");
        }
        return new Demote(DemoteMode.GRACEFUL, "switchover to " + (f.candidate() != null ? f.candidate()
                : "the healthiest replica") + " requested: stopping cleanly and releasing the leader key");
    }
}
