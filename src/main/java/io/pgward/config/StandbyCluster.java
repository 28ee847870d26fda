package io.pgward.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The dynamic configuration's {@code standby_cluster}: this whole cluster replicates from another one. Its leader is
 * a standby leader that streams from {@code host:port} (and/or restores with {@code restore_command}) and never
 * promotes; the other members cascade from it. As in Patroni, the section counts only when it names a host, a port
 * or a restore_command.
 *
 * @param host                   the remote primary's address, null when not set
 * @param port                   its port, 0 when not set (then 5432)
 * @param primarySlotName        the replication slot on the remote to stream through, null for none
 * @param createReplicaMethods   how the standby leader creates its data from the remote (default basebackup)
 * @param restoreCommand         restore_command of the standby cluster's members, null when not set
 * @param archiveCleanupCommand  archive_cleanup_command, null when not set
 * @param recoveryMinApplyDelay  recovery_min_apply_delay of the standby leader, null when not set
 */
public record StandbyCluster(String host, int port, String primarySlotName, List<String> createReplicaMethods,
                             String restoreCommand, String archiveCleanupCommand, String recoveryMinApplyDelay) {

    /** The upstream name a standby leader records for the remote primary (never a member's name: it has a space). */
    public static final String REMOTE_PREFIX = "remote ";

    public StandbyCluster {
        createReplicaMethods = createReplicaMethods == null || createReplicaMethods.isEmpty()
                ? List.of(ReplicaMethod.BASEBACKUP) : List.copyOf(createReplicaMethods);
    }

    /** The section as read from etcd (leniently, as Patroni reads it); null when it does not make a standby cluster. */
    static StandbyCluster fromMap(Object section) {
        if (!(section instanceof Map<?, ?> m)) {
            return null;
        }
        String host = text(m.get("host"));
        int port = PlainValues.parseLong(m.get("port")).filter(p -> p > 0 && p < 65536).map(Long::intValue).orElse(0);
        String restore = text(m.get("restore_command"));
        if (host == null && port == 0 && restore == null) {
            return null;
        }
        List<String> methods = new ArrayList<>();
        if (m.get("create_replica_methods") instanceof List<?> list) {
            list.stream().map(StandbyCluster::text).filter(java.util.Objects::nonNull).forEach(methods::add);
        }
        return new StandbyCluster(host, port, text(m.get("primary_slot_name")), methods, restore,
                text(m.get("archive_cleanup_command")), text(m.get("recovery_min_apply_delay")));
    }

    /** Streams from a remote primary (else it only restores from the archive). */
    public boolean streams() {
        return host != null || port != 0;
    }

    public int portOrDefault() {
        return port == 0 ? 5432 : port;
    }

    /** What the standby leader follows, e.g. "remote 10.0.0.5:5432", or "remote archive" with restore_command only. */
    public String upstreamName() {
        return REMOTE_PREFIX + (streams() ? (host == null ? "localhost" : host) + ":" + portOrDefault() : "archive");
    }

    public static boolean isRemote(String upstreamName) {
        return upstreamName != null && upstreamName.startsWith(REMOTE_PREFIX);
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        String s = String.valueOf(value).strip();
        return s.isEmpty() ? null : s;
    }
}
