package io.pgward.ha;

import io.pgward.config.StandbyCluster;
import io.pgward.ha.Action.CheckDivergence;
import io.pgward.ha.Action.ClearFailover;
import io.pgward.ha.Action.Demote;
import io.pgward.ha.Action.DemoteMode;
import io.pgward.ha.Action.Follow;
import io.pgward.ha.Action.LeadAsStandbyLeader;
import io.pgward.ha.Action.StartReplica;

import java.time.Duration;

/**
 * What the holder of the leader key does in a standby cluster (standby_cluster in the dynamic configuration), as
 * Patroni's standby leader: its PostgreSQL stays in recovery and follows the remote primary, never promotes; a
 * primary that finds the section set (demote-cluster) steps down to follow the remote. Pure.
 */
final class StandbyLeaderRules {

    private StandbyLeaderRules() {}

    /** This node holds the leader key of a standby cluster and its PostgreSQL runs (or starts). */
    static Action lead(Observation o, StandbyCluster standby) {
        LocalState local = o.local();
        String remote = standby.upstreamName();
        if (!local.inRecovery()) {
            return new Demote(DemoteMode.DEMOTE_CLUSTER, "standby_cluster is set (demote-cluster): stepping down"
                    + " from primary to standby leader following " + remoteText(standby));
        }
        if (o.cluster().failover() != null) {
            return new ClearFailover("a switchover or failover inside a standby cluster is not supported by pgward:"
                    + " dropping the request (stop the standby leader's agent to move the role)");
        }
        if (!remote.equals(local.upstream())) {
            String was = local.upstream() == null ? "" : " (was " + local.upstream() + ")";
            return new Follow(remote, remote, "I hold the leader key of a standby cluster: following "
                    + remoteText(standby) + " as its standby leader" + was);
        }
        Duration notStreaming = o.notStreamingSince() == null ? Duration.ZERO
                : Duration.between(o.notStreamingSince(), o.now());
        if (standby.streams() && !local.streaming()
                && notStreaming.compareTo(Decider.divergenceCheckAfter(o.cluster())) >= 0) {
            return new CheckDivergence(remote, "not streaming from " + remoteText(standby) + " for "
                    + notStreaming.toSeconds() + "s: checking whether my WAL diverged from its timeline");
        }
        return new LeadAsStandbyLeader("no action: I am the standby leader with the lock, following "
                + remoteText(standby) + (local.streaming() || !standby.streams() ? "" : " (not streaming yet)"));
    }

    /** PostgreSQL of the standby leader is down: start it in recovery, following the remote primary. */
    static Action start(StandbyCluster standby) {
        String remote = standby.upstreamName();
        return new StartReplica(remote, remote, "PostgreSQL is down and I am the standby leader: starting it as a"
                + " standby of " + remoteText(standby));
    }

    static String remoteText(StandbyCluster standby) {
        return standby.streams() ? "the remote primary " + remote(standby) : "the archive (restore_command)";
    }

    private static String remote(StandbyCluster standby) {
        return standby.upstreamName().substring(StandbyCluster.REMOTE_PREFIX.length());
    }
}
