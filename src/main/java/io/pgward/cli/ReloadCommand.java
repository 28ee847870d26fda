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

/** {@code pgward reload}: members re-read their configuration files ({@code POST /reload}, like SIGHUP). */
@Command(name = "reload", description = "Make members re-read their configuration (POST /reload).")
final class ReloadCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Mixin
    RestOptions rest;

    @Parameters(paramLabel = "MEMBER", arity = "0..*", description = "members to reload (default: all)")
    List<String> names;

    @Option(names = "--role", defaultValue = "any", converter = Members.RoleConverter.class,
            description = "only members with this role: primary, replica, leader, standby-leader, any (default)")
    Members.Role role;

    @Option(names = "--force", description = "do not ask for confirmation")
    boolean force;

    @Override
    public Integer call() {
        try (EtcdDcs dcs = cluster.dcs()) {
            ClusterView view = cluster.requireCluster(dcs);
            String scope = cluster.scope();
            RestClient client = rest.client(cluster);
            List<Member> members = Members.select(view, scope, names, role);
            if (members.isEmpty()) {
                throw new Refused("no member of cluster " + scope + " matches (role " + role.label()
                        + (names == null || names.isEmpty() ? "" : ", names " + names) + ")");
            }
            if (!force) {
                System.out.print(ListCommand.render(scope, view));
                Prompt.stdin().confirmOrAbort("Are you sure you want to reload members "
                        + String.join(", ", members.stream().map(Member::name).toList()) + "?");
            }
            return Report.eachMember(System.out, "reload", members, m -> client.call("POST", m, "/reload", null));
        }
    }
}
