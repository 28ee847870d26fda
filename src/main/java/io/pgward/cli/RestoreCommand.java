package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.backup.RestoreCheck;
import io.pgward.backup.RestoreTarget;
import io.pgward.config.BackupConfig;
import io.pgward.dcs.WireFormat;
import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;
import io.pgward.ha.RestoreRequest;
import io.pgward.ha.RestoreRequest.State;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code pgward restore --to X}: checks the target against the repository (asked of the leader) before anything
 * stops, then asks the agents, through the {@code restore} key, to rebuild the cluster in place: every node stops,
 * one node restores and recovers to the target on a new timeline and leads, the others clone from it. Waits and
 * reports until the cluster is healthy again. {@code --dry-run} only checks and prints the plan; {@code --cancel}
 * drops a failed request.
 */
@Command(name = "restore", description = "Restore the whole cluster in place to a point of its archive (a time, an LSN,"
        + " a backup or the end): every node stops, one restores and leads, the others clone from it.")
final class RestoreCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Mixin
    RestOptions rest;

    @Option(names = "--to", paramLabel = "TARGET",
            description = "latest, a backup label, an LSN (0/5000100) or a time with its zone (2026-12-03T10:15:00Z)")
    String to;

    @Option(names = "--timeline", paramLabel = "N",
            description = "recover along this timeline (recovery_target_timeline); default: the newest in the archive")
    Integer timeline;

    @Option(names = "--node", paramLabel = "MEMBER",
            description = "the member that restores and leads (default: the leader, else the first member that may)")
    String node;

    @Option(names = "--dry-run", description = "check the target and print the plan; change nothing")
    boolean dryRun;

    @Option(names = "--force", description = "do not ask for confirmation; with --cancel, cancel a running restore")
    boolean force;

    @Option(names = "--cancel", description = "drop a failed restore request: the nodes start again with the data they have")
    boolean cancel;

    @Option(names = "--no-wait", description = "return once the request is written")
    boolean noWait;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "how long to wait for the restored cluster (default: 3600)")
    long timeoutSeconds = 3600;

    @Override
    public Integer call() throws InterruptedException {
        try (EtcdDcs dcs = cluster.dcs()) {
            ClusterView view = cluster.requireCluster(dcs);
            if (cancel) {
                return cancel(dcs, view);
            }
            if (to == null) {
                throw new Refused("--to is required: latest, a backup label, an LSN or a time with its zone");
            }
            RestoreTarget target = RestoreTarget.parse(to);
            RestoreRequest running = view.restore();
            if (running != null && running.requested() && !dryRun) {
                throw new Refused("a restore to " + running.target() + " is already in progress on " + running.node()
                        + ": wait for it, or cancel it first if it is stuck (pgward restore --cancel --force)");
            }
            RestoreCheck.Plan plan = check(view, target);
            String chosen = chooseNode(view, node);
            if (dryRun) {
                System.out.print(render(plan, chosen));
                return 0;
            }
            if (!force) {
                Prompt prompt = Prompt.stdin();
                prompt.say(render(plan, chosen));
                prompt.confirmOrAbort("Stop PostgreSQL on every member of " + cluster.scope() + " and replace its data"
                        + " with the restore to " + plan.description() + "?");
            }
            RestoreRequest request = new RestoreRequest("r-" + System.currentTimeMillis(), chosen, plan.description(),
                    plan.recoveryConf(), plan.backupSet(), State.REQUESTED, null, 0);
            if (!dcs.writeRestore(WireFormat.restoreJson(request), running == null ? 0 : running.revision())) {
                throw new Refused("the restore key changed while this command ran (another restore?): nothing was"
                        + " requested; look at pgward list and try again");
            }
            System.out.println("Requested the restore to " + plan.description() + ": " + chosen + " restores and"
                    + " leads, the other members clone from it.");
            return noWait ? 0 : await(dcs, request.id(), view.members().size());
        }
    }

    private RestoreCheck.Plan check(ClusterView view, RestoreTarget target) {
        BackupConfig backup = view.config().backup();
        if (backup == null) {
            throw new Refused("the dynamic configuration has no backup section: there is no repository to restore"
                    + " from");
        }
        ClusterCalls.Answer a = ClusterCalls.leaderFirst(rest.client(cluster), view, "GET", "/backup/info", null,
                BackupCommand.timeout());
        if (!a.response().ok()) {
            throw new Refused(a.member().name() + ": " + a.response().message());
        }
        try {
            RestoreCheck.Plan plan = RestoreCheck.check(target, a.response().json(), backup.stanza(), Instant.now());
            return timeline == null ? plan : withTimeline(plan, timeline);
        } catch (PgwardException e) {
            throw new Refused(e.getMessage());
        }
    }

    static RestoreCheck.Plan withTimeline(RestoreCheck.Plan plan, int timeline) {
        if (timeline < 1) {
            throw new Refused("--timeline " + timeline + ": timelines start at 1");
        }
        Map<String, String> conf = new LinkedHashMap<>(plan.recoveryConf());
        conf.put("recovery_target_timeline", String.valueOf(timeline));
        return new RestoreCheck.Plan(conf, plan.backupSet(), plan.description() + " on timeline " + timeline);
    }

    /** The member that restores: the one asked for, else the leader, else the first member that may lead. */
    static String chooseNode(ClusterView view, String asked) {
        if (asked != null) {
            Member m = view.member(asked).orElseThrow(() -> new Refused("--node " + asked + " is not a member of the"
                    + " cluster (members: " + String.join(", ", view.members().stream().map(Member::name).toList()) + ")"));
            if (m.nofailover()) {
                throw new Refused("--node " + asked + " is tagged nofailover: it may not lead the restored cluster");
            }
            return asked;
        }
        if (view.hasLeader()) {
            return view.leader();
        }
        return view.members().stream().filter(m -> !m.nofailover()).map(Member::name).findFirst()
                .orElseThrow(() -> new Refused("no member may lead the restored cluster (none runs an agent, or all"
                        + " are tagged nofailover)"));
    }

    private int cancel(EtcdDcs dcs, ClusterView view) {
        RestoreRequest r = view.restore();
        if (r == null || r.state() == State.DONE) {
            throw new Refused("no restore to cancel" + (r == null ? "" : ": the last one (" + r.target() + ") is done"));
        }
        if (r.requested() && !force) {
            throw new Refused("the restore to " + r.target() + " is in progress on " + r.node() + "; cancelling it now"
                    + " may leave that node's half-restored data beside the others' (--force cancels anyway)");
        }
        if (!dcs.deleteRestore(r.revision())) {
            throw new Refused("the restore key changed meanwhile: look at pgward list and try again");
        }
        System.out.println("Cancelled the restore to " + r.target() + ": the members start again with the data they"
                + " have (a member whose data was moved aside clones from the new leader).");
        return 0;
    }

    private int await(EtcdDcs dcs, String id, int members) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        String last = "";
        while (System.nanoTime() < deadline) {
            ClusterView view = dcs.read();
            RestoreRequest r = view.restore();
            if (r == null || !r.id().equals(id)) {
                throw new Refused("the restore request was cancelled or replaced by another");
            }
            String line = progress(view, r, members);
            if (!line.equals(last)) {
                System.out.println(line);
                last = line;
            }
            if (r.state() == State.FAILED) {
                return 1;
            }
            if (r.state() == State.DONE && view.isHealthy(members)) {
                System.out.println("Take a full backup of the restored cluster: pgward backup --type full");
                return 0;
            }
            Thread.sleep(1000);
        }
        throw new Refused("the cluster was not healthy again within " + timeoutSeconds + "s; pgward list and pgward"
                + " why say where it stands (the restore goes on)");
    }

    /** One line on where the restore stands, as the operator reads it. */
    static String progress(ClusterView view, RestoreRequest r, int members) {
        return switch (r.state()) {
            case FAILED -> "Failed on " + r.node() + ": " + r.detail() + ". Fix the cause and run pgward restore again,"
                    + " or pgward restore --cancel to start the members with the data they have.";
            case DONE -> {
                long streaming = view.members().stream().filter(m -> !view.isLeader(m.name())
                        && "streaming".equals(m.replicationState())).count();
                yield view.isHealthy(members)
                        ? "Done: " + view.leader() + " leads the restored cluster and " + streaming + " replica(s) stream from it."
                        : "Restored on " + r.node() + "; the other members clone from it (" + streaming + " of "
                        + (members - 1) + " streaming).";
            }
            case REQUESTED -> view.hasLeader() && !view.isLeader(r.node())
                    ? "Waiting for " + view.leader() + " to stop and release the leader key."
                    : view.member(r.node()).map(m -> "restoring".equals(m.state()))
                    .orElse(false) ? r.node() + " is restoring the repository and recovering to " + r.target() + "."
                    : "Stopping the members' PostgreSQL.";
        };
    }

    /** The plan as the operator reads it before confirming (and with --dry-run). */
    static String render(RestoreCheck.Plan plan, String node) {
        StringBuilder b = new StringBuilder("Restore to ").append(plan.description()).append(": possible.\n");
        if (plan.backupSet() != null) {
            b.append("From backup ").append(plan.backupSet()).append(".\n");
        }
        if (!plan.recoveryConf().isEmpty()) {
            b.append("Recovery settings:");
            plan.recoveryConf().forEach((k, v) -> b.append(' ').append(k).append("='").append(v).append('\''));
            b.append('\n');
        }
        b.append("Plan: every member stops PostgreSQL (the leader archives its last WAL first); ").append(node)
                .append(" moves its data aside, restores and recovers to the target on a new timeline, and leads;")
                .append(" the others move their data aside and clone from it.\n")
                .append("Writes after the target stay in the archive, on the old timeline (pgward restore --to latest")
                .append(" --timeline N brings them back).\n");
        return b.toString();
    }
}
