package io.pgward.agent;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.api.NodeSnapshot;
import io.pgward.api.RestServer;
import io.pgward.config.Config;
import io.pgward.config.DynamicConfig;
import io.pgward.dcs.WireFormat;
import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.BackupHealth;
import io.pgward.ha.ClusterView;
import io.pgward.ha.HaLoop;
import io.pgward.ha.FailsafeCheck;
import io.pgward.ha.LocalState;
import io.pgward.ha.Member;
import io.pgward.ha.Observation;
import io.pgward.ha.PeerStatus;
import io.pgward.ha.TaskState;
import io.pgward.postgres.Fence;
import io.pgward.postgres.FenceEtcdAccess;
import io.pgward.postgres.Programs;
import io.pgward.postgres.OsUser;
import io.pgward.postgres.PgStatus;
import io.pgward.postgres.PostgresNode;
import io.pgward.postgres.Postmaster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * One pgward agent: wires etcd, the local PostgreSQL, the REST API and the HA loop, and shuts them down in order.
 * Implements the loop's observe step; {@link ActionExecutor} is its act step.
 */
public final class Agent implements HaLoop.Observer, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    private final ArchiveWatch archiveWatch = new ArchiveWatch();
    private final ReceiverNudger receiverNudger;
    private final NodeContext ctx;
    private final EtcdDcs dcs;
    private final TaskRunner tasks;
    private final HaLoop loop;
    private final PeerProber peers;
    private final RestServer rest;
    private final AgentOperations operations;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final LeaseGuard leaseGuard;
    private final RestoreMarkFile restoreMark;
    private final FailsafeCaller failsafeCaller;
    private final StoredConfigCheck storedConfig = new StoredConfigCheck();
    private final ServerLogRotation serverLogRotation;
    private final CommitHoldWatch commitHold;
    /** What the fence needs to revoke this agent's lease should the agent die while leading (see {@link Fence}). */
    private final FenceEtcdAccess.Result fenceEtcd;
    private volatile int exitCode;
    private volatile boolean stopping;
    private Thread loopThread;

    public Agent(Config config) {
        DynamicConfig boot = DynamicConfig.fromMap(config.bootstrap().dcs());
        this.peers = new PeerProber(config.restapi().cafile());
        this.dcs = new EtcdDcs(config, etcdBudget(boot.retryTimeout()), etcdElectionBudget(boot.retryTimeout()),
                boot.ttl());
        PostgresNode pg = new PostgresNode(config, OsUser.detect("postgres"));
        this.ctx = new NodeContext(config, dcs, pg);
        this.restoreMark = new RestoreMarkFile(config.postgresql().dataDir());
        this.failsafeCaller = new FailsafeCaller(config.restapi());
        this.tasks = new TaskRunner(this::wakeup, t -> ctx.decisions.recordOutcome(Instant.now(), t));
        this.loop = new HaLoop(this, new ActionExecutor(ctx, tasks, this::fatal),
                () -> Duration.ofSeconds(ctx.dynamic().loopWait()), ctx.decisions, ctx.counters,
                new LocalChangeCheck(ctx));
        this.operations = new AgentOperations(ctx, tasks, this::wakeup, peers);
        this.rest = new RestServer(() -> ctx.config, this::snapshot, operations);
        operations.onReloadOfRestTls(rest::reloadTls);
        this.leaseGuard = new LeaseGuard(System::nanoTime, () -> {
            if (ctx.lastLocal.possiblyWritable()) {
                ctx.postgres.stop(Postmaster.StopMode.IMMEDIATE);
            }
        });
        ctx.leaseGuard = leaseGuard;
        this.serverLogRotation = new ServerLogRotation(pg.postmaster().serverLog());
        this.fenceEtcd = FenceEtcdAccess.of(config.etcd(), Programs.which("curl", System.getenv("PATH")));
        this.receiverNudger = new ReceiverNudger(pg);
        this.commitHold = new CommitHoldWatch(ctx, dcs, this::failsafeRoundForCommitHold);
    }

    /**
     * The time one etcd call may take, all members together, when no member answers: half of retry_timeout (whole
     * seconds, at least 2), so that a primary cut off from etcd steps down early.
     */
    static Duration etcdBudget(int retryTimeoutSeconds) {
        return Duration.ofSeconds(Math.max(2, retryTimeoutSeconds / 2));
    }

    /**
     * The time one etcd call may take once a member said it has no leader: 3/4 of retry_timeout. An etcd member that
     * rejoins after being cut from its peers forces an election that left every member without a leader for over
     * 2 s, and the shorter budget turned that into a demotion with a majority healthy. A cycle that fails after
     * loop_wait + 1.5 retry_timeout still stops PostgreSQL inside ttl (>= loop_wait + 2 retry_timeout); the lease
     * guard and the fence stop it at the lease deadline whatever the loop does.
     */
    static Duration etcdElectionBudget(int retryTimeoutSeconds) {
        return Duration.ofMillis(Math.max(2000, retryTimeoutSeconds * 750L));
    }

    public NodeContext context() {
        return ctx;
    }

    /** Starts everything; returns once the HA loop runs. */
    public void start() {
        ctx.postgres.dataDirectory().ensure();
        rest.start();
        refuseDuplicateName();
        ctx.postgres.postmaster().onExit(this::wakeup);
        dcs.watch(this::wakeup);
        if (fenceEtcd.offBecause() != null) {
            log.warn("takeover on process death is off: {}; if this agent dies while leading, a replica takes over"
                    + " only when its lease runs out", fenceEtcd.offBecause());
        }
        ctx.fence = Fence.start(ctx.config.postgresql().dataDir(), fenceEtcd.access());
        ctx.fence.inheritedDeadline().ifPresent(leaseGuard::inherited);
        loopThread = new Thread(loop, "ha-loop");
        loopThread.start();
        commitHold.start();
        serverLogRotation.start();
        ctx.backups.startHealthWatch();
        log.info("pgward agent {} of cluster {} started (REST on {}, etcd {})", ctx.name(), ctx.config.scope(),
                ctx.config.restapi().listen(), ctx.config.etcd().endpoints());
    }

    /** Two agents must not share a member name: the second one refuses to start. */
    private void refuseDuplicateName() {
        ClusterView view;
        try {
            view = dcs.read();
        } catch (PgwardException e) {
            return;    // etcd down: the loop will report it
        }
        Member existing = view.member(ctx.name()).orElse(null);
        String myApi = (String) MemberStatus.member(ctx, LocalState.noData()).get("api_url");
        if (existing == null || existing.apiUrl() == null || existing.apiUrl().equals(myApi)) {
            return;
        }
        List<PeerStatus> answer = peers.probe(List.of(existing));
        if (!answer.isEmpty() && answer.get(0).reachable()) {
            rest.close();
            throw new PgwardException(Code.CONFIG_INVALID, "another agent already runs as member '" + ctx.name()
                    + "' of cluster " + ctx.config.scope() + " (its REST API " + URI.create(existing.apiUrl()).getAuthority()
                    + " answers): give this node a unique 'name'");
        }
    }

    /** A failing archive_command on the primary is said in this log within one cycle (see {@link ArchiveWatch}). */
    private void watchArchiving(LocalState local) {
        var status = local.runningAsPrimary() ? ctx.postgres.lastStatus() : null;
        archiveWatch.observe(status == null ? null : status.archiver(), Instant.now()).ifPresent(line -> {
            if (line.warning()) {
                log.warn(line.text());
            } else {
                log.info(line.text());
            }
        });
    }

    @Override
    public Observation observe() {
        keepFenceAlive();
        runScheduledRestart();
        // Task state first: a task that ends after the etcd read must not look finished with a stale snapshot.
        TaskState task = tasks.state();
        ClusterView view = null;
        boolean renewed = false;
        try {
            view = dcs.read();
            dcs.setTtl(view.config().ttl());
            reportStoredConfig(view);
            ctx.dcsLastSeen = Instant.now();
            if (!view.isLeader(ctx.name())) {
                ctx.leaseGone();
            } else {
                long sent = System.nanoTime();
                renewed = dcs.renewLeader();
                if (renewed) {
                    ctx.leaseConfirmed(sent);
                    commitHold.leaseRenewed();
                }
            }
        } catch (PgwardException e) {
            countEtcdError(e);
            if (view == null) {
                log.warn("cannot read the cluster from etcd: {}", e.getMessage());
            } else {
                log.warn("cannot renew my leader lease: {}", e.getMessage());
            }
        }
        ctx.lastView = view != null ? view : ctx.lastView;
        LocalState local = ctx.postgres.observe();
        ctx.lastLocal = local;
        watchArchiving(local);
        receiverNudger.check(local, ctx.postgres.lastStatus());
        ctx.pendingRestart = pendingRestart(local);
        List<PeerStatus> peerStatus = List.of();
        if (view != null && !view.hasLeader() && local.runningAsReplica()) {
            peerStatus = peers.probe(ctx.others());
        }
        var tags = ctx.config.tags();
        Instant now = Instant.now();
        ctx.notStreamingSince = !local.runningAsReplica() || local.streaming() ? null
                : ctx.notStreamingSince == null ? now : ctx.notStreamingSince;
        trackFailoverRequest(view, now);
        Observation o = new Observation(ctx.name(), view, renewed, local, task, peerStatus,
                tags.nofailover(), tags.failoverPriority(), true, now, ctx.noRaceUntil, ctx.notStreamingSince,
                ctx.failoverSince, ctx.lastView != null && ctx.lastView.config().pause(), restoreMark.read(),
                failsafeRound(view, renewed, local), ctx.failsafe.leaderWithin(ttlOf(ctx.lastView)));
        if (view != null) {
            publishMember(local);
        }
        return o;
    }

    /** Names what pgward will not do of a configuration written into etcd past its checks (once per revision). */
    private void reportStoredConfig(ClusterView view) {
        if (!view.configPresent()) {
            return;
        }
        for (var p : storedConfig.review(view.configRevision(), view.config().raw())) {
            if (p.isError()) {
                log.error("{}: pgward does not act on it and runs as if it were not set", p.format());
            } else {
                log.warn("{}", p.format());
            }
        }
    }

    /**
     * A fence that died (killed, out of memory) no longer guards a frozen agent: start a new one, armed with the
     * deadline the dead one was last given.
     */
    private void keepFenceAlive() {
        Fence fence = ctx.fence;
        if (fence != null && !fence.alive() && !stopping) {
            log.error("the fence process (pid {}) died: starting a new one armed with its last deadline", fence.pid());
            ctx.fence = Fence.start(ctx.config.postgresql().dataDir(), fenceEtcd.access());
        }
    }

    /** Remembers since when the current failover/switchover request has been in etcd (a new request restarts it). */
    private void trackFailoverRequest(ClusterView view, Instant now) {
        if (view == null) {
            return;
        }
        var request = view.failover();
        if (request == null || !request.equals(ctx.failoverSeen)) {
            ctx.failoverSince = request == null ? null : now;
            ctx.failoverSeen = request;
        }
    }

    /** Starts a scheduled restart when it is due (as a task, so this cycle already observes it running). */
    private void runScheduledRestart() {
        ScheduledRestart scheduled = ctx.scheduledRestart;
        if (scheduled == null) {
            return;
        }
        ClusterView view = ctx.lastView;
        PgStatus status = ctx.postgres.lastStatus();
        ScheduledRestart.Verdict verdict = scheduled.evaluate(Instant.now(), ctx.dynamic().loopWait(),
                view != null && view.config().pause(), status == null ? null : status.postmasterStartTime());
        if (verdict == ScheduledRestart.Verdict.WAIT) {
            return;
        }
        ctx.scheduledRestart = null;
        Instant at = scheduled.request().schedule();
        switch (verdict) {
            case STALE -> log.warn("scheduled restart at {} dropped: found more than 1.5 loop_wait late", at);
            case ALREADY_RESTARTED -> log.info("scheduled restart at {} dropped: PostgreSQL restarted since it was"
                    + " requested", at);
            default -> {
                var unmet = scheduled.request().unmetCondition(ctx.lastLocal.runningAsPrimary(),
                        !ctx.pendingRestart.isEmpty(), status == null ? 0 : status.serverVersion());
                if (unmet.isPresent()) {
                    log.info("scheduled restart at {} skipped: {}", at, unmet.get());
                } else if (operations.startRestart()) {
                    log.info("scheduled restart at {}: restarting PostgreSQL", at);
                } else {
                    log.warn("scheduled restart at {} skipped: another action is in progress ({})", at,
                            tasks.state().kind().label());
                }
            }
        }
    }

    private Map<String, Map<String, String>> pendingRestart(LocalState local) {
        PgStatus status = ctx.postgres.lastStatus();
        if (local.pg() != LocalState.PgState.RUNNING || status == null) {
            return Map.of();
        }
        try {
            Map<String, String> wanted = ctx.commandLineGucs(ctx.parameters());
            List<String> names = new java.util.ArrayList<>(wanted.keySet());
            names.addAll(status.pendingRestart());
            return PendingRestart.reasons(wanted, ctx.postgres.client().currentSettings(names), status.pendingRestart());
        } catch (PgwardException e) {
            return ctx.pendingRestart;
        }
    }

    private void countEtcdError(PgwardException e) {
        ctx.counters.etcdError(e instanceof io.pgward.dcs.etcd.EtcdException ee
                ? ee.kind().name().toLowerCase().replace('_', '-') : e.code().name().toLowerCase().replace('_', '-'));
    }

    private void publishMember(LocalState local) {
        try {
            dcs.publishMember(WireFormat.write(MemberStatus.member(ctx, local)));
        } catch (PgwardException e) {
            countEtcdError(e);
            log.warn("cannot publish my member key: {}", e.getMessage());
        }
    }

    /**
     * failsafe_mode: a primary that cannot read etcd or renew its lease asks every member of the failsafe topology
     * (POST /failsafe); if all accept, that counts as a renewal for the fence and the lease guard. Null when no
     * round is due (etcd fine, not primary, not failsafe_mode, paused).
     */
    private FailsafeCheck failsafeRound(ClusterView view, boolean renewed, LocalState local) {
        ClusterView last = ctx.lastView;
        boolean etcdTrouble = view == null || (view.isLeader(ctx.name()) && !renewed);
        if (!etcdTrouble) {
            ctx.failsafe.etcdBack();
            return null;
        }
        if (last == null || !last.config().failsafeMode() || last.config().pause() || !local.runningAsPrimary()) {
            return null;
        }
        long sent = System.nanoTime();
        FailsafeCheck check = failsafeCall(last, local, sent);
        if (check.confirmed()) {
            ctx.leaseConfirmed(sent);
        }
        return check;
    }

    /** One round of POST /failsafe to the failsafe topology of {@code view}, sent at {@code sent}; recorded. */
    private FailsafeCheck failsafeCall(ClusterView view, LocalState local, long sent) {
        Map<String, Object> me = MemberStatus.member(ctx, local);
        String body = WireFormat.write(Map.of("name", ctx.name(), "conn_url", me.get("conn_url"),
                "api_url", me.get("api_url")));
        FailsafeCheck check = failsafeCaller.call(view.failsafe(), ctx.name(), body);
        ctx.failsafe.roundConfirmed(check.confirmed(), sent);
        return check;
    }

    /**
     * The commit hold's own failsafe round (see {@link CommitHoldWatch}): it asks as soon as etcd falls silent rather
     * than at the loop's next cycle, so a primary every member confirms keeps acknowledging commits. Recorded like
     * the loop's rounds; only the loop's rounds move the lease deadline.
     */
    private boolean failsafeRoundForCommitHold() {
        ClusterView view = ctx.lastView;
        LocalState local = ctx.lastLocal;
        if (view == null || !view.config().failsafeMode() || !local.runningAsPrimary()) {
            return false;
        }
        FailsafeCheck check = failsafeCall(view, local, System.nanoTime());
        log.debug("commit hold: failsafe_mode round {}: {}", check.confirmed() ? "confirmed" : "not confirmed",
                check.detail());
        return check.confirmed();
    }

    private static long ttlOf(ClusterView view) {
        return view == null ? 30 : view.config().ttl();
    }

    private NodeSnapshot snapshot() {
        return new NodeSnapshot(ctx.lastView, ctx.lastLocal, ctx.postgres.lastStatus(),
                MemberStatus.state(ctx, ctx.lastLocal), ctx.dcsLastSeen, loop.lastCycleStart(), ctx.decisions.entries(),
                ctx.pendingRestart, scheduledRestartView(), ctx.counters.snapshot(), backupHealth(),
                ctx.failsafe.active(ttlOf(ctx.lastView)), heldCommits());
    }

    private NodeSnapshot.HeldCommits heldCommits() {
        String reason = ctx.commitHold();
        java.time.Instant since = ctx.commitHoldSince();
        return reason == null || since == null ? null : new NodeSnapshot.HeldCommits(reason, since);
    }

    /** Mine while I lead, else the leader's as its member key says. */
    private BackupHealth backupHealth() {
        BackupHealth mine = ctx.backups.health();
        ClusterView view = ctx.lastView;
        return mine != null || view == null ? mine : view.leaderMember().map(Member::backup).orElse(null);
    }

    private Map<String, Object> scheduledRestartView() {
        ScheduledRestart scheduled = ctx.scheduledRestart;
        return scheduled == null ? null : scheduled.request().memberData(null);
    }

    void wakeup() {
        loop.wakeup();
    }

    /**
     * Re-reads the configuration file, as {@code POST /reload} does (a service manager's reload sends SIGHUP); never
     * stops anything. A file with errors is refused and changes nothing; either way the outcome is logged.
     */
    public void reload() {
        try {
            operations.reload();
        } catch (PgwardException e) {
            log.error("{}", e.getMessage());
        }
    }

    private void fatal() {
        exitCode = 1;
        new Thread(this::close, "fatal-shutdown").start();
    }

    /** Blocks until the agent stopped; returns the process exit code. */
    public int awaitTermination() throws InterruptedException {
        finished.await();
        return exitCode;
    }

    /**
     * Clean shutdown: stop the loop, stop PostgreSQL (fast), hand over as a switchover does (ShutdownHandOver), release
     * the leader key so a replica takes over at once instead of waiting for the lease to expire, revoke the lease.
     */
    @Override
    public synchronized void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        try {
            loop.stop();
            if (loopThread != null && loopThread != Thread.currentThread()) {
                HaLoop.join(loopThread, Duration.ofSeconds(30));
            }
            tasks.close();
            ctx.backups.close();
            ctx.routers.close();
            leaseGuard.close();
            commitHold.close();
            serverLogRotation.close();
            boolean paused = ctx.lastView != null && ctx.lastView.config().pause();
            if (paused) {
                // As Patroni: the leader key is left to expire with the lease (a restarted agent renews it), the
                // member key too, so a restart while paused does not leave the cluster without a leader.
                log.info("paused: PostgreSQL left running and my keys left in etcd until their lease expires");
            } else {
                ClusterView view = ctx.lastView;
                boolean leading = view != null && ctx.name().equals(view.leader()) && ctx.lastLocal.runningAsPrimary();
                try {
                    if (ctx.postgres.stop(Postmaster.StopMode.FAST)) {
                        log.info("stopped PostgreSQL");
                    }
                    if (leading) {
                        new ShutdownHandOver(ctx).publish(view);
                    }
                } catch (RuntimeException e) {
                    log.warn("could not stop PostgreSQL: {}", e.getMessage());
                }
                try {
                    dcs.releaseLeader();
                    dcs.revokeLease();
                    log.info("released my leader key and member key");
                } catch (RuntimeException e) {
                    log.warn("could not release my keys in etcd (they expire with my lease): {}", e.getMessage());
                }
            }
            if (ctx.fence != null) {
                ctx.fence.close();
            }
            dcs.close();
            rest.close();
        } catch (RuntimeException | LinkageError e) {
            // e.g. the jar replaced in place under the running JVM: still exit, so a service manager can restart us
            exitCode = 1;
            log.error("clean shutdown failed: {}", e.toString());
        } finally {
            finished.countDown();
        }
    }
}
