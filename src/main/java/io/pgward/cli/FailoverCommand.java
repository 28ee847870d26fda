package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code pgward failover}: make a named member the leader, also when the cluster has none; {@code POST /failover}
 * to the leader, or to the candidate when there is no leader.
 */
@Command(name = "failover", description = "Make a named member the leader, even without a healthy leader"
        + " (POST /failover). May lose data when the candidate lags.")
final class FailoverCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Mixin
    RestOptions rest;

    @Option(names = "--candidate", paramLabel = "NAME", description = "the member to promote (asked when missing)")
    String candidate;

    @Option(names = "--force", description = "do not ask for confirmation")
    boolean force;

    /** The candidate and the member whose REST API receives the request. */
    record Plan(Member candidate, Member target) {
        Map<String, Object> body() {
            return Map.of("candidate", candidate.name());
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
            Plan plan = plan(view, scope, candidate, force, prompt);
            String warning = lagWarning(view, plan.candidate());
            if (force) {
                System.err.println(warning);
            } else {
                prompt.say(warning);
                prompt.confirmOrAbort("Are you sure you want to failover cluster " + scope + " to "
                        + plan.candidate().name()
                        + view.leaderMember().map(l -> ", demoting current leader " + l.name()).orElse("") + "?");
            }
            RestClient.Response r = client.call("POST", plan.target(), "/failover", plan.body(),
                    SwitchoverCommand.timeout(view));
            boolean ok = r.ok();
            System.out.println(ok ? (r.message().isEmpty() ? "Failover requested" : r.message())
                    : "Failover failed: " + r.describe());
            System.out.print(ListCommand.render(scope, dcs.read()));
            return ok ? 0 : 1;
        }
    }

    static Plan plan(ClusterView view, String scope, String candidateName, boolean force, Prompt prompt) {
        String name = candidateName;
        if (name == null) {
            if (force) {
                throw new PgwardException(Code.BAD_REQUEST, "a failover needs --candidate NAME (a switchover without"
                        + " a candidate lets the leader choose: 'pgward switchover')");
            }
            List<String> eligible = Members.candidates(view).stream().map(Member::name).toList();
            if (eligible.isEmpty()) {
                throw new Refused("cluster " + scope + " has no member that could take over (a running member,"
                        + " not the leader, without the nofailover tag)");
            }
            prompt.say("Candidates: " + String.join(", ", eligible));
            name = prompt.ask("Candidate " + eligible, eligible.size() == 1 ? eligible.get(0) : "");
            if (name.isEmpty()) {
                throw new Refused("no candidate given: a failover needs one");
            }
        }
        String n = name;
        Member c = view.member(n).orElseThrow(() -> Members.unknown(view, scope, n));
        if (view.isLeader(n)) {
            throw new Refused("member " + n + " is already the leader of cluster " + scope);
        }
        if (c.nofailover()) {
            throw new Refused("member " + n + " has the nofailover tag (or failover_priority 0) and cannot become"
                    + " leader; choose another candidate");
        }
        var sync = view.sync();
        if (view.config().synchronous() && sync.leader() != null && !sync.allowsPromotionOf(n) && !force) {
            throw new Refused("member " + n + " is not a synchronous standby (synchronous_mode is on; the sync key lists "
                    + (sync.standbys().isEmpty() ? "none" : String.join(", ", sync.standbys())) + "): commits that were"
                    + " acknowledged once a synchronous standby had them, but that " + n + " never received, would be"
                    + " lost. " + lagWarning(view, c) + " Repeat with --force to accept that");
        }
        return new Plan(c, view.leaderMember().orElse(c));
    }

    /** How much the candidate lags, in words, with what a failover to a lagging replica costs. */
    static String lagWarning(ClusterView view, Member candidate) {
        ListCommand.Row row = ListCommand.row("", view, candidate);
        String lag = row.lagMb() == null || row.lagMb() < 0 ? "an unknown amount" : row.lagMb() + " MB";
        return "Warning: a failover promotes " + candidate.name() + " as it is: transactions it has not received are"
                + " lost. It is " + lag + " behind the leader's last known WAL position"
                + (view.hasLeader() ? "; with a healthy leader 'pgward switchover' is the safe way." : ".");
    }
}
