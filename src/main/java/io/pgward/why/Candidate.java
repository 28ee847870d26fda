package io.pgward.why;

import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;
import io.pgward.why.WhySnapshot.NodeReport;

/**
 * Whether a member may take a free leader key by pgward's rules (docs/patroni-compatibility.md §3.3), seen from
 * outside: what blocks it, what would unblock it, and how far it lags (0 when it is not held back by lag).
 */
record Candidate(Member member, boolean eligible, String blocker, String nextStep, long lag) {

    static Candidate judge(WhySnapshot s, Member m) {
        ClusterView c = s.cluster();
        String name = m.name();
        NodeReport r = s.nodes().get(name);
        if (m.nofailover()) {
            return blocked(m, name + " is tagged nofailover (or failover_priority 0), so it never takes the leader key",
                    "remove the nofailover tag (tags.nofailover / failover_priority) from " + name + "'s configuration"
                            + " and reload it: pgward reload " + name);
        }
        if (!m.isRunning()) {
            return blocked(m, name + "'s PostgreSQL is " + (m.state() == null ? "not running" : m.state()),
                    "see " + name + "'s agent log for why PostgreSQL does not run");
        }
        if (r != null && !r.reachable()) {
            return blocked(m, name + "'s REST API does not answer from here (" + r.error() + ")",
                    "check that " + name + "'s agent runs and its REST port is reachable");
        }
        long max = c.config().maximumLagOnFailover();
        long lag = c.statusOptime() > 0 && m.walPosition() > 0 ? c.statusOptime() - m.walPosition() : 0;
        if (lag > max) {
            return new Candidate(m, false, name + " is " + Words.bytes(lag) + " behind the last known leader position;"
                    + " failover refused by maximum_lag_on_failover=" + Words.setting(max),
                    "to force: pgward failover --candidate " + name + " --force (the transactions it lacks are lost)"
                            + ", or wait for the old primary to come back", lag);
        }
        if (c.config().synchronous() && c.sync().leader() != null && !c.sync().allowsPromotionOf(name)) {
            return blocked(m, name + " is not a synchronous standby (sync key: " + Words.names(c.sync().standbys())
                    + "), so it may lack acknowledged commits and does not race", "start a synchronous standby, or"
                    + " accept the loss: pgward failover --candidate " + name + " --force");
        }
        return new Candidate(m, true, null, null, 0);
    }

    private static Candidate blocked(Member m, String blocker, String next) {
        return new Candidate(m, false, blocker, next, 0);
    }
}
