package io.pgward.api;

import io.pgward.Version;
import io.pgward.config.Config;
import io.pgward.ha.AgentCounters;
import io.pgward.ha.BackupHealth;
import io.pgward.ha.ClusterView;
import io.pgward.ha.LocalState;
import io.pgward.postgres.PgStatus;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * {@code GET /metrics}: Patroni's metrics in Prometheus text format, with Patroni's names, types, labels and
 * encodings (both {@code patroni_master}, which dashboards built on Patroni 3 use, and {@code patroni_primary}),
 * plus pgward's own counters.
 */
final class Metrics {
    private Metrics() {}

    static String render(Config config, NodeSnapshot s, Instant now) {
        StringBuilder b = new StringBuilder();
        String labels = "{scope=\"" + labelValue(config.scope()) + "\",name=\"" + labelValue(config.name()) + "\"}";
        LocalState local = s.local();
        PgStatus st = s.status();
        ClusterView c = s.cluster();
        boolean running = local.pg() == LocalState.PgState.RUNNING;
        boolean leader = c != null && c.isLeader(config.name());
        b.append("# HELP patroni_version pgward's version without periods, each part two digits as Patroni encodes it.\n")
                .append("# TYPE patroni_version gauge\n")
                .append("patroni_version").append(labels).append(' ').append(paddedVersion(Version.get())).append('\n');
        gauge(b, "patroni_postgres_running", "Value is 1 if PostgreSQL is running, 0 otherwise", labels, running ? 1 : 0);
        gauge(b, "patroni_postmaster_start_time", "Epoch seconds since PostgreSQL started", labels,
                st == null ? 0 : epoch(st.postmasterStartTime()));
        int primary = leader && local.runningAsPrimary() ? 1 : 0;
        gauge(b, "patroni_master", "Value is 1 if this node is the leader, 0 otherwise (Patroni 3's name)", labels,
                primary);
        gauge(b, "patroni_primary", "Value is 1 if this node is the leader, 0 otherwise", labels, primary);
        counter(b, "patroni_xlog_location", "Current WAL location (primary), 0 if this node is not the leader", labels,
                st != null && !st.inRecovery() ? st.flushLsn() : 0);
        boolean standbyLeader = running && io.pgward.ha.Roles.isStandbyLeader(c, config.name(), local);
        gauge(b, "patroni_standby_leader", "Value is 1 if this node is the standby leader, 0 otherwise", labels,
                standbyLeader ? 1 : 0);
        gauge(b, "patroni_replica", "Value is 1 if this node is a replica, 0 otherwise", labels,
                local.runningAsReplica() && !standbyLeader ? 1 : 0);
        gauge(b, "patroni_sync_standby", "Value is 1 if this node is a synchronous standby, 0 otherwise", labels,
                c != null && c.config().synchronous() && c.sync().isSyncStandby(config.name()) ? 1 : 0);
        gauge(b, "patroni_quorum_standby", "Value is 1 if this node is a quorum standby, 0 otherwise", labels, 0);
        counter(b, "patroni_xlog_received_location", "Current received WAL location, 0 if this node is not a replica",
                labels, st != null && st.inRecovery() ? st.receiveLsn() : 0);
        counter(b, "patroni_xlog_replayed_location", "Current replayed WAL location, 0 if this node is not a replica",
                labels, st != null && st.inRecovery() ? st.replayLsn() : 0);
        gauge(b, "patroni_xlog_replayed_timestamp", "Epoch seconds of the last replayed transaction", labels,
                st == null ? 0 : epoch(st.replayTimestamp()));
        gauge(b, "patroni_xlog_paused", "Value is 1 if WAL replay is paused, 0 otherwise", labels,
                st != null && st.replayPaused() ? 1 : 0);
        gauge(b, "patroni_postgres_streaming", "Value is 1 if the replica streams, 0 otherwise", labels,
                local.runningAsReplica() && local.streaming() ? 1 : 0);
        gauge(b, "patroni_postgres_in_archive_recovery", "Value is 1 if the replica is in archive recovery", labels,
                local.runningAsReplica() && !local.streaming() ? 1 : 0);
        gauge(b, "patroni_postgres_server_version", "PostgreSQL version as a number", labels,
                st == null ? 0 : st.serverVersion());
        gauge(b, "patroni_cluster_unlocked", "Value is 1 if the cluster has no leader", labels,
                c != null && !c.hasLeader() ? 1 : 0);
        gauge(b, "patroni_failsafe_mode_is_active", "Value is 1 if failsafe mode is active, 0 if inactive", labels,
                s.failsafeActive() ? 1 : 0);
        gauge(b, "pgward_commit_hold", "Value is 1 while this primary holds commits because no etcd member answers",
                labels, s.commitHold() != null ? 1 : 0);
        gauge(b, "patroni_failsafe_mode_enabled", "Value is 1 if failsafe_mode is enabled, 0 otherwise", labels,
                c != null && c.config().failsafeMode() ? 1 : 0);
        gauge(b, "patroni_failsafe_member", "Value is 1 if this node is a member of failsafe, 0 otherwise", labels,
                c != null && c.failsafe().containsKey(config.name()) ? 1 : 0);
        counter(b, "patroni_postgres_timeline", "PostgreSQL timeline of this node (if running), 0 otherwise", labels,
                st == null ? 0 : st.timeline());
        gauge(b, "patroni_dcs_last_seen", "Epoch seconds when etcd last answered", labels,
                s.dcsLastSeen() == null ? 0 : s.dcsLastSeen().getEpochSecond());
        gauge(b, "patroni_pending_restart", "Value is 1 if PostgreSQL needs a restart", labels,
                s.pendingRestart().isEmpty() ? 0 : 1);
        gauge(b, "patroni_is_paused", "Value is 1 if the cluster is paused", labels,
                c != null && c.config().pause() ? 1 : 0);
        b.append("# HELP patroni_postgres_state Numeric representation of the PostgreSQL state\n")
                .append("# Values: ").append(PostgresStateIndex.VALUES).append('\n')
                .append("# TYPE patroni_postgres_state gauge\n")
                .append("patroni_postgres_state").append(labels).append(' ').append(PostgresStateIndex.of(s.state()))
                .append('\n');
        gauge(b, "patroni_failover_priority", "Failover priority of this node", labels,
                config.tags().failoverPriority());
        if (st != null && st.archiver() != null) {
            archiver(b, labels, st.archiver());
        }
        if (s.backup() != null && config.name().equals(s.backup().checkedBy())) {
            backup(b, labels, s.backup());
        }
        gauge(b, "pgward_last_cycle_age_seconds", "Seconds since the HA loop last started a cycle", labels,
                s.lastCycle() == null ? -1 : now.getEpochSecond() - s.lastCycle().getEpochSecond());
        gauge(b, "pgward_cluster_members", "Members in etcd", labels, c == null ? 0 : c.members().size());
        if (s.counters() != null) {
            agentCounters(b, labels, s.counters());
        }
        return b.toString();
    }

    /** pg_stat_archiver (Patroni has no archiver metrics); only while PostgreSQL answers. */
    private static void archiver(StringBuilder b, String labels, PgStatus.Archiver a) {
        counter(b, "pgward_archiver_archived_total", "WAL files archived (pg_stat_archiver.archived_count)", labels,
                a.archivedCount());
        counter(b, "pgward_archiver_failed_total", "Failed attempts to archive a WAL file"
                + " (pg_stat_archiver.failed_count)", labels, a.failedCount());
        gauge(b, "pgward_archiver_last_archived_time_seconds", "Epoch seconds of the last WAL file archived, 0 if none",
                labels, a.lastArchivedTime());
        gauge(b, "pgward_archiver_last_failed_time_seconds", "Epoch seconds of the last failed archiving attempt, 0 if"
                + " none", labels, a.lastFailedTime());
    }

    /**
     * The repository as this node, the leader, last saw it (replicas leave these out, so a cluster has one series per
     * name). Last-backup times only while they are known: from a readable repository (0: none of that type) or an
     * earlier check.
     */
    private static void backup(StringBuilder b, String labels, BackupHealth h) {
        gauge(b, "pgward_backup_repository_reachable", "Value is 1 if pgBackRest read the stanza in every repository"
                + " at the leader's last check, 0 otherwise", labels, h.reachable() ? 1 : 0);
        gauge(b, "pgward_backup_last_check_timestamp_seconds", "Epoch seconds of the leader's last pgbackrest info",
                labels, h.checkedAt().getEpochSecond());
        if (!h.backupsKnown()) {
            return;
        }
        String name = "pgward_backup_last_success_timestamp_seconds";
        b.append("# HELP ").append(name).append(" Epoch seconds when the newest backup of each type ended, 0 if none\n")
                .append("# TYPE ").append(name).append(" gauge\n");
        String inner = labels.substring(1, labels.length() - 1);
        for (BackupHealth.Type type : BackupHealth.Type.values()) {
            BackupHealth.Backup last = h.last().get(type);
            b.append(name).append('{').append(inner).append(",type=\"").append(type.wire()).append("\"} ")
                    .append(last == null ? 0 : last.stop().getEpochSecond()).append('\n');
        }
    }

    private static void agentCounters(StringBuilder b, String labels, AgentCounters.Snapshot k) {
        counter(b, "pgward_promotions_total", "Promotions of this node's PostgreSQL since the agent started", labels,
                k.promotions());
        labelled(b, "pgward_demotions_total", "Demotions since the agent started, by mode", labels, "mode",
                k.demotions());
        labelled(b, "pgward_etcd_errors_total", "Failed etcd operations since the agent started, by kind", labels,
                "kind", k.etcdErrors());
        String inner = labels.substring(1, labels.length() - 1);
        b.append("# HELP pgward_ha_cycle_seconds Duration of HA cycles (observe, decide, act)\n")
                .append("# TYPE pgward_ha_cycle_seconds histogram\n");
        for (int i = 0; i < AgentCounters.CYCLE_BUCKETS.size(); i++) {
            b.append("pgward_ha_cycle_seconds_bucket{").append(inner).append(",le=\"")
                    .append(AgentCounters.CYCLE_BUCKETS.get(i)).append("\"} ").append(k.cycleBuckets().get(i)).append('\n');
        }
        b.append("pgward_ha_cycle_seconds_bucket{").append(inner).append(",le=\"+Inf\"} ").append(k.cycles()).append('\n')
                .append("pgward_ha_cycle_seconds_sum").append(labels).append(' ').append(k.cycleSeconds()).append('\n')
                .append("pgward_ha_cycle_seconds_count").append(labels).append(' ').append(k.cycles()).append('\n');
    }

    private static void labelled(StringBuilder b, String name, String help, String labels, String label,
                                 java.util.Map<String, Long> values) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" counter\n");
        String inner = labels.substring(1, labels.length() - 1);
        values.forEach((key, value) -> b.append(name).append('{').append(inner).append(',').append(label).append("=\"")
                .append(labelValue(key)).append("\"} ").append(value).append('\n'));
    }

    private static void counter(StringBuilder b, String name, String help, String labels, long value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" counter\n");
        b.append(name).append(labels).append(' ').append(value).append('\n');
    }

    /** A label value as the Prometheus text format needs it: backslash, double quote and newline escaped. */
    static String labelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static void gauge(StringBuilder b, String name, String help, String labels, long value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" gauge\n");
        b.append(name).append(labels).append(' ').append(value).append('\n');
    }

    /** As Patroni: each part of the version zero-padded to two digits, periods dropped ("3.0.2" is 030002). */
    static String paddedVersion(String version) {
        StringBuilder out = new StringBuilder();
        for (String part : version.split("[-+]")[0].split("\\.")) {
            out.append(part.length() < 2 ? "0" + part : part);
        }
        return out.toString();
    }

    /** PostgreSQL's timestamptz text ("2026-01-01 12:00:00.123+00") to epoch seconds, 0 if absent. */
    static long epoch(String pgTimestamp) {
        if (pgTimestamp == null) {
            return 0;
        }
        try {
            String iso = pgTimestamp.replace(' ', 'T');
            if (iso.matches(".*[+-]\\d{2}$")) {
                iso = iso + ":00";
            }
            return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toEpochSecond();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
