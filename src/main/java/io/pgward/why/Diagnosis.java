package io.pgward.why;

import io.pgward.ha.ClusterView;
import io.pgward.why.Finding.Severity;
import io.pgward.why.WhySnapshot.EtcdProbe;
import io.pgward.why.WhySnapshot.EtcdProbe.Problem;
import io.pgward.why.WhySnapshot.NodeReport;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code pgward why}'s reasoning: a pure function from one {@link WhySnapshot} to the findings, worst first. No I/O
 * and no clock; it reads what pgward itself does (docs/patroni-compatibility.md §3) backwards: given the keys and
 * what each agent decided, which rule holds the cluster where it is, and what would release it.
 */
public final class Diagnosis {

    private Diagnosis() {}

    public static List<Finding> diagnose(WhySnapshot s) {
        List<Finding> out = new ArrayList<>();
        ClusterView c = s.cluster();
        if (c == null) {
            out.add(etcdUnreadable(s));
            evidenceFromReachableNodes(s, out);
            return sorted(out);
        }
        etcdMembersDown(s).ifPresent(out::add);
        if (c.members().isEmpty() && !c.hasLeader() && !c.configPresent() && c.initialize() == null) {
            out.add(Finding.of(Severity.CRITICAL, "cluster", "etcd holds nothing for cluster '" + s.scope()
                    + "' (no leader, member, config or initialize key)", "check the scope and namespace given to this"
                    + " command; if they are right, start the agents: the first one with a bootstrap section creates"
                    + " the cluster"));
            return sorted(out);
        }
        if (c.config().pause()) {
            out.add(c.hasLeader()
                    ? Finding.of(Severity.WARNING, "cluster", "maintenance mode is on (paused): pgward does not fail"
                            + " over, restart or demote anything on its own", "when the maintenance is over: pgward resume")
                    : Finding.of(Severity.CRITICAL, "cluster", "there is no leader and the cluster is paused: no member"
                            + " takes the leader key on its own while paused", "pgward resume (then the healthiest"
                            + " member takes over), or name one: pgward failover --candidate MEMBER"));
        }
        if (c.hasLeader()) {
            Replicas.explain(s, out);
        } else {
            Leaderless.explain(s, out);
        }
        LastFailover.explain(s).ifPresent(out::add);
        if (out.stream().noneMatch(f -> f.severity() == Severity.CRITICAL || f.severity() == Severity.WARNING)) {
            out.add(healthy(s));
        }
        return sorted(out);
    }

    private static List<Finding> sorted(List<Finding> findings) {
        List<Finding> out = new ArrayList<>(findings);
        out.sort(Comparator.comparing(Finding::severity));
        return List.copyOf(out);
    }

    /** etcd could not be read: which endpoints failed how, and what pgward does without etcd. */
    private static Finding etcdUnreadable(WhySnapshot s) {
        List<EtcdProbe> failed = s.etcd().stream().filter(p -> !p.ok()).toList();
        List<String> noLeader = failed.stream().filter(p -> p.problem() == Problem.NO_LEADER).map(EtcdProbe::endpoint).toList();
        boolean auth = failed.stream().anyMatch(p -> p.problem() == Problem.AUTH);
        int total = s.etcd().size();
        StringBuilder blocker = new StringBuilder();
        if (failed.isEmpty()) {
            blocker.append("every etcd endpoint answers, but reading the cluster's keys failed: ").append(s.etcdError());
        } else {
            if (auth) {
                blocker.append("etcd refuses this command's credentials");
            } else if (!noLeader.isEmpty()) {
                blocker.append("etcd has no quorum: ").append(Words.names(noLeader)).append(noLeader.size() == 1
                        ? " answers but has" : " answer but have").append(" no raft leader");
            } else {
                blocker.append("no etcd member answers");
            }
            List<String> each = new ArrayList<>();
            for (EtcdProbe p : s.etcd()) {
                each.add(p.endpoint() + ": " + (p.ok() ? "answers" : p.error()));
            }
            blocker.append(" (").append(String.join("; ", each)).append(")");
        }
        boolean paused = s.nodes().values().stream().anyMatch(r -> r.reachable() && r.status().paused());
        String meaning = paused
                ? ". The cluster was paused when its agents last read etcd: PostgreSQL is left as it is, so the primary"
                        + " keeps taking writes; nothing fails over until etcd is back and the cluster is resumed"
                : ". Without etcd no agent can renew the leader lease: the primary steps down to read-only as soon as"
                        + " a renewal fails (within retry_timeout, before its lease of ttl seconds can expire for the"
                        + " others), and no replica can be promoted; replicas keep serving reads. There are no writes"
                        + " until etcd has a majority again (unless failsafe_mode is on and every member accepts the"
                        + " primary's POST /failsafe)";
        String next = auth ? "check etcd3.username and etcd3.password (or the client certificate) of the file given to"
                + " this command against etcd's users; the agents use their own credentials"
                : (total == 1 ? "bring etcd back" : "bring back a majority of the etcd members (" + (total / 2 + 1)
                        + " of " + total + " listed) and make them reach each other") + "; 'etcdctl --endpoints=" + String.join(",", s.etcd().stream()
                        .map(EtcdProbe::endpoint).toList()) + " endpoint status' shows which answer";
        return Finding.of(Severity.CRITICAL, "etcd", blocker + meaning, next);
    }

    /** While etcd cannot be read, the agents that still answer say what they decided. */
    private static void evidenceFromReachableNodes(WhySnapshot s, List<Finding> out) {
        s.nodes().values().stream().sorted(Comparator.comparing(NodeReport::name)).forEach(r -> {
            if (r.reachable()) {
                out.add(Finding.of(Severity.INFO, r.name(), "its agent answers: PostgreSQL is " + r.status().state()
                        + " as " + r.status().role(), null).withEvidence(Words.lastDecision(r, s.now())));
            } else {
                out.add(Finding.of(Severity.INFO, r.name(), "its agent does not answer either (" + r.error() + ")", null));
            }
        });
    }

    /** Some endpoints fail while etcd still answers through the others. */
    private static java.util.Optional<Finding> etcdMembersDown(WhySnapshot s) {
        List<EtcdProbe> failed = s.etcd().stream().filter(p -> !p.ok()).toList();
        if (failed.isEmpty()) {
            return java.util.Optional.empty();
        }
        int total = s.etcd().size();
        int up = total - failed.size();
        boolean oneMoreLosesQuorum = up - 1 < total / 2 + 1;
        List<String> each = failed.stream().map(p -> p.endpoint() + " (" + p.error() + ")").toList();
        return java.util.Optional.of(Finding.of(Severity.WARNING, "etcd", "etcd " + (failed.size() == 1 ? "member "
                : "members ") + String.join(", ", each) + (failed.size() == 1 ? " does" : " do") + " not answer; etcd"
                + " still answers through the other " + up + " of " + total, "repair or restart "
                + (failed.size() == 1 ? "it" : "them") + (oneMoreLosesQuorum ? ": one more member lost and etcd has"
                + " no quorum, and then the primary steps down" : "")));
    }

    private static Finding healthy(WhySnapshot s) {
        ClusterView c = s.cluster();
        long replicas = c.members().stream().filter(m -> !c.isLeader(m.name())).count();
        String leader = c.leaderMember().map(m -> m.name() + " runs as primary"
                + (m.timeline() > 0 ? " on timeline " + m.timeline() : "")).orElse(c.leader() + " holds the leader key");
        String lease = s.leaderLeaseLeft() == null ? "" : " (its lease has " + s.leaderLeaseLeft() + "s left)";
        return Finding.of(Severity.OK, "cluster", "all is well: " + leader + lease + ", " + replicas
                + (replicas == 1 ? " replica" : " replicas") + " streaming within maximum_lag_on_failover ("
                + Words.setting(c.config().maximumLagOnFailover()) + ")", null);
    }
}
