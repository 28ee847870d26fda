package io.pgward.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code pgward demote-cluster}: a primary cluster becomes a standby cluster of another (Patroni 4's verb). */
@Command(name = "demote-cluster", description = "Demote the cluster to a standby cluster: set standby_cluster in the"
        + " dynamic configuration, so that the leader stops as primary and follows the remote primary as standby"
        + " leader (rewinding if needed); the replicas follow it.")
final class DemoteClusterCommand implements Callable<Integer> {

    @Mixin
    RoleChangeOptions options;

    @Option(names = "--host", description = "address of the remote primary")
    String host;

    @Option(names = "--port", description = "port of the remote primary")
    Integer port;

    @Option(names = "--restore-command", description = "command to restore WAL of the remote primary from its archive")
    String restoreCommand;

    @Option(names = "--primary-slot-name", description = "replication slot on the remote primary to stream through")
    String primarySlotName;

    @Option(names = "--timeout", defaultValue = "180", paramLabel = "SECONDS",
            description = "how long to wait for the leader to run as standby leader (default ${DEFAULT-VALUE})")
    long timeout;

    @Override
    public Integer call() throws InterruptedException {
        if (host == null && port == null && restoreCommand == null) {
            throw new Refused("demote-cluster needs --host (and --port) of the remote primary, or --restore-command");
        }
        return ClusterRoleChange.run(options, section(), Duration.ofSeconds(timeout));
    }

    Map<String, Object> section() {
        Map<String, Object> s = new LinkedHashMap<>();
        putIfSet(s, "host", host);
        putIfSet(s, "port", port);
        putIfSet(s, "primary_slot_name", primarySlotName);
        putIfSet(s, "restore_command", restoreCommand);
        return s;
    }

    private static void putIfSet(Map<String, Object> s, String key, Object value) {
        if (value != null) {
            s.put(key, value);
        }
    }
}
