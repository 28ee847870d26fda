package io.pgward.ha;

import java.util.Map;

/**
 * One member as published in {@code members/<name>} (Patroni's member JSON), parsed.
 *
 * @param role        "primary", "replica", "standby_leader", "uninitialized" ("master" is read as "primary")
 * @param state       "running", "starting", "stopped", "creating replica", "initializing new cluster", ...
 * @param replicationState "streaming" or "in archive recovery" for replicas, else null
 * @param pendingRestart the member's PostgreSQL waits for a restart to apply settings
 * @param scheduledRestart when a restart is scheduled on the member (as published, ISO 8601), else null
 * @param walPosition bytes: flush LSN on a primary, max(receive, replay) on a replica; 0 when unknown
 * @param backup      what the member last learned of the backup repository while it led (pgward's own field), or null
 * @param upstream    the member a replica's WAL receiver streams from, as it published (pgward's own field), or null
 * @param receiveLsn  bytes: a replica's received WAL position ({@code receive_lsn}); 0 when unknown or a primary
 * @param replayLsn   bytes: a replica's replayed WAL position ({@code replay_lsn}); 0 when unknown or a primary
 */
public record Member(String name, String apiUrl, String connUrl, String role, String state, long walPosition,
                     int timeline, String replicationState, boolean nofailover, int failoverPriority, boolean nosync,
                     Map<String, Object> tags, boolean pendingRestart, String scheduledRestart, BackupHealth backup,
                     String upstream, long receiveLsn, long replayLsn) {

    public Member(String name, String apiUrl, String connUrl, String role, String state, long walPosition, int timeline,
                  String replicationState, boolean nofailover, int failoverPriority, boolean nosync,
                  Map<String, Object> tags, boolean pendingRestart, String scheduledRestart, BackupHealth backup) {
        this(name, apiUrl, connUrl, role, state, walPosition, timeline, replicationState, nofailover, failoverPriority,
                nosync, tags, pendingRestart, scheduledRestart, backup, null, 0, 0);
    }

    public Member(String name, String apiUrl, String connUrl, String role, String state, long walPosition, int timeline,
                  String replicationState, boolean nofailover, int failoverPriority, boolean nosync,
                  Map<String, Object> tags, boolean pendingRestart, String scheduledRestart) {
        this(name, apiUrl, connUrl, role, state, walPosition, timeline, replicationState, nofailover, failoverPriority,
                nosync, tags, pendingRestart, scheduledRestart, null);
    }

    public Member(String name, String apiUrl, String connUrl, String role, String state, long walPosition, int timeline,
                  String replicationState, boolean nofailover, int failoverPriority, boolean nosync,
                  Map<String, Object> tags) {
        this(name, apiUrl, connUrl, role, state, walPosition, timeline, replicationState, nofailover, failoverPriority,
                nosync, tags, false, null);
    }

    public boolean isRunning() {
        return "running".equals(state);
    }

    public boolean isPrimaryRole() {
        return "primary".equals(role) || "master".equals(role);
    }
}
