package io.pgward.api;

import io.pgward.Version;
import io.pgward.config.Config;
import io.pgward.dcs.BackupHealthJson;
import io.pgward.ha.ClusterView;
import io.pgward.ha.HistoryEntry;
import io.pgward.ha.LocalState;
import io.pgward.ha.Member;
import io.pgward.postgres.Lsn;
import io.pgward.postgres.PgStatus;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON bodies of {@code /patroni} and {@code /cluster}, in Patroni's shapes. */
final class StatusJson {
    private StatusJson() {}

    static Map<String, Object> patroni(Config config, NodeSnapshot s) {
        return patroni(config, s, Instant.now());
    }

    /** {@code now} gives the backups' ages in pgward's own {@code backup} object. */
    static Map<String, Object> patroni(Config config, NodeSnapshot s, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        LocalState local = s.local();
        PgStatus st = s.status();
        m.put("state", s.state());
        m.put("role", io.pgward.ha.Roles.of(s.cluster(), config.name(), local));
        if (st != null) {
            m.put("postmaster_start_time", st.postmasterStartTime());
            m.put("server_version", st.serverVersion());
            Map<String, Object> xlog = new LinkedHashMap<>();
            if (st.inRecovery()) {
                xlog.put("received_location", st.receiveLsn());
                xlog.put("replayed_location", st.replayLsn());
                xlog.put("replayed_timestamp", st.replayTimestamp());
                xlog.put("paused", st.replayPaused());
            } else {
                xlog.put("location", st.flushLsn());
            }
            m.put("xlog", xlog);
            m.put("timeline", st.timeline());
            if (st.inRecovery()) {
                m.put("replication_state", st.streaming() ? "streaming" : "in archive recovery");
                String upstream = io.pgward.ha.Upstream.actual(s.cluster(), st.sender());
                if (upstream != null) {
                    m.put("upstream", upstream);
                }
            }
            if (!s.pendingRestart().isEmpty()) {
                m.put("pending_restart", true);
                m.put("pending_restart_reason", s.pendingRestart());
            }
            if (s.scheduledRestart() != null) {
                m.put("scheduled_restart", s.scheduledRestart());
            }
            List<Map<String, Object>> repl = new ArrayList<>();
            for (PgStatus.Replication r : st.replication()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("usename", r.usename());
                row.put("application_name", r.applicationName());
                row.put("client_addr", r.clientAddr());
                row.put("state", r.state());
                row.put("sync_state", r.syncState());
                row.put("sync_priority", r.syncPriority());
                repl.add(row);
            }
            if (!repl.isEmpty()) {
                m.put("replication", repl);
            }
        }
        ClusterView c = s.cluster();
        if (c != null && !c.hasLeader()) {
            m.put("cluster_unlocked", true);
        }
        if (s.failsafeActive()) {
            m.put("failsafe_mode_is_active", true);
        }
        if (s.commitHold() != null) {
            m.put("commit_hold", Map.of("reason", s.commitHold().reason(),
                    "since", s.commitHold().since().getEpochSecond()));
        }
        if (c != null && c.config().synchronous() && c.sync().isSyncStandby(config.name())) {
            m.put("sync_standby", true);
        }
        if (c != null && c.config().pause()) {
            m.put("pause", true);
        }
        if (s.dcsLastSeen() != null) {
            m.put("dcs_last_seen", s.dcsLastSeen().getEpochSecond());
        }
        if (local.systemId() != null) {
            m.put("database_system_identifier", local.systemId());
        }
        Map<String, Object> tags = config.tags().published();
        if (!tags.isEmpty()) {
            m.put("tags", tags);
        }
        if (s.backup() != null) {
            m.put("backup", BackupHealthJson.write(s.backup(), now));
        }
        m.put("patroni", Map.of("version", Version.get(), "scope", config.scope(), "name", config.name()));
        return m;
    }

    static Map<String, Object> cluster(Config config, ClusterView c) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> members = new ArrayList<>();
        if (c != null) {
            for (Member mem : c.members()) {
                members.add(member(c, mem));
            }
        }
        out.put("members", members);
        out.put("scope", config.scope());
        if (c != null && c.config().pause()) {
            out.put("pause", true);
        }
        if (c != null && c.failover() != null && c.failover().scheduledAt() != null) {
            out.put("scheduled_switchover", Map.of("at", c.failover().scheduledAt().toString(),
                    "from", String.valueOf(c.failover().leader()), "to", String.valueOf(c.failover().candidate())));
        }
        return out;
    }

    private static Map<String, Object> member(ClusterView c, Member mem) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", mem.name());
        boolean leader = c.isLeader(mem.name());
        boolean sync = !leader && c.config().synchronous() && c.sync().isSyncStandby(mem.name());
        m.put("role", leader ? io.pgward.ha.Roles.ofLeader(c) : sync ? "sync_standby" : "replica");
        m.put("state", mem.state());
        m.put("api_url", mem.apiUrl());
        if (mem.connUrl() != null) {
            URI u = URI.create(mem.connUrl());
            m.put("host", u.getHost());
            m.put("port", u.getPort());
        }
        if (mem.timeline() > 0) {
            m.put("timeline", mem.timeline());
        }
        if (!mem.tags().isEmpty()) {
            m.put("tags", mem.tags());
        }
        if (!leader && mem.upstream() != null) {
            m.put("upstream", mem.upstream());
        }
        if (mem.walPosition() > 0) {
            if (leader) {
                m.put("lsn", Lsn.format(mem.walPosition()));
            } else {
                long lag = Math.max(0, c.statusOptime() - mem.walPosition());
                m.put("lsn", Lsn.format(mem.walPosition()));
                m.put("lag", c.statusOptime() > 0 ? lag : 0);
                putLsnAndLag(m, "receive", mem.receiveLsn(), c.statusOptime());
                putLsnAndLag(m, "replay", mem.replayLsn(), c.statusOptime());
            }
        } else if (!leader) {
            m.put("lag", "unknown");
        }
        return m;
    }

    /** Patroni 4's {@code receive_lsn}/{@code receive_lag} and {@code replay_lsn}/{@code replay_lag} of a replica. */
    private static void putLsnAndLag(Map<String, Object> m, String what, long lsn, long leaderOptime) {
        if (lsn > 0) {
            m.put(what + "_lsn", Lsn.format(lsn));
            m.put(what + "_lag", leaderOptime > 0 ? Math.max(0, leaderOptime - lsn) : 0);
        }
    }

    static List<List<Object>> history(ClusterView c) {
        List<List<Object>> rows = new ArrayList<>();
        if (c != null) {
            for (HistoryEntry e : c.history()) {
                rows.add(new ArrayList<>(java.util.Arrays.asList(e.timeline(), e.switchLsn(), e.reason(), e.timestamp(),
                        e.newLeader())));
            }
        }
        return rows;
    }
}
