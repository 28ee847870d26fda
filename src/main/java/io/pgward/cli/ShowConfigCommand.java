package io.pgward.cli;

import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code pgward show-config}: the dynamic configuration ({@code /config} in etcd) as YAML. */
@Command(name = "show-config", description = "Print the cluster-wide configuration (/config in etcd) as YAML.")
final class ShowConfigCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        try (EtcdDcs dcs = cluster.dcs()) {
            ClusterView view = cluster.requireCluster(dcs);
            if (!view.configPresent()) {
                throw new Refused("cluster " + cluster.scope() + " has no configuration in etcd yet (its leader"
                        + " writes it after bootstrap)");
            }
            System.out.print(YamlText.dump(ConfigEdit.copy(view.config().raw())));
            return 0;
        }
    }
}
