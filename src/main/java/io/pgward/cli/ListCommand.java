package io.pgward.cli;

import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code pgward list}: the members as a table, like {@code patronictl list}. */
@Command(name = "list", description = "Show the cluster's members, roles, states and lag.")
final class ListCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Option(names = {"-W", "--watch"}, description = "refresh every 2 seconds until interrupted")
    boolean watch;

    @Override
    public Integer call() throws Exception {
        try (EtcdDcs dcs = cluster.dcs()) {
            do {
                ClusterView view = dcs.read();
                System.out.print(render(cluster.scope(), view));
                if (watch) {
                    Thread.sleep(2000);
                    System.out.println();
                }
            } while (watch);
        }
        return 0;
    }

    static String render(String scope, ClusterView view) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Member", "Host", "Role", "State", "TL", "Lag in MB"});
        for (Member m : view.members()) {
            boolean leader = view.isLeader(m.name());
            String host = m.connUrl() == null ? "" : URI.create(m.connUrl()).getAuthority();
            String state = m.replicationState() != null && "running".equals(m.state()) ? m.replicationState() : m.state();
            String lag = leader ? "" : m.walPosition() == 0 ? "unknown"
                    : Long.toString(Math.max(0, view.statusOptime() - m.walPosition()) / (1024 * 1024));
            rows.add(new String[] {m.name(), host, leader ? "Leader" : "Replica", state,
                    m.timeline() > 0 ? Integer.toString(m.timeline()) : "", lag});
        }
        StringBuilder out = new StringBuilder();
        String init = view.initialize();
        out.append("Cluster: ").append(scope);
        if (init != null && !init.isEmpty()) {
            out.append(" (").append(init).append(')');
        }
        out.append('\n');
        out.append(Table.render(rows));
        if (view.config().pause()) {
            out.append(" Maintenance mode: on\n");
        }
        if (!view.hasLeader()) {
            out.append(" No leader: the cluster is unlocked\n");
        }
        return out.toString();
    }
}
