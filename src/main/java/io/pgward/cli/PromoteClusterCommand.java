package io.pgward.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code pgward promote-cluster}: a standby cluster becomes a primary cluster (Patroni 4's verb). */
@Command(name = "promote-cluster", description = "Promote a standby cluster: remove standby_cluster from the dynamic"
        + " configuration, so that the standby leader promotes and the replicas follow it on the new timeline.")
final class PromoteClusterCommand implements Callable<Integer> {

    @Mixin
    RoleChangeOptions options;

    @Option(names = "--timeout", defaultValue = "120", paramLabel = "SECONDS",
            description = "how long to wait for the leader to run as primary (default ${DEFAULT-VALUE})")
    long timeout;

    @Override
    public Integer call() throws InterruptedException {
        return ClusterRoleChange.run(options, null, Duration.ofSeconds(timeout));
    }
}
