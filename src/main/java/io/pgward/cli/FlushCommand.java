package io.pgward.cli;

import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code pgward flush restart|switchover}: drop scheduled restarts ({@code DELETE /restart}) or a scheduled switchover. */
@Command(name = "flush", description = "Discard scheduled restarts (DELETE /restart) or a scheduled switchover"
        + " (DELETE /switchover).")
final class FlushCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Mixin
    RestOptions rest;

    @Parameters(index = "0", paramLabel = "restart|switchover", description = "what to discard")
    String target;

    @Parameters(index = "1..*", paramLabel = "MEMBER", arity = "0..*",
            description = "for restart: members whose scheduled restart to drop (default: all)")
    List<String> names;

    @Option(names = "--role", defaultValue = "any", converter = Members.RoleConverter.class,
            description = "for restart: only members with this role (primary, replica, leader, any)")
    Members.Role role;

    @Override
    public Integer call() {
        if (!target.equals("restart") && !target.equals("switchover")) {
            throw new Refused("flush what? '" + target + "': use restart or switchover");
        }
        try (EtcdDcs dcs = cluster.dcs()) {
            ClusterView view = cluster.requireCluster(dcs);
            String scope = cluster.scope();
            RestClient client = rest.client(cluster);
            if (target.equals("switchover")) {
                if (view.failover() == null || view.failover().scheduledAt() == null) {
                    System.out.println("No pending scheduled switchover");
                    return 0;
                }
                Member leader = view.member(view.leader()).orElseThrow(() -> new Refused("cluster " + scope
                        + " has no leader to ask; the scheduled switchover stays"));
                return Report.eachMember(System.out, "flush scheduled switchover", List.of(leader),
                        m -> client.call("DELETE", m, "/switchover", null));
            }
            List<Member> members = Members.select(view, scope, names, role);
            if (members.isEmpty()) {
                throw new Refused("no member of cluster " + scope + " matches (role " + role.label()
                        + (names == null || names.isEmpty() ? "" : ", names " + names) + ")");
            }
            return Report.eachMember(System.out, "flush scheduled restart", members, m -> {
                RestClient.Response r = client.call("DELETE", m, "/restart", null);
                if (r.status() == 404) {
                    System.out.println("No scheduled restart for member " + m.name());
                    return null;
                }
                return r;
            });
        }
    }
}
