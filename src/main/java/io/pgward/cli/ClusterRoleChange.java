package io.pgward.cli;

import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;
import io.pgward.ha.Roles;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;

/**
 * What {@code promote-cluster} and {@code demote-cluster} share, as patronictl does them: {@code PATCH /config} of
 * {@code standby_cluster} through the leader, then waiting until the leader runs in the new role.
 */
final class ClusterRoleChange {
    private ClusterRoleChange() {}

    /**
     * @param standby the standby_cluster section to set (demote), or null to remove it (promote)
     * @param timeout how long to wait for the leader to run in its new role
     */
    static int run(RoleChangeOptions options, Map<String, Object> standby, Duration timeout)
            throws InterruptedException {
        ClusterOptions cluster = options.cluster;
        boolean demote = standby != null;
        String verb = demote ? "demote" : "promote";
        String target = demote ? Roles.STANDBY_LEADER : Roles.PRIMARY;
        try (EtcdDcs dcs = cluster.dcs()) {
            ClusterView view = cluster.requireCluster(dcs);
            String scope = cluster.scope();
            Member leader = view.leaderMember().orElseThrow(() ->
                    new Refused("cluster " + scope + " has no leader: " + verb + "-cluster is not possible now"));
            if (target.equals(leader.role()) || !demote && view.config().standbyCluster() == null) {
                throw new Refused("cluster " + scope + " is already " + (demote ? "a standby cluster" : "a primary"
                        + " cluster") + " (leader " + leader.name() + " runs as " + leader.role() + ")");
            }
            System.out.print(ListCommand.render(scope, view));
            if (!options.force) {
                Prompt.stdin().confirmOrAbort("Are you sure you want to " + verb + " cluster " + scope + "?");
            }
            ClusterCalls.Answer a = ClusterCalls.leaderFirst(options.rest.client(cluster), view, "PATCH", "/config",
                    Collections.singletonMap("standby_cluster", standby), RestClient.DEFAULT_TIMEOUT);
            if (!a.response().ok()) {
                System.out.println("Failed: " + verb + "-cluster via member " + a.member().name() + ", "
                        + a.response().describe());
                return 1;
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                ClusterView now = dcs.read();
                Member l = now.leaderMember().orElse(null);
                if (l != null && target.equals(l.role()) && l.isRunning()) {
                    System.out.println("Success: cluster " + scope + " is " + verb + "d: " + l.name() + " runs as "
                            + l.role());
                    return 0;
                }
                Thread.sleep(1000);
            }
            System.out.print(ListCommand.render(scope, dcs.read()));
            System.out.println("The configuration is changed, but the leader does not run as " + target + " after "
                    + timeout.toSeconds() + "s: see 'pgward list' and 'pgward why'");
            return 1;
        }
    }
}
