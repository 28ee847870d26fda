package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.util.concurrent.Callable;

/** {@code pgward dsn}: a libpq connection string for the leader, a replica, or a named member. */
@Command(name = "dsn", description = "Print a libpq connection string (host=... port=...) for a member.")
final class DsnCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @ArgGroup(exclusive = true)
    Target target = new Target();

    /** {@code -r ROLE} or {@code -m MEMBER}, not both. */
    static final class Target {
        @Option(names = {"-r", "--role"}, converter = Members.RoleConverter.class,
                description = "leader (default), primary, standby-leader, replica or any")
        Members.Role role;

        @Option(names = {"-m", "--member"}, paramLabel = "NAME", description = "this member")
        String member;
    }

    @Override
    public Integer call() {
        try (EtcdDcs dcs = cluster.dcs()) {
            ClusterView view = cluster.requireCluster(dcs);
            Member m = choose(view, cluster.scope(), target);
            System.out.println(dsn(m));
            return 0;
        }
    }

    static Member choose(ClusterView view, String scope, Target t) {
        Members.Role role = t.role == null ? Members.Role.LEADER : t.role;
        return Members.pick(view, scope, t.member, role).orElseThrow(() -> new Refused("cluster " + scope
                + " has no " + (role == Members.Role.REPLICA ? "running replica" : role.label())
                + (role == Members.Role.LEADER || role == Members.Role.PRIMARY ? " (the cluster is unlocked)" : "")));
    }

    /** {@code host=H port=P} from the member's conn_url. */
    static String dsn(Member m) {
        HostPort hp = hostPort(m);
        return "host=" + hp.host() + " port=" + hp.port();
    }

    record HostPort(String host, int port) {}

    /** Host (without IPv6 brackets) and port of the member's conn_url; the port defaults to 5432. */
    static HostPort hostPort(Member m) {
        if (m.connUrl() == null) {
            throw new PgwardException(Code.BAD_REQUEST, "member " + m.name() + " publishes no conn_url; is it"
                    + " running?");
        }
        URI u = URI.create(m.connUrl());
        String host = u.getHost();
        if (host == null) {
            throw new PgwardException(Code.BAD_REQUEST, "member " + m.name() + " publishes a conn_url without a host: "
                    + m.connUrl());
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new HostPort(host, u.getPort() > 0 ? u.getPort() : 5432);
    }
}
