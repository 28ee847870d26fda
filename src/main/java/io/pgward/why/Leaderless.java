package io.pgward.why;

import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;
import io.pgward.why.Finding.Severity;
import io.pgward.why.WhySnapshot.NodeReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Why nobody holds the leader key: no bootstrap, a stale {@code initialize} key, or no member that may take over. */
final class Leaderless {
    private Leaderless() {}

    static void explain(WhySnapshot s, List<Finding> out) {
        ClusterView c = s.cluster();
        if (c.members().isEmpty()) {
            out.add(Finding.of(Severity.CRITICAL, "cluster", "there is no leader and no member: no agent of cluster '"
                    + s.scope() + "' is running, or none reaches etcd", "start the agents (systemctl start pgward on"
                    + " each host) and see their logs"));
            return;
        }
        if (initializeBlocks(s, out)) {
            return;
        }
        if (c.config().pause()) {
            return;    // nobody races while paused: the pause finding says so
        }
        candidates(s, out);
    }

    /** Reports a bootstrap that has not happened, is running, or left a key behind; true when that is the blocker. */
    private static boolean initializeBlocks(WhySnapshot s, List<Finding> out) {
        ClusterView c = s.cluster();
        String init = c.initialize();
        if (init == null) {
            if (c.members().stream().anyMatch(m -> m.isRunning())) {
                return false;    // data exists (a running primary records its identifier itself)
            }
            out.add(Finding.of(Severity.CRITICAL, "cluster", "the cluster was never bootstrapped (no initialize key) and"
                    + " no member runs PostgreSQL", "start a node whose configuration has a bootstrap section and no"
                    + " nofailover tag: it bootstraps the cluster").withEvidence(evidence(s)));
            return true;
        }
        if (init.isEmpty()) {
            Optional<Member> initializing = c.members().stream()
                    .filter(m -> "initializing new cluster".equals(m.state())).findFirst();
            if (initializing.isPresent()) {
                out.add(Finding.of(Severity.INFO, initializing.get().name(), "is bootstrapping the cluster (initdb);"
                        + " the others wait for it", null).withEvidence(Words.lastDecision(
                        s.nodes().get(initializing.get().name()), s.now())));
            } else {
                out.add(Finding.of(Severity.WARNING, "initialize key", "stale initialize key: a bootstrap started but its"
                        + " node is gone (no member is initializing); an agent without data clears it at its next cycle"
                        + " and the cluster is bootstrapped again", "if it stays, start an agent whose data directory"
                        + " is empty; a failed bootstrap names its cause in that node's agent log")
                        .withEvidence(evidence(s)));
            }
            return true;
        }
        List<String> holders = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Member m : c.members()) {
            NodeReport r = s.nodes().get(m.name());
            if (r == null || !r.reachable()) {
                unknown.add(m.name());
            } else if (r.status().systemId() == null) {
                empty.add(m.name());
            } else if (r.status().systemId().equals(init)) {
                holders.add(m.name());
            } else {
                foreign.add(m.name() + " (" + r.status().systemId() + ")");
            }
        }
        for (String f : foreign) {
            String name = f.substring(0, f.indexOf(' '));
            out.add(Finding.of(Severity.CRITICAL, name, "its data directory belongs to another cluster: system"
                    + " identifier " + f.substring(f.indexOf('(') + 1, f.length() - 1) + ", etcd's initialize key says "
                    + init + "; its agent refuses to touch it", "move " + name + "'s data directory aside (or check that"
                    + " its configuration names the right scope), then start its agent again"));
        }
        if (!holders.isEmpty() || !unknown.isEmpty()) {
            if (holders.isEmpty()) {
                out.add(Finding.of(Severity.WARNING, "initialize key", "no member that answers has the cluster's data"
                        + " (system identifier " + init + "); " + Words.names(unknown) + " did not answer",
                        "check " + Words.names(unknown) + ": if none of them has the data, the initialize key is stale"
                                + " (see 'pgward why' once they answer)"));
            }
            return holders.isEmpty();
        }
        out.add(Finding.of(Severity.CRITICAL, "initialize key", "stale initialize key: etcd says the cluster's data has"
                + " system identifier " + init + ", but no member has it (no data: " + Words.names(empty)
                + (foreign.isEmpty() ? "" : "; other data: " + String.join(", ", foreign)) + "); the members without"
                + " data wait for a leader to clone from, and none will come", "if a node with that data exists, start"
                + " its agent; if the data is lost, delete the cluster's keys with 'pgward remove " + s.scope() + "'"
                + " and start the agents so that one bootstraps a new cluster (or restore a backup into one node's"
                + " data directory first)").withEvidence(evidence(s)));
        return true;
    }

    /** Members that could take the key, and what blocks each of the others. */
    private static void candidates(WhySnapshot s, List<Finding> out) {
        ClusterView c = s.cluster();
        List<Candidate> all = c.members().stream().map(m -> Candidate.judge(s, m)).toList();
        List<Candidate> eligible = all.stream().filter(Candidate::eligible).toList();
        for (Candidate k : all) {
            if (!k.eligible()) {
                out.add(Finding.of(Severity.WARNING, k.member().name(), k.blocker(), k.nextStep())
                        .withEvidence(Words.lastDecision(s.nodes().get(k.member().name()), s.now())));
            }
        }
        if (!eligible.isEmpty()) {
            List<String> names = eligible.stream().map(k -> k.member().name()).toList();
            out.add(Finding.of(Severity.WARNING, "cluster", "there is no leader; " + Words.names(names)
                    + (names.size() == 1 ? " may" : " may each") + " take the leader key, which normally happens within"
                    + " one loop_wait (" + c.config().loopWait() + "s)", "if no leader appears, read the decisions"
                    + " below: each racer says why it does not take the key").withEvidence(String.join("\n",
                    eligible.stream().map(k -> Words.lastDecision(s.nodes().get(k.member().name()), s.now()))
                            .filter(d -> d != null).toList())));
            return;
        }
        out.add(Finding.of(Severity.CRITICAL, "cluster", "there is no leader and no member may take over: "
                + String.join("; ", all.stream().map(Candidate::blocker).toList()), forcedWay(all)));
    }

    /** The least bad manual way out when every member is blocked. */
    private static String forcedWay(List<Candidate> all) {
        Optional<Candidate> lagging = all.stream().filter(k -> k.lag() > 0).min(java.util.Comparator.comparingLong(Candidate::lag));
        if (lagging.isPresent()) {
            return lagging.get().nextStep();
        }
        Optional<Candidate> tagged = all.stream().filter(k -> k.member().nofailover() && k.member().isRunning()).findFirst();
        if (tagged.isPresent()) {
            return tagged.get().nextStep();
        }
        return "start the members' PostgreSQL or agents (see each member's finding); a member that runs again joins"
                + " the race by itself";
    }

    private static String evidence(WhySnapshot s) {
        List<String> lines = new ArrayList<>();
        for (Member m : s.cluster().members()) {
            String d = Words.lastDecision(s.nodes().get(m.name()), s.now());
            if (d != null) {
                lines.add(d);
            }
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }
}
