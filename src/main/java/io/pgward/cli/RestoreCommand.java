package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.backup.RestoreCheck;
import io.pgward.backup.RestoreTarget;
import io.pgward.config.BackupConfig;
import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code pgward restore --to X}: checks the target against the repository (asked of the leader) and prints the plan:
 * the backup, the recovery settings and the runbook's steps with the bootstrap section to use. It changes nothing;
 * running the steps in place is not automated yet.
 */
@Command(name = "restore", description = "Check a point-in-time restore target against the repository and print the"
        + " restore plan (changes nothing).")
final class RestoreCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Mixin
    RestOptions rest;

    @Option(names = "--to", required = true, paramLabel = "TARGET",
            description = "latest, a backup label, an LSN (0/5000100) or a time with its zone (2026-12-03T10:15:00Z)")
    String to;

    @Override
    public Integer call() {
        RestoreTarget target = RestoreTarget.parse(to);
        try (EtcdDcs dcs = cluster.dcs()) {
            ClusterView view = cluster.requireCluster(dcs);
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
            RestoreCheck.Plan plan;
            try {
                plan = RestoreCheck.check(target, a.response().json(), backup.stanza(), Instant.now());
            } catch (PgwardException e) {
                throw new Refused(e.getMessage());
            }
            System.out.print(render(plan, view.leader()));
            return 0;
        }
    }

    /** The plan as the operator reads it: what is restored, then the steps and the YAML for the first node. */
    static String render(RestoreCheck.Plan plan, String leader) {
        StringBuilder b = new StringBuilder("Restore to ").append(plan.description()).append(": possible.\n\n")
                .append("Bootstrap section for the first node's file (replaces the cluster: see docs/backup.md, section 5):\n\n")
                .append("bootstrap:\n  method: pgbackrest\n  pgbackrest:\n");
        if (plan.recoveryConf().isEmpty()) {
            b.append("    recovery_conf: {}    # recovers to the end of the archive\n");
        } else {
            b.append("    recovery_conf:\n");
            for (Map.Entry<String, String> e : plan.recoveryConf().entrySet()) {
                b.append("      ").append(e.getKey()).append(": '").append(e.getValue()).append("'\n");
            }
        }
        if (plan.backupSet() != null) {
            b.append("    set: ").append(plan.backupSet()).append('\n');
        }
        b.append("\nSteps: stop every agent and its PostgreSQL; move each data directory aside; pgward remove <scope>;"
                + " start the first node (").append(leader == null ? "e.g. the last leader" : leader + ", the leader now")
                .append(") with the section above, then the others; remove the section; take a full backup.\n");
        return b.toString();
    }
}
