package io.pgward.api;

import io.pgward.ha.AgentCounters;
import io.pgward.ha.BackupHealth;
import io.pgward.ha.ClusterView;
import io.pgward.ha.DecisionHistory;
import io.pgward.ha.LocalState;
import io.pgward.postgres.PgStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The agent's latest observation, which the REST API answers from (never blocking on PostgreSQL or etcd).
 *
 * @param cluster     last etcd snapshot, null before the first one
 * @param status      last answer of PostgreSQL, null when it did not answer
 * @param dcsLastSeen when etcd last answered, null if never
 * @param pendingRestart settings waiting for a restart: {name: {old_value, new_value}}
 * @param scheduledRestart the restart scheduled for later as {@code /patroni} shows it, null when none
 * @param counters    what the agent did since it started (for /metrics), null when not known
 * @param backup      the backup repository as this node (while it leads) or else the leader last saw it; null when
 *                    nobody checked it (no backup section, or no check yet)
 * @param failsafeActive failsafe_mode is active here: as primary, a round of POST /failsafe was accepted within
 *                    ttl; as replica, a primary called within ttl
 * @param commitHold  why and since when this primary holds its commits (etcd silent), null when it does not
 */
public record NodeSnapshot(ClusterView cluster, LocalState local, PgStatus status, String state, Instant dcsLastSeen,
                           Instant lastCycle, List<DecisionHistory.Entry> decisions,
                           Map<String, Map<String, String>> pendingRestart, Map<String, Object> scheduledRestart,
                           AgentCounters.Snapshot counters, BackupHealth backup, boolean failsafeActive,
                           HeldCommits commitHold) {

    /** A commit hold: why, and since when. */
    public record HeldCommits(String reason, Instant since) {}

    public NodeSnapshot(ClusterView cluster, LocalState local, PgStatus status, String state, Instant dcsLastSeen,
                        Instant lastCycle, List<DecisionHistory.Entry> decisions,
                        Map<String, Map<String, String>> pendingRestart, Map<String, Object> scheduledRestart,
                        AgentCounters.Snapshot counters, BackupHealth backup, boolean failsafeActive) {
        this(cluster, local, status, state, dcsLastSeen, lastCycle, decisions, pendingRestart, scheduledRestart, counters,
                backup, failsafeActive, null);
    }

    public NodeSnapshot(ClusterView cluster, LocalState local, PgStatus status, String state, Instant dcsLastSeen,
                        Instant lastCycle, List<DecisionHistory.Entry> decisions,
                        Map<String, Map<String, String>> pendingRestart, Map<String, Object> scheduledRestart,
                        AgentCounters.Snapshot counters) {
        this(cluster, local, status, state, dcsLastSeen, lastCycle, decisions, pendingRestart, scheduledRestart, counters,
                null, false);
    }

    public NodeSnapshot(ClusterView cluster, LocalState local, PgStatus status, String state, Instant dcsLastSeen,
                        Instant lastCycle, List<DecisionHistory.Entry> decisions,
                        Map<String, Map<String, String>> pendingRestart, Map<String, Object> scheduledRestart,
                        AgentCounters.Snapshot counters, BackupHealth backup) {
        this(cluster, local, status, state, dcsLastSeen, lastCycle, decisions, pendingRestart, scheduledRestart, counters,
                backup, false);
    }

    /** This snapshot with another answer of PostgreSQL. */
    public NodeSnapshot withStatus(PgStatus newer) {
        return new NodeSnapshot(cluster, local, newer, state, dcsLastSeen, lastCycle, decisions, pendingRestart,
                scheduledRestart, counters, backup, failsafeActive);
    }

    public NodeSnapshot(ClusterView cluster, LocalState local, PgStatus status, String state, Instant dcsLastSeen,
                        Instant lastCycle, List<DecisionHistory.Entry> decisions,
                        Map<String, Map<String, String>> pendingRestart) {
        this(cluster, local, status, state, dcsLastSeen, lastCycle, decisions, pendingRestart, null, null);
    }
}
