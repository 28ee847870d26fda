package io.pgward.agent;

import io.pgward.config.DynamicConfig;
import io.pgward.dcs.WireFormat;
import io.pgward.ha.ClusterView;
import io.pgward.ha.SyncPlanner;
import io.pgward.ha.SyncPlanner.StreamingStandby;
import io.pgward.ha.SyncState;
import io.pgward.postgres.PgStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The leader's synchronous replication duties: choose the standbys, set {@code synchronous_standby_names} and keep
 * the {@code sync} key true, in the order that never lets a non-synchronous node look promotable:
 * removing a standby updates {@code sync} first and PostgreSQL second; adding one updates PostgreSQL first and
 * writes {@code sync} only once that standby has flushed everything the primary had when it became synchronous and
 * commits were proven to wait for it ({@link #commitsWaitFor}).
 */
final class SyncReplication {

    private static final Logger log = LoggerFactory.getLogger(SyncReplication.class);
    private static final long CATCH_UP_MILLIS = 5000;
    private static final java.time.Duration PROOF_LIMIT = java.time.Duration.ofSeconds(3);

    private final NodeContext ctx;
    private List<String> lastLogged;

    SyncReplication(NodeContext ctx) {
        this.ctx = ctx;
    }

    void manage(ClusterView view) {
        DynamicConfig cfg = view.config();
        SyncState current = view.sync();
        String me = ctx.name();
        List<String> recorded = me.equals(current.leader()) ? current.standbys() : List.of();
        if (!cfg.synchronous()) {
            if (!recorded.isEmpty()) {
                writeSync(recorded, List.of(), current.revision());
            }
            applyNames(null);
            return;
        }
        PgStatus status = ctx.postgres.client().status();
        List<StreamingStandby> streaming = status.replication().stream()
                .filter(r -> "streaming".equals(r.state()))
                .map(r -> new StreamingStandby(r.applicationName(), r.flushLsn())).toList();
        List<String> desired = SyncPlanner.choose(cfg, current, view.members(), streaming);
        List<String> kept = new ArrayList<>(recorded);
        kept.retainAll(desired);
        long revision = current.revision();
        if (!me.equals(current.leader()) || kept.size() < recorded.size()) {
            if (!writeSync(recorded, kept, revision)) {
                return;
            }
            revision = ctx.dcs.read().sync().revision();    // the CAS below must use the key's new revision
        }
        applyNames(SyncPlanner.standbyNames(cfg, kept));
        if (!desired.equals(kept)) {
            applyNames(SyncPlanner.standbyNames(cfg, desired));
            if (caughtUp(desired) && commitsWaitFor(desired)) {
                writeSync(kept, desired, revision);
            }
        }
        report(cfg, desired);
    }

    /** Before promoting in synchronous mode: record this node as the sync leader (CAS); false means postpone. */
    boolean claimForPromotion(ClusterView view) {
        DynamicConfig cfg = view.config();
        if (!cfg.synchronous()) {
            return true;
        }
        SyncState current = view.sync();
        List<String> others = new ArrayList<>(current.standbys());
        others.remove(ctx.name());
        if (!ctx.dcs.writeSync(WireFormat.syncJson(ctx.name(), others), current.revision())) {
            log.warn("the sync key changed while I was about to promote: postponing the promotion");
            return false;
        }
        applyNames(SyncPlanner.standbyNames(cfg, others));
        return true;
    }

    private boolean writeSync(List<String> before, List<String> after, long revision) {
        boolean ok = ctx.dcs.writeSync(WireFormat.syncJson(ctx.name(), after), revision);
        if (!ok) {
            log.warn("the sync key changed concurrently; will retry next cycle");
        } else if (!before.equals(after)) {
            log.info("sync key now lists synchronous standbys {} (was {})", after, before);
        }
        return ok;
    }

    private boolean caughtUp(List<String> standbys) {
        long target = ctx.postgres.client().currentFlushLsn();
        long deadline = System.currentTimeMillis() + CATCH_UP_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            List<PgStatus.Replication> rows = ctx.postgres.client().status().replication();
            boolean all = standbys.stream().allMatch(name -> rows.stream().anyMatch(r -> name.equals(r.applicationName())
                    && "sync".equals(r.syncState()) && r.flushLsn() >= target));
            if (all) {
                return true;
            }
            Pause.briefly(50);
        }
        log.info("synchronous standby candidates {} have not caught up yet; will check again next cycle", standbys);
        return false;
    }

    /**
     * Whether commits now wait for {@code standbys}. SHOW in this session proves nothing: whether a commit waits at all
     * is decided by a flag the checkpointer sets when it applies the reload, and a checkpoint in progress delays that.
     * A CHECKPOINT requested now completes only after the checkpointer applied the pending reload; then a probe commit
     * must return with every new standby already past it. Bounded, so the loop keeps renewing the lease: false means
     * "not proven yet", and the standbys are not listed in {@code sync} this cycle.
     */
    private boolean commitsWaitFor(List<String> standbys) {
        if (!ctx.postgres.client().checkpointWithin(PROOF_LIMIT)) {
            log.info("not listing {} as synchronous yet: PostgreSQL's checkpointer has not applied the new"
                    + " synchronous_standby_names within {}s (a checkpoint in progress?)", standbys, PROOF_LIMIT.toSeconds());
            return false;
        }
        long probe = ctx.postgres.client().probeCommit(PROOF_LIMIT);
        List<PgStatus.Replication> rows = ctx.postgres.client().status().replication();
        List<String> behind = standbys.stream().filter(name -> rows.stream().noneMatch(r -> name.equals(r.applicationName())
                && "sync".equals(r.syncState()) && r.flushLsn() >= probe)).toList();
        if (!behind.isEmpty()) {
            log.info("not listing {} as synchronous yet: a probe commit returned before {} flushed it", standbys, behind);
            return false;
        }
        return true;
    }

    /** Sets synchronous_standby_names (null: not managed, i.e. empty) and waits until PostgreSQL uses it. */
    void applyNames(String names) {
        String value = names == null ? "" : names;
        if (Objects.equals(ctx.syncStandbyNames, names)) {
            return;
        }
        ctx.syncStandbyNames = names;
        ctx.writePostgresqlConf(ctx.parameters(), null);
        ctx.postgres.reload();
        long deadline = System.currentTimeMillis() + CATCH_UP_MILLIS;
        while (System.currentTimeMillis() < deadline && !value.equals(ctx.postgres.client().show("synchronous_standby_names"))) {
            Pause.briefly(20);
        }
    }

    private void report(DynamicConfig cfg, List<String> desired) {
        if (desired.equals(lastLogged)) {
            return;
        }
        lastLogged = desired;
        if (desired.isEmpty()) {
            log.warn(cfg.synchronousModeStrict()
                    ? "no eligible synchronous standby: writes wait until one streams (synchronous_mode_strict)"
                    : "no eligible synchronous standby: running asynchronously until one streams"
                    + " (set synchronous_mode_strict to make writes wait instead)");
        } else {
            log.info("synchronous standbys: {}", desired);
        }
    }
}
