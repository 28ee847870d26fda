package io.pgward.agent;

import io.pgward.dcs.WireFormat;
import io.pgward.ha.Action;
import io.pgward.ha.HaLoop;
import io.pgward.ha.FailoverRequest;
import io.pgward.ha.HistoryEntry;
import io.pgward.ha.Member;
import io.pgward.ha.Observation;
import io.pgward.ha.SwitchoverCandidates;
import io.pgward.ha.Upstream;
import io.pgward.ha.TaskState.Kind;
import io.pgward.postgres.Lsn;
import io.pgward.postgres.PgClient;
import io.pgward.postgres.PgStatus;
import io.pgward.postgres.Postmaster.StopMode;
import io.pgward.postgres.SlotNames;
import io.pgward.postgres.StandbySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Carries each {@link Action} out against etcd and PostgreSQL. Long actions go to the {@link TaskRunner}. */
final class ActionExecutor implements HaLoop.Executor {

    private static final Logger log = LoggerFactory.getLogger(ActionExecutor.class);

    private final SlotJanitor slotJanitor = new SlotJanitor();
    private final NodeContext ctx;
    private final TaskRunner tasks;
    private final StartTasks start;
    /** A fast stop that takes longer escalates to immediate (etcd is gone: the lease is running out). */
    private static final java.time.Duration SHORT_STOP = java.time.Duration.ofSeconds(3);
    private static final java.time.Duration SWITCHOVER_STOP = java.time.Duration.ofSeconds(10);
    private static final java.time.Duration PROMOTE_TIMEOUT = java.time.Duration.ofSeconds(60);
    private static final java.time.Duration STREAMING_WAIT = java.time.Duration.ofSeconds(10);
    private final Runnable fatal;
    private final SyncReplication sync;
    private final InPlaceRestore restores;
    private String lastAppliedConf = "";

    ActionExecutor(NodeContext ctx, TaskRunner tasks, Runnable fatal) {
        this.ctx = ctx;
        this.tasks = tasks;
        this.start = new StartTasks(ctx);
        this.fatal = fatal;
        this.sync = new SyncReplication(ctx);
        this.restores = new InPlaceRestore(ctx);
    }

    @Override
    public void execute(Action action, Observation o) {
        if (action instanceof Action.Wait) {
            replicaHousekeeping(o);
        } else if (action instanceof Action.Bootstrap) {
            tasks.submit(Kind.BOOTSTRAP, new BootstrapTask(ctx));
        } else if (action instanceof Action.Clone c) {
            tasks.submit(Kind.CLONE, () -> start.cloneFrom(c.source(), o.cluster().leader(), false));
        } else if (action instanceof Action.StartPrimary) {
            tasks.submit(Kind.START_PRIMARY, start::startPrimary);
        } else if (action instanceof Action.StartReplica s) {
            tasks.submit(Kind.START_REPLICA, () -> start.startReplica(s.upstream(), s.leader()));
        } else if (action instanceof Action.LeadAsPrimary) {
            leaderHousekeeping(o);
        } else if (action instanceof Action.LeadAsStandbyLeader) {
            standbyLeaderHousekeeping(o);
        } else if (action instanceof Action.Promote) {
            promote(o);
        } else if (action instanceof Action.AcquireLeader) {
            acquire(o);
        } else if (action instanceof Action.Follow f) {
            follow(f.upstream(), f.leader());
        } else if (action instanceof Action.CheckDivergence d) {
            stopIfDiverged(ctx.standbyOf(d.leader()));
        } else if (action instanceof Action.Demote d) {
            demote(d.mode(), o);
        } else if (action instanceof Action.ClearFailover) {
            ctx.dcs.deleteFailover();
        } else if (action instanceof Action.ReleaseLeader) {
            ctx.dcs.releaseLeader();
        } else if (action instanceof Action.ClearStaleInitialize) {
            if (ctx.dcs.clearInitialize("")) {
                log.info("cleared the stale initialize key");
            }
        } else if (action instanceof Action.WriteInitialize w) {
            if (!ctx.dcs.setInitialize(w.systemId())) {
                log.info("did not record my system identifier: another node wrote the initialize key meanwhile");
            }
        } else if (action instanceof Action.StopForRestore s) {
            tasks.submit(Kind.STOP_FOR_RESTORE, () -> restores.stopFor(s.request(), o));
        } else if (action instanceof Action.RestoreData r) {
            tasks.submit(Kind.RESTORE, () -> restores.restore(r.request()));
        } else if (action instanceof Action.FinishRestore f) {
            restores.finish(f.request(), o);
        } else if (action instanceof Action.Reclone r) {
            tasks.submit(Kind.CLONE, () -> restores.reclone(r.leader(), start));
        } else if (action instanceof Action.Fatal f) {
            log.error("stopping the agent: {}", f.reason());
            fatal.run();
        }
    }

    private void acquire(Observation o) {
        long sent = System.nanoTime();
        if (!ctx.dcs.acquireLeader()) {
            log.info("another node took the leader key first: following it");
            return;
        }
        ctx.leaseConfirmed(sent);
        log.info("acquired the leader key");
        if (o.cluster().failover() != null) {
            ctx.dcs.deleteFailover();
        }
        if (o.cluster().config().standbyCluster() != null) {
            log.info("I am the new standby leader: following the remote primary from the next cycle, never promoting");
            return;
        }
        if (o.local().runningAsReplica()) {
            promote(o);
        } else {
            leaderHousekeeping(o);
        }
    }

    /**
     * Claims the promotion (the sync key in synchronous mode) here, then promotes as a task: pre_promote, the
     * promotion and the checkpoint may take long, and the loop must keep renewing the lease meanwhile.
     */
    private void promote(Observation o) {
        if (!sync.claimForPromotion(o.cluster())) {
            ctx.dcs.releaseLeader();
            return;
        }
        tasks.submit(Kind.PROMOTE, () -> promoteTask(o));
    }

    private String promoteTask(Observation o) {
        if (!ctx.postgres.prePromote(java.time.Duration.ofSeconds(Math.max(5, o.cluster().config().ttl() / 2)))) {
            ctx.dcs.releaseLeader();
            ctx.leaseGone();
            ctx.noRaceUntil = o.now().plusSeconds(o.cluster().config().ttl());
            log.info("released the leader key: pre_promote refused the promotion; not racing again before {}",
                    ctx.noRaceUntil);
            return "pre_promote refused it";
        }
        log.info("promoting PostgreSQL to primary");
        if (!ctx.postgres.promote(PROMOTE_TIMEOUT)) {
            throw new io.pgward.PgwardException(io.pgward.PgwardException.Code.POSTGRES_FAILED, "PostgreSQL did not leave recovery within "
                    + PROMOTE_TIMEOUT.toSeconds() + "s of pg_promote");
        }
        ctx.announcePrimary();
        // History first: it must not depend on the checkpoint succeeding (the leader's housekeeping adds it otherwise).
        appendHistory(o.cluster().history());
        // pg_rewind of the old primary needs a checkpoint on the new timeline first.
        ctx.postgres.client().execute("CHECKPOINT");
        ctx.writePostgresqlConf(ctx.parameters(), null);
        ctx.counters.promoted();
        ctx.backups.becamePrimary();
        return "promoted";
    }

    private void appendHistory(List<HistoryEntry> known) {
        HistoryRecord.appendEndedTimeline(ctx, known, "no recovery target specified");
    }

    /**
     * A leader whose timeline's start is missing from the history key (its promotion was interrupted after the
     * switch, or the write failed) records it now: the history must never lose a timeline switch.
     */
    private void recordMissingHistory(Observation o) {
        int timeline = o.local().timeline();
        if (timeline > 1 && o.cluster().history().stream().noneMatch(e -> e.timeline() == timeline - 1)) {
            appendHistory(o.cluster().history());
        }
    }

    /** Leader duties each cycle: replication slots for every member, last WAL position in {@code status}. */
    private void leaderHousekeeping(Observation o) {
        recordMissingHistory(o);
        applyConfigChanges();
        if (ctx.useSlots()) {
            manageSlots(o, true);
        }
        sync.manage(o.cluster());
        writeFailsafeTopology(o);
        PgStatus s = ctx.postgres.lastStatus();
        if (s != null && !s.inRecovery() && !ctx.announcedPrimary) {
            ctx.announcePrimary();    // leading since the agent started, or since a bootstrap
        }
        if (s != null && !s.inRecovery()) {
            ctx.dcs.writeStatus(WireFormat.write(Map.of("optime", s.flushLsn())));
            ctx.backups.runSchedule(o.now());
        }
    }

    /**
     * The standby leader's duties each cycle: configuration changes, the slots of the members streaming from it, and
     * its WAL position in {@code status} (what the replicas' lag is measured against).
     */
    private void standbyLeaderHousekeeping(Observation o) {
        applyConfigChanges();
        if (ctx.useSlots()) {
            manageSlots(o, false);
        }
        if (o.local().walPosition() > 0) {
            ctx.dcs.writeStatus(WireFormat.write(Map.of("optime", o.local().walPosition())));
        }
    }

    /**
     * failsafe_mode: the members a leader cut from etcd must reach to stay primary (Patroni's failsafe key: name to
     * REST API URL), written when it changes.
     */
    private void writeFailsafeTopology(Observation o) {
        if (!o.cluster().config().failsafeMode()) {
            return;
        }
        Map<String, String> topology = new java.util.LinkedHashMap<>();
        for (Member m : o.cluster().members()) {
            if (m.apiUrl() != null) {
                topology.put(m.name(), m.apiUrl());
            }
        }
        if (!topology.containsKey(ctx.name()) || topology.equals(o.cluster().failsafe())) {
            return;
        }
        ctx.dcs.writeFailsafe(WireFormat.write(topology));
        log.info("failsafe topology written: {}", String.join(", ", topology.keySet()));
    }

    /**
     * A slot for each member that streams from this node (on the leader: all but those cascading from another
     * member, as {@link Upstream} decides for them) and, on the leader, each permanent physical slot (a replica does not
     * advance them, so it does not keep them); departed members' slots dropped in time.
     */
    private void manageSlots(Observation o, boolean leader) {
        Map<String, Boolean> existing = ctx.postgres.client().physicalSlotActivity();
        List<String> memberSlots = new ArrayList<>();
        for (Member m : o.cluster().members()) {
            if (!m.name().equals(ctx.name()) && Upstream.streamsFrom(o.cluster(), m.name(), ctx.name())) {
                memberSlots.add(SlotNames.forMember(m.name()));
            }
        }
        var config = o.cluster().config();
        List<String> permanent = config.permanentPhysicalSlots();
        for (String slot : concat(memberSlots, leader ? permanent : List.of())) {
            if (!existing.containsKey(slot)) {
                ctx.postgres.client().createPhysicalSlot(slot);
                log.info("created replication slot {}{}", slot, permanent.contains(slot) ? " (permanent, from slots)" : "");
            }
        }
        var review = slotJanitor.review(memberSlots, existing, permanent, o.now(),
                java.time.Duration.ofSeconds(config.memberSlotsTtlSeconds()));
        for (String slot : review.drop()) {
            ctx.postgres.client().dropPhysicalSlot(slot);
            log.info("dropped replication slot {}: its member left the cluster, or streams from another member, more"
                    + " than member_slots_ttl ({}s) ago",
                    slot, config.memberSlotsTtlSeconds());
        }
        for (String slot : review.unknown()) {
            log.warn("replication slot {} belongs to no member and is not in slots: left alone (it holds WAL back;"
                    + " drop it, or list it under slots to keep it)", slot);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private void replicaHousekeeping(Observation o) {
        if (o.local().runningAsReplica() && o.dcsReachable() && !tasks.busy()) {
            applyConfigChanges();
            if (ctx.useSlots() && o.cluster().hasLeader()) {
                manageSlots(o, false);    // slots of the members cascading from this replica
            }
        }
    }

    /** Rewrites postgresql.conf / pg_hba.conf when the dynamic configuration changed, and reloads. */
    private void applyConfigChanges() {
        var params = ctx.parameters();
        Map<String, String> compared = new java.util.TreeMap<>(params);
        compared.remove("synchronous_standby_names");    // SyncReplication applies it itself
        // The backup section too: pgbackrest.conf is written with postgresql.conf, and a change of it alone
        // (archive_async, retention, a repository) changes no PostgreSQL setting.
        String wanted = compared + "|" + ctx.pgHba() + "|" + ctx.pgIdent() + "|" + ctx.dynamic().backup();
        if (wanted.equals(lastAppliedConf)) {
            return;
        }
        boolean first = lastAppliedConf.isEmpty();
        String upstream = ctx.postgres.files().upstream().orElse(null);
        boolean standby = ctx.lastLocal.runningAsReplica();
        ctx.writePostgresqlConf(params, standby ? ctx.standbyOf(upstream) : null);
        ctx.postgres.files().writeHba(ctx.pgHba());
        ctx.postgres.files().writeIdent(ctx.pgIdent());
        ctx.postgres.reload();
        lastAppliedConf = wanted;
        if (!first) {
            log.info("configuration changed: rewrote postgresql.conf, pg_hba.conf and pgBackRest's configuration and"
                    + " reloaded PostgreSQL");
        }
    }

    private void follow(String upstream, String leader) {
        if (stopIfDiverged(ctx.standbyOf(leader))) {
            return;
        }
        ctx.writePostgresqlConf(ctx.parameters(), ctx.standbyOf(upstream));
        ctx.postgres.reload();
        log.info("now streaming from {}{}", upstream, upstream.equals(leader) ? "" : " (leader " + leader + ")");
    }

    /** Stops a standby whose WAL diverged from the leader's timeline, so that the next start rewinds it first. */
    private boolean stopIfDiverged(StandbySettings upstream) {
        if (!start.runningStandbyDiverged(upstream)) {
            return false;
        }
        log.info("my WAL diverged from leader {}: stopping PostgreSQL to rewind it before following",
                upstream.upstreamName());
        ctx.postgres.stop(StopMode.FAST, SHORT_STOP);
        return true;
    }

    private void demote(Action.DemoteMode mode, Observation o) {
        if (mode == Action.DemoteMode.GRACEFUL && !candidateStreaming(o)) {
            log.error("switchover dropped: no candidate streams from me (checked pg_stat_replication for {}s);"
                    + " staying primary", STREAMING_WAIT.toSeconds());
            ctx.dcs.deleteFailover();
            return;
        }
        StopMode stop = mode == Action.DemoteMode.OFFLINE || mode == Action.DemoteMode.GRACEFUL
                || mode == Action.DemoteMode.DEMOTE_CLUSTER ? StopMode.FAST : StopMode.IMMEDIATE;
        if (mode == Action.DemoteMode.GRACEFUL) {
            // Resumed by the new primary's agent; by this one if nobody took over within a lease.
            int ttl = o.cluster().config().ttl();
            ctx.routers.beforeSwitchoverStop(ctx.config, java.time.Duration.ofSeconds(ttl / 3),
                    java.time.Duration.ofSeconds(ttl));
            renewDuringSwitchover(false);
        }
        ctx.announcedPrimary = false;
        ctx.routers.stoppedBeingPrimary(ctx.config);
        if (mode == Action.DemoteMode.OFFLINE) {
            ctx.postgres.stop(stop, SHORT_STOP);
        } else if (mode == Action.DemoteMode.GRACEFUL) {
            // A walsender waiting on an unresponsive standby would hold a fast shutdown for wal_sender_timeout.
            ctx.postgres.stop(stop, SWITCHOVER_STOP);
        } else {
            ctx.postgres.stop(stop);
        }
        ctx.leaseGone();
        ctx.syncStandbyNames = null;
        ctx.counters.demoted(mode);
        log.info("stopped PostgreSQL ({}) to demote{}", stop.name().toLowerCase(),
                mode == Action.DemoteMode.DEMOTE_CLUSTER ? ": keeping the leader key, starting as the standby leader next" : "");
        if (mode == Action.DemoteMode.GRACEFUL && !handOver(o)) {
            ctx.routers.switchoverCancelled(ctx.config);
            return;
        }
        if (mode == Action.DemoteMode.IMMEDIATE || mode == Action.DemoteMode.GRACEFUL) {
            try {
                ctx.dcs.releaseLeader();
                log.info("released the leader key");
            } catch (RuntimeException e) {
                log.warn("could not release the leader key: {}", e.getMessage());
            }
        }
    }

    /** Waits (renewing the lease) until a switchover candidate streams from this primary, as PostgreSQL sees it. */
    private boolean candidateStreaming(Observation o) {
        // A cascading candidate receives through the member of its chain that streams from me.
        List<String> feeders = switchoverCandidates(o).stream()
                .map(m -> Upstream.fedByLeaderThrough(o.cluster(), m.name())).toList();
        long deadline = System.nanoTime() + STREAMING_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                boolean streaming = ctx.postgres.client().status().replication().stream()
                        .anyMatch(r -> "streaming".equals(r.state()) && feeders.contains(r.applicationName()));
                if (streaming) {
                    return true;
                }
            } catch (RuntimeException e) {
                log.debug("cannot read pg_stat_replication: {}", e.getMessage());
            }
            renewDuringSwitchover(false);
            Pause.briefly(250);
        }
        return false;
    }

    private List<Member> switchoverCandidates(Observation o) {
        FailoverRequest f = o.cluster().failover();
        return SwitchoverCandidates.of(o.cluster(), ctx.name(), f == null ? null : f.candidate()).stream()
                .filter(m -> m.connUrl() != null).toList();
    }

    /**
     * A switchover may release the key only once a candidate has received everything, up to the shutdown
     * checkpoint; otherwise the request is dropped and this node keeps the key (and restarts as primary next
     * cycle) — nothing acknowledged is lost either way. The lease is renewed while waiting.
     */
    private boolean handOver(Observation o) {
        var cd = ctx.postgres.controlData().orElse(null);
        if (cd == null || !cd.primaryShutDownCleanly()) {
            log.error("switchover aborted: PostgreSQL did not shut down cleanly within {}s, so the end of its WAL is"
                    + " not known; keeping the leader key and restarting as primary", SWITCHOVER_STOP.toSeconds());
            ctx.dcs.deleteFailover();
            renewDuringSwitchover(true);
            return false;
        }
        long checkpoint = cd.checkpointLocation();
        CheckpointReceipt receipt = new CheckpointReceipt(ctx.config.postgresql().authentication().superuser());
        String confirmed = receipt.awaitAny(switchoverCandidates(o), checkpoint,
                        java.time.Duration.ofSeconds(Math.min(15, o.cluster().config().ttl() / 2)),
                        () -> renewDuringSwitchover(true));
        if (confirmed == null) {
            log.error("switchover aborted: no candidate received the shutdown checkpoint at {} in time ({});"
                    + " keeping the leader key and restarting as primary", Lsn.format(checkpoint), receipt.lastAnswers());
            ctx.dcs.deleteFailover();
            renewDuringSwitchover(true);
            return false;
        }
        log.info("{} has received everything up to the shutdown checkpoint at {}: handing over", confirmed,
                Lsn.format(checkpoint));
        ctx.dcs.writeStatus(WireFormat.write(Map.of("optime", checkpoint)));
        return true;
    }

    /**
     * Keeps the leader key alive while a switchover waits; once PostgreSQL is stopped there is nothing for the
     * fence to guard, so it stays disarmed.
     */
    private void renewDuringSwitchover(boolean postgresStopped) {
        try {
            long sent = System.nanoTime();
            if (ctx.dcs.renewLeader()) {
                ctx.leaseConfirmed(sent);
                if (postgresStopped) {
                    ctx.leaseGone();
                }
            }
        } catch (RuntimeException e) {
            log.warn("could not renew the leader lease during the switchover: {}", e.getMessage());
        }
    }
}
