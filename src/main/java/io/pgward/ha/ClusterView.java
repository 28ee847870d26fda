package io.pgward.ha;

import io.pgward.config.DynamicConfig;

import java.util.List;
import java.util.Optional;

/**
 * One consistent snapshot of the cluster's keys in etcd.
 *
 * @param leader          holder of the leader key, null when the cluster is unlocked
 * @param initialize      value of the {@code initialize} key: null when absent, "" while a bootstrap is running,
 *                        else the PostgreSQL system identifier
 * @param config          the dynamic configuration ({@code config} key), defaults when absent
 * @param configPresent   whether the {@code config} key exists
 * @param configRevision  mod revision of the {@code config} key (0 when absent) for compare-and-swap
 * @param failover        a pending switchover/failover request, null when none
 * @param statusOptime    last WAL position the leader published in {@code status}, 0 when unknown
 * @param history         the timeline history as published in {@code history}
 * @param sync            the {@code sync} key ({@link SyncState#EMPTY} when absent)
 * @param restore         pgward's {@code restore} key (an in-place restore of the cluster), null when absent
 * @param failsafe        the {@code failsafe} key: the failsafe topology (member name to REST API URL) the leader
 *                        wrote under failsafe_mode; empty when absent
 */
public record ClusterView(String leader, String initialize, List<Member> members, DynamicConfig config,
                          boolean configPresent, long configRevision, FailoverRequest failover, long statusOptime,
                          List<HistoryEntry> history, SyncState sync, RestoreRequest restore,
                          java.util.Map<String, String> failsafe) {

    public ClusterView {
        failsafe = failsafe == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(failsafe));
    }

    public ClusterView(String leader, String initialize, List<Member> members, DynamicConfig config,
                       boolean configPresent, long configRevision, FailoverRequest failover, long statusOptime,
                       List<HistoryEntry> history, SyncState sync, RestoreRequest restore) {
        this(leader, initialize, members, config, configPresent, configRevision, failover, statusOptime, history, sync,
                restore, null);
    }

    public ClusterView(String leader, String initialize, List<Member> members, DynamicConfig config,
                       boolean configPresent, long configRevision, FailoverRequest failover, long statusOptime,
                       List<HistoryEntry> history, SyncState sync) {
        this(leader, initialize, members, config, configPresent, configRevision, failover, statusOptime, history, sync,
                null);
    }

    public boolean hasLeader() {
        return leader != null;
    }

    public boolean isLeader(String name) {
        return name.equals(leader);
    }

    public Optional<Member> member(String name) {
        return members.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The member whose conn_url names {@code hostPort} ("host:port", as a WAL receiver reports its sender). */
    public Optional<Member> memberAt(String hostPort) {
        if (hostPort == null) {
            return Optional.empty();
        }
        return members.stream().filter(m -> m.connUrl() != null).filter(m -> {
            java.net.URI u = java.net.URI.create(m.connUrl());
            return hostPort.equals(u.getHost() + ":" + (u.getPort() < 0 ? 5432 : u.getPort()));
        }).findFirst();
    }

    public Optional<Member> leaderMember() {
        return leader == null ? Optional.empty() : member(leader);
    }

    /**
     * One leader running as primary (as standby leader in a standby cluster), at least {@code members} members, every
     * other one running and streaming.
     */
    public boolean isHealthy(long members) {
        if (!hasLeader() || this.members.size() < members) {
            return false;
        }
        boolean standby = config.standbyCluster() != null;
        for (Member m : this.members) {
            boolean ok = isLeader(m.name()) ? m.isRunning() && (standby ? Roles.STANDBY_LEADER.equals(m.role())
                    : m.isPrimaryRole())
                    : m.isRunning() && "streaming".equals(m.replicationState());
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The server whose timeline the members must not diverge from: in a standby cluster the remote primary (its
     * {@link io.pgward.config.StandbyCluster#upstreamName()}), else the leader.
     */
    public String timelineSource() {
        var standby = config.standbyCluster();
        return standby != null ? standby.upstreamName() : leader;
    }

    /** Timeline of the cluster according to the history key (last entry's timeline + 1), or 0 if unknown. */
    public int historyTimeline() {
        return history.isEmpty() ? 0 : history.get(history.size() - 1).timeline() + 1;
    }
}
