package io.pgward.ha;

import java.time.Instant;
import java.util.List;

/**
 * Everything {@link Decider#decide} may look at: one snapshot, taken at the start of a cycle.
 *
 * @param cluster       the etcd snapshot; null when etcd could not be read
 * @param leaseRenewed  when {@code cluster} names this node as leader: whether the lease was renewed this cycle
 * @param task          the long action running or last finished; null when none ever ran
 * @param peers         peers' answers, probed only when the cluster has no leader (else empty)
 * @param canBootstrap  this node's configuration allows it to bootstrap a new cluster
 * @param now           wall-clock time of the observation (scheduled switchovers, back-off)
 * @param noRaceUntil   after pre_promote refused a promotion: no racing for the leader key before then; else null
 * @param notStreamingSince a running replica whose WAL receiver does not stream: since when it has been so; else null
 * @param failoverSince since when this node has seen the cluster's current failover/switchover request; else null
 * @param pausedWhenLastSeen the cluster was paused in the last snapshot this agent read: what counts while etcd
 *                      cannot be read (a paused cluster is left as it is, as Patroni does)
 * @param restoreMark   what this node did for an in-place restore (recorded next to the data directory until the
 *                      node has rejoined the restored cluster); null when nothing
 * @param failsafe      this primary's POST /failsafe round of this cycle (etcd unreachable, failsafe_mode); null
 *                      when none was made
 * @param failsafeLeader a member that, running as primary, called this node's POST /failsafe within ttl: the cluster
 *                      has a primary even though its leader key expired; null when none
 */
public record Observation(String me, ClusterView cluster, boolean leaseRenewed, LocalState local, TaskState task,
                          List<PeerStatus> peers, boolean nofailover, int failoverPriority, boolean canBootstrap,
                          Instant now, Instant noRaceUntil, Instant notStreamingSince, Instant failoverSince,
                          boolean pausedWhenLastSeen, RestoreMark restoreMark,
                          FailsafeCheck failsafe, String failsafeLeader) {

    public Observation(String me, ClusterView cluster, boolean leaseRenewed, LocalState local, TaskState task,
                       List<PeerStatus> peers, boolean nofailover, int failoverPriority, boolean canBootstrap,
                       Instant now) {
        this(me, cluster, leaseRenewed, local, task, peers, nofailover, failoverPriority, canBootstrap, now, null, null,
                null, false, null, null, null);
    }

    public boolean dcsReachable() {
        return cluster != null;
    }

    public boolean holdsLeaderKey() {
        return cluster != null && cluster.isLeader(me);
    }

    /** Paused, as the snapshot says, or as the last one said while etcd cannot be read. */
    public boolean paused() {
        return cluster != null ? cluster.config().pause() : pausedWhenLastSeen;
    }
}
