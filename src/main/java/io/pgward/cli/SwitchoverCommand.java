package io.pgward.cli;

import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code pgward switchover}: the leader hands over to a replica; {@code POST /switchover} on the leader. */
@Command(name = "switchover", description = "Hand the leader role to a replica, gracefully (POST /switchover).")
final class SwitchoverCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Mixin
    RestOptions rest;

    @Option(names = {"--leader", "--primary", "--master"}, paramLabel = "NAME",
            description = "the current leader (default: whoever holds the leader key)")
    String leader;

    @Option(names = "--candidate", paramLabel = "NAME",
            description = "the member to take over (default: asked; with --force the healthiest replica)")
    String candidate;

    @Option(names = "--scheduled", paramLabel = "TIME",
            description = "ISO 8601 time (local time zone unless given), or 'now' (default)")
    String scheduled;

    @Option(names = "--force", description = "do not ask for confirmation")
    boolean force;

    /** What will be asked of the leader. {@code candidate} null lets the leader pick the healthiest replica. */
    record Plan(Member leader, String candidate, String scheduledAt) {
        Map<String, Object> body() {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("leader", leader.name());
            if (candidate != null) {
                b.put("candidate", candidate);
            }
            if (scheduledAt != null) {
                b.put("scheduled_at", scheduledAt);
            }
            return b;
        }
    }

    @Override
    public Integer call() {
        try (EtcdDcs dcs = cluster.dcs()) {
            ClusterView view = cluster.requireCluster(dcs);
            String scope = cluster.scope();
            RestClient client = rest.client(cluster);
            Prompt prompt = Prompt.stdin();
            if (!force) {
                System.out.print(ListCommand.render(scope, view));
            }
            Plan plan = plan(view, scope, leader, candidate, scheduled, force, prompt, Clock.systemDefaultZone());
            if (!force) {
                prompt.confirmOrAbort("Are you sure you want to switchover cluster " + scope
                        + ", demoting current leader " + plan.leader().name()
                        + (plan.scheduledAt() == null ? "" : " at " + plan.scheduledAt()) + "?");
            }
            RestClient.Response r = client.call("POST", plan.leader(), "/switchover", plan.body(),
                    timeout(view));
            boolean ok = r.ok();
            if (ok) {
                System.out.println(r.message().isEmpty() ? "Switchover requested" : r.message());
            } else {
                System.out.println("Switchover failed: " + r.describe());
            }
            System.out.print(ListCommand.render(scope, dcs.read()));
            return ok ? 0 : 1;
        }
    }

    /** The leader polls up to 2 * max(10, loop_wait) seconds for the new leader before it answers. */
    static Duration timeout(ClusterView view) {
        return Duration.ofSeconds(30 + 2L * Math.max(10, view.config().loopWait()));
    }

    /**
     * Checks the request against the cluster, asking for the candidate when none was given and not forced.
     *
     * @throws Refused when the cluster cannot switch over as asked (no leader, wrong leader, no candidate...)
     */
    static Plan plan(ClusterView view, String scope, String leaderName, String candidateName, String scheduled,
                     boolean force, Prompt prompt, Clock clock) {
        Member current = view.leaderMember().orElseThrow(() -> new Refused("cluster " + scope
                + " has no leader, so there is nobody to switch over from; use 'pgward failover --candidate NAME'"));
        if (leaderName != null && !leaderName.equals(current.name())) {
            throw new Refused("member " + leaderName + " is not the leader of cluster " + scope + " (the leader is "
                    + current.name() + "); name the current leader or leave --leader out");
        }
        String at = Schedule.parse(scheduled, clock);
        boolean paused = view.config().pause();
        if (paused && at != null) {
            throw new Refused("cluster " + scope + " is paused (maintenance mode): a switchover cannot be scheduled;"
                    + " resume it first or switch over now");
        }
        List<Member> eligible = Members.candidates(view);
        String candidate = candidateName;
        if (candidate == null && !force) {
            if (eligible.isEmpty()) {
                throw new Refused("cluster " + scope + " has no member that could take over (a running replica"
                        + " without the nofailover tag)");
            }
            List<String> names = eligible.stream().map(Member::name).toList();
            prompt.say("Candidates: " + String.join(", ", names));
            candidate = prompt.ask("Candidate " + names + (paused ? "" : " (empty: the healthiest)"), "");
            if (candidate.isEmpty()) {
                candidate = null;
            }
        }
        if (candidate == null && paused) {
            throw new Refused("cluster " + scope + " is paused (maintenance mode): a switchover needs --candidate");
        }
        if (candidate != null) {
            String c = candidate;
            Member m = view.member(c).orElseThrow(() -> Members.unknown(view, scope, c));
            if (m.name().equals(current.name())) {
                throw new Refused("member " + c + " is already the leader of cluster " + scope
                        + "; choose a replica as --candidate");
            }
            if (m.nofailover()) {
                throw new Refused("member " + c + " has the nofailover tag (or failover_priority 0) and cannot"
                        + " become leader; choose another candidate");
            }
        } else if (eligible.isEmpty()) {
            throw new Refused("cluster " + scope + " has no member that could take over (a running replica"
                    + " without the nofailover tag)");
        }
        return new Plan(current, candidate, at);
    }
}
