package io.pgward.agent;

import io.pgward.Version;
import io.pgward.dcs.BackupHealthJson;
import io.pgward.ha.BackupHealth;
import io.pgward.ha.LocalState;
import io.pgward.ha.LocalState.DataDir;
import io.pgward.ha.LocalState.PgState;
import io.pgward.postgres.PgStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/** The member JSON this node publishes in {@code members/<name>}, in Patroni's shape. */
final class MemberStatus {
    private MemberStatus() {}

    static String state(NodeContext ctx, LocalState local) {
        String override = ctx.stateOverride;
        if (override != null) {
            return override;
        }
        return switch (local.pg()) {
            case RUNNING -> "running";
            case STARTING -> "starting";
            case STOPPED -> "stopped";
        };
    }

    static Map<String, Object> member(NodeContext ctx, LocalState local) {
        Map<String, Object> m = new LinkedHashMap<>();
        var pg = ctx.config.postgresql();
        m.put("conn_url", "postgres://" + pg.connectAddress() + "/postgres");
        var api = ctx.config.restapi();
        m.put("api_url", (api.certfile() != null ? "https" : "http") + "://" + api.connectAddress() + "/patroni");
        m.put("state", state(ctx, local));
        m.put("role", io.pgward.ha.Roles.of(ctx.lastView, ctx.name(), local));
        m.put("version", Version.get());
        PgStatus s = ctx.postgres.lastStatus();
        if (local.pg() == PgState.RUNNING && s != null) {
            m.put("xlog_location", s.walPosition());
            m.put("timeline", s.timeline());
            if (!ctx.pendingRestart.isEmpty()) {
                m.put("pending_restart", true);
                m.put("pending_restart_reason", ctx.pendingRestart);
            }
            if (s.inRecovery()) {
                m.put("replication_state", s.streaming() ? "streaming" : "in archive recovery");
                m.put("receive_lsn", s.receiveLsn());
                m.put("replay_lsn", s.replayLsn());
                String upstream = io.pgward.ha.Upstream.actual(ctx.lastView, s.sender());
                if (upstream != null) {
                    m.put("upstream", upstream);
                }
            }
        }
        Map<String, Object> tags = ctx.config.tags().published();
        if (!tags.isEmpty()) {
            m.put("tags", tags);
        }
        if (ctx.lastView != null && ctx.lastView.config().pause()) {
            m.put("pause", true);
        }
        BackupHealth backup = ctx.backups.health();
        if (backup != null) {
            m.put("backup", BackupHealthJson.write(backup));
        }
        ScheduledRestart scheduled = ctx.scheduledRestart;
        if (scheduled != null) {
            m.put("scheduled_restart", scheduled.request().memberData(scheduled.postmasterStartTime()));
        }
        return m;
    }
}
