package io.pgward.why;

import io.pgward.ha.ClusterView;
import io.pgward.ha.FailoverRequest;
import io.pgward.ha.Member;
import io.pgward.ha.TaskState;
import io.pgward.why.Finding.Severity;
import io.pgward.why.WhySnapshot.Decision;
import io.pgward.why.WhySnapshot.NodeReport;

import java.util.ArrayList;
import java.util.List;

/** A cluster with a leader: is the leader well, does every replica stream, and could one take over? */
final class Replicas {
    private Replicas() {}

    static void explain(WhySnapshot s, List<Finding> out) {
        ClusterView c = s.cluster();
        leader(s, out);
        FailoverRequest f = c.failover();
        if (f != null) {
            out.add(Finding.of(Severity.INFO, "cluster", (f.scheduledAt() != null ? "a switchover is scheduled at "
                    + f.scheduledAt() : "a switchover or failover is under way") + (f.leader() == null ? "" : " from "
                    + f.leader()) + (f.candidate() == null ? "" : " to " + f.candidate()), f.scheduledAt() == null ? null
                    : "to cancel it: pgward flush switchover"));
        }
        List<String> blockers = new ArrayList<>();
        for (Member m : c.members()) {
            if (!c.isLeader(m.name())) {
                replica(s, m, out, blockers);
            }
        }
        long replicas = c.members().stream().filter(m -> !c.isLeader(m.name())).count();
        if (replicas > 0 && blockers.size() == replicas && !c.config().pause()) {
            out.add(Finding.of(Severity.WARNING, "cluster", "if leader " + c.leader() + " failed now, no member could"
                    + " take over: " + String.join("; ", blockers), "fix one replica (see its finding) so that the"
                    + " cluster can fail over"));
        }
    }

    private static void leader(WhySnapshot s, List<Finding> out) {
        ClusterView c = s.cluster();
        String name = c.leader();
        NodeReport r = s.nodes().get(name);
        String lease = s.leaderLeaseLeft() == null ? "" : "; its lease has " + s.leaderLeaseLeft() + "s left";
        Member m = c.leaderMember().orElse(null);
        if (m == null) {
            out.add(Finding.of(Severity.WARNING, name, "holds the leader key but has no member key" + lease,
                    "check " + name + "'s agent: when the lease ends another member takes over"));
            return;
        }
        if (r != null && !r.reachable()) {
            out.add(Finding.of(Severity.WARNING, name, "holds the leader key but its REST API does not answer from"
                    + " here (" + r.error() + ")" + lease, "check " + name + "'s agent; if it is gone, a replica takes"
                    + " over once the lease ends"));
        }
        boolean leading = c.config().standbyCluster() != null ? io.pgward.ha.Roles.STANDBY_LEADER.equals(m.role())
                : m.isPrimaryRole();
        if (!m.isRunning() || !leading) {
            out.add(Finding.of(Severity.WARNING, name, "holds the leader key but its PostgreSQL is " + m.state()
                    + " as " + m.role() + " (a promotion or restart under way, or failing)", "if it stays so, see "
                    + name + "'s agent log").withEvidence(Words.lastDecision(r, s.now())));
        }
    }

    /** One replica's findings; adds to {@code blockers} why it could not take over, if it could not. */
    private static void replica(WhySnapshot s, Member m, List<Finding> out, List<String> blockers) {
        ClusterView c = s.cluster();
        String name = m.name();
        NodeReport r = s.nodes().get(name);
        Decision stuck = Words.newestContaining(r, TaskState.UNTIL_REINITIALIZED, 6);
        if (!m.isRunning() && stuck != null) {
            out.add(Finding.of(Severity.CRITICAL, name, name + "'s WAL diverged from leader " + c.leader()
                    + "'s timeline and it cannot be rewound, so it stays stopped",
                    "pgward reinit " + name + " (clones it afresh from " + c.leader() + "; what only " + name
                            + " had is lost)").withEvidence(Words.quote(name, "start", stuck, s.now())));
            blockers.add(name + " stays stopped (diverged)");
            return;
        }
        if (r != null && !r.reachable()) {
            out.add(Finding.of(Severity.WARNING, name, name + "'s REST API does not answer from here (" + r.error()
                    + ")", "check that " + name + "'s agent runs and its REST port is reachable from here"));
        }
        if (!m.isRunning()) {
            String state = m.state() == null ? "not running" : m.state();
            out.add(Finding.of(Severity.WARNING, name, name + "'s PostgreSQL is " + state
                    + (state.equals("creating replica") ? " (being cloned from the leader)" : ""), "creating replica"
                    .equals(state) || "starting".equals(state) ? "wait; if it stays so, see " + name + "'s agent log"
                    : "see " + name + "'s agent log and its PostgreSQL log").withEvidence(Words.lastDecision(r, s.now())));
            blockers.add(name + " is " + state);
            return;
        }
        boolean streaming = "streaming".equals(m.replicationState());
        if (!streaming) {
            Decision diverged = Words.newestContaining(r, "diverged", 6);
            String upstream = io.pgward.ha.Upstream.of(c, name).member();
            String from = c.isLeader(upstream) ? "leader " + upstream
                    : upstream + " (replicatefrom; leader " + c.leader() + ")";
            out.add(Finding.of(Severity.WARNING, name, name + " runs but does not stream from " + from
                    + " (replication_state: " + (m.replicationState() == null ? "unknown" : m.replicationState()) + ")",
                    "see the walreceiver's error in " + name + "'s PostgreSQL log (replication user and password,"
                            + " pg_hba on " + upstream + ", the replication slot); a replica whose WAL diverged is"
                            + " stopped and rewound by pgward itself").withEvidence(diverged != null
                    ? Words.quote(name, "decision", diverged, s.now()) : Words.lastDecision(r, s.now())));
        }
        Member leader = c.leaderMember().orElse(null);
        if (leader != null && leader.timeline() > 0 && m.timeline() > 0 && m.timeline() != leader.timeline()) {
            out.add(Finding.of(Severity.WARNING, name, name + " is on timeline " + m.timeline() + ", leader "
                    + c.leader() + " on " + leader.timeline(), "it follows the new timeline once it streams; if it"
                    + " does not, see its finding above"));
        }
        long max = c.config().maximumLagOnFailover();
        long optime = c.statusOptime() > 0 ? c.statusOptime() : leader == null ? 0 : leader.walPosition();
        long lag = optime > 0 && m.walPosition() > 0 ? optime - m.walPosition() : 0;
        if (lag > max) {
            out.add(Finding.of(Severity.WARNING, name, name + " is " + Words.bytes(lag) + " behind leader " + c.leader()
                    + "; in a failover it would be refused by maximum_lag_on_failover=" + Words.setting(max),
                    "find what slows its replay (disk, network, long queries with hot_standby_feedback)"));
        }
        if (m.nofailover()) {
            blockers.add(name + " is tagged nofailover");
        } else if (!streaming) {
            blockers.add(name + " does not stream");
        } else if (lag > max) {
            blockers.add(name + " lags " + Words.bytes(lag));
        } else if (c.config().synchronous() && !c.sync().isSyncStandby(name)) {
            blockers.add(name + " is not a synchronous standby");
        }
        if (m.pendingRestart()) {
            out.add(Finding.of(Severity.INFO, name, name + "'s PostgreSQL waits for a restart to apply settings",
                    "pgward restart --pending"));
        }
    }
}
