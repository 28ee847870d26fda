package io.pgward.agent;

import io.pgward.PgwardException;
import io.pgward.config.DynamicConfig;
import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;
import io.pgward.ha.CommitHold;
import io.pgward.ha.CommitHold.KeyCheck;
import io.pgward.ha.LocalState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Carries out {@link CommitHold} on its own thread, so an asynchronous primary stops acknowledging commits within
 * seconds of losing every etcd member even while the HA loop sleeps or waits on etcd. While such a primary has heard
 * nothing from etcd for {@link #PROBE_AFTER}, it reads the leader key with a short budget (the etcd client moves on
 * from a failing member to the next, so only silence of all of them counts). Holding commits writes a
 * {@code synchronous_standby_names} no standby has into the primary's postgresql.conf and reloads: commits then wait,
 * unacknowledged, for a standby that never comes; reads go on. Releasing writes the file back and reloads, and
 * PostgreSQL wakes the waiting commits at once.
 * <p>
 * With failsafe_mode, before holding (and every {@link #FAILSAFE_ROUND_EVERY} while held) it makes a round of
 * {@code POST /failsafe} itself instead of waiting for the loop's: a primary every member confirms does not hold.
 */
final class CommitHoldWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommitHoldWatch.class);

    /** The standby name commits wait for while held: no member's application_name. */
    static final String HOLD_STANDBY_NAME = "pgward_commit_hold";
    private static final long TICK_MILLIS = 250;
    /** Silence after which the primary asks etcd itself instead of waiting for its loop's next request. */
    static final Duration PROBE_AFTER = CommitHold.SILENCE.dividedBy(2);
    private static final Duration PROBE_BUDGET = Duration.ofSeconds(1);
    private static final long FAILSAFE_ROUND_EVERY = Duration.ofSeconds(1).toNanos();

    private final NodeContext ctx;
    private final EtcdDcs dcs;
    private final java.util.function.BooleanSupplier failsafeRound;
    private final Thread thread;
    private long lastRoundNanos;
    private volatile KeyCheck keyCheck = KeyCheck.UNKNOWN;
    private volatile boolean closed;

    /** {@code failsafeRound}: makes a failsafe_mode round now; true if every member accepted it. */
    CommitHoldWatch(NodeContext ctx, EtcdDcs dcs, java.util.function.BooleanSupplier failsafeRound) {
        this.ctx = ctx;
        this.dcs = dcs;
        this.failsafeRound = failsafeRound;
        this.thread = new Thread(this::run, "commit-hold");
        thread.setDaemon(true);
    }

    /** The settings of a primary whose commits are held: they wait for a standby that does not exist. */
    static Map<String, String> heldParameters(Map<String, String> parameters) {
        Map<String, String> held = new TreeMap<>(parameters);
        held.put("synchronous_standby_names", HOLD_STANDBY_NAME);
        String commit = held.getOrDefault("synchronous_commit", "on").trim().toLowerCase(java.util.Locale.ROOT);
        if (commit.equals("off") || commit.equals("local") || commit.equals("false") || commit.equals("no")
                || commit.equals("0")) {
            held.put("synchronous_commit", "on");    // else commits would not wait for any standby
        }
        return held;
    }

    void start() {
        thread.start();
    }

    /** The HA loop renewed the lease: etcd answers and the key is mine. */
    void leaseRenewed() {
        keyCheck = KeyCheck.MINE;
    }

    private void run() {
        while (!closed) {
            try {
                tick();
            } catch (RuntimeException e) {
                log.warn("commit hold check failed: {}", e.getMessage());
            }
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void tick() {
        CommitHold.State state = state();
        if (probeDue(state)) {
            probe();
            state = state();
        }
        CommitHold.Verdict verdict = CommitHold.decide(state);
        if (failsafeRoundDue(state, verdict)) {
            lastRoundNanos = System.nanoTime();
            failsafeRound.getAsBoolean();
            state = state();
            verdict = CommitHold.decide(state);
        }
        switch (verdict.change()) {
            case HOLD -> change(verdict.reason(), verdict.reason());
            case RELEASE -> change(null, verdict.reason());
            case NONE -> { }
        }
    }

    /** Held, or a primary the rule could hold whose etcd has been quiet for a while: ask etcd now. */
    private boolean probeDue(CommitHold.State s) {
        boolean couldHold = s.enabled() && !s.paused() && !s.synchronousMode() && s.leader() && s.runningAsPrimary();
        return s.held() || (couldHold && s.etcdSilence().compareTo(PROBE_AFTER) >= 0);
    }

    /** failsafe_mode, a primary about to hold or holding, no confirmed round within ttl: ask the members now. */
    private boolean failsafeRoundDue(CommitHold.State s, CommitHold.Verdict verdict) {
        boolean holding = verdict.change() == CommitHold.Change.HOLD
                || (s.held() && verdict.change() == CommitHold.Change.NONE && s.keyCheck() != KeyCheck.LOST);
        return holding && s.runningAsPrimary() && !s.failsafeConfirmed() && ctx.dynamic().failsafeMode()
                && (lastRoundNanos == 0 || System.nanoTime() - lastRoundNanos >= FAILSAFE_ROUND_EVERY);
    }

    private void probe() {
        try {
            keyCheck = dcs.leaderKeyMine(PROBE_BUDGET) ? KeyCheck.MINE : KeyCheck.LOST;
        } catch (PgwardException e) {
            keyCheck = KeyCheck.UNKNOWN;
        }
    }

    private CommitHold.State state() {
        ClusterView view = ctx.lastView;
        DynamicConfig cfg = ctx.dynamic();
        LocalState local = ctx.lastLocal;
        return new CommitHold.State(cfg.holdCommitsWithoutEtcd(), cfg.pause(), cfg.synchronous(),
                view != null && view.isLeader(ctx.name()), local.runningAsPrimary(),
                ctx.failsafe.confirmedWithin(cfg.ttl()), dcs.sinceEtcdHeard(), keyCheck, ctx.commitHold() != null);
    }

    private void change(String holdReason, String reason) {
        boolean rewritten = ctx.holdCommits(holdReason);
        if (rewritten && ctx.lastLocal.runningAsPrimary()) {
            ctx.postgres.reload();
        }
        if (holdReason != null) {
            log.warn("commit hold: {}", reason);
        } else {
            log.info("commit hold: {}", reason);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
