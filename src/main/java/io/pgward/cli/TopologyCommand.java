package io.pgward.cli;

import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code pgward topology}: the list as a replication tree, drawn from the upstream each replica's WAL receiver
 * actually streams from (published in its member key), not from {@code replicatefrom} tags.
 */
@Command(name = "topology", description = "Show the members as a replication tree (who streams from whom).")
final class TopologyCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        try (EtcdDcs dcs = cluster.dcs()) {
            System.out.print(render(cluster.scope(), dcs.read()));
        }
        return 0;
    }

    /** One member at its depth in the tree (0: the leader, or a member with no upstream when there is none). */
    record Node(Member member, int depth) {
        /** The name as shown: replicas indented two spaces per level below the first, with {@code + }. */
        String label(boolean hasRoot) {
            int level = hasRoot ? depth - 1 : depth;
            return depth == 0 && hasRoot ? member.name() : "  ".repeat(Math.max(0, level)) + "+ " + member.name();
        }
    }

    static String render(String scope, ClusterView view) {
        List<Node> nodes = order(view);
        List<ListCommand.Row> rows = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Node n : nodes) {
            rows.add(ListCommand.row(scope, view, n.member()));
            names.add(n.label(view.leaderMember().isPresent()));
        }
        return ListCommand.pretty(scope, view, rows, names);
    }

    /**
     * Depth-first order: the leader, then each member under its upstream — the member its WAL receiver streams
     * from when that is another non-leader member, else (not streaming, or from the leader) the leader — siblings by
     * name. Members whose upstreams form a loop (a stale snapshot) are shown under the leader rather than lost.
     */
    static List<Node> order(ClusterView view) {
        Map<String, List<Member>> children = new LinkedHashMap<>();
        String root = view.leaderMember().map(Member::name).orElse(null);
        for (Member m : view.members()) {
            if (m.name().equals(root)) {
                continue;
            }
            children.computeIfAbsent(upstream(view, m, root), k -> new ArrayList<>()).add(m);
        }
        List<Node> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        int base = 0;
        if (root != null) {
            view.leaderMember().ifPresent(l -> out.add(new Node(l, 0)));
            seen.add(root);
            base = 1;
        }
        walk(children, root, base, out, seen);
        for (Member m : view.members()) {        // loops: a -> b -> a never hang from the root
            if (!seen.contains(m.name())) {
                out.add(new Node(m, base));
                seen.add(m.name());
                walk(children, m.name(), base + 1, out, seen);
            }
        }
        return out;
    }

    private static String upstream(ClusterView view, Member m, String root) {
        String s = m.upstream();
        if (s != null && !s.equals(m.name()) && !s.equals(root) && view.member(s).isPresent()) {
            return s;
        }
        return root;
    }

    private static void walk(Map<String, List<Member>> children, String parent, int depth, List<Node> out,
                             Set<String> seen) {
        for (Member m : children.getOrDefault(parent, List.of())) {
            if (seen.add(m.name())) {
                out.add(new Node(m, depth));
                walk(children, m.name(), depth + 1, out, seen);
            }
        }
    }
}
