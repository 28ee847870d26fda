package io.pgward.cli;

import io.pgward.Version;
import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code pgward version}: this program's version and, given a cluster, each member's (from its key in etcd). */
@Command(name = "version", description = "Print pgward's version, and each member's when a cluster is given.")
final class VersionCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    ClusterOptions cluster;

    @Parameters(paramLabel = "MEMBER", arity = "0..*", description = "only these members")
    List<String> names;

    @Override
    public Integer call() {
        System.out.println("pgward version " + Version.get());
        ClusterOptions located = cluster.effective();
        if (located.config.file == null && located.dcsUrl == null) {
            return 0;
        }
        try (EtcdDcs dcs = cluster.dcs()) {
            ClusterView view = cluster.requireCluster(dcs);
            Map<String, Map<String, Object>> raw = RawMembers.read(dcs, cluster.keyPrefix());
            for (Member m : Members.select(view, cluster.scope(), names, Members.Role.ANY)) {
                System.out.println(line(m.name(), raw.getOrDefault(m.name(), Map.of())));
            }
        }
        return 0;
    }

    /** {@code name: version} from the member JSON (Patroni members publish theirs too). */
    static String line(String name, Map<String, Object> member) {
        Object v = member.get("version");
        return name + ": " + (v == null ? "version unknown" : v);
    }
}
