package io.pgward.sim;

import io.pgward.dcs.WireFormat;
import io.pgward.ha.Action;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Decider;
import io.pgward.ha.FailoverRequest;
import io.pgward.ha.LocalState;
import io.pgward.ha.Observation;
import io.pgward.ha.PeerStatus;
import io.pgward.ha.Roles;
import io.pgward.ha.TaskState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node's agent: the HA loop of {@code Agent}/{@code HaLoop} on simulated time. Each cycle reads etcd (charged the
 * client's budget when etcd does not answer), renews the lease, observes the local PostgreSQL and, without a
 * leader, probes the peers — the steps of {@code Agent.observe} — then calls the real {@link Decider} and, a moment
 * later, carries the action out ({@link SimExecutor}). Between deciding and acting other events happen, as between
 * two lines of the real loop. A frozen agent's events wait until it is thawed; a killed agent's are dropped.
 */
final class SimAgent {

    enum Life { RUNNING, FROZEN, DEAD }

    final String name;
    final Simulation sim;
    final SimPostgres pg;
    final SimFence fence;
    Life life = Life.RUNNING;
    private int incarnation;
    private final List<Runnable> deferred = new ArrayList<>();

    SimDcs dcs;
    SimExecutor executor;
    ClusterView lastView;
    Instant notStreamingSince;
    Instant failoverSince;
    FailoverRequest failoverSeen;
    Instant noRaceUntil;
    TaskState task;
    private int taskToken;
    private boolean inCycle;
    private boolean wakeRequested;
    private int cycleToken;
    private String lastReason;
    /** A scripted freeze between deciding an action of this type and carrying it out; null when none. */
    private Class<? extends Action> freezeBefore;
    private long freezeFor;

    SimAgent(Simulation sim, SimPostgres pg, SimFence fence) {
        this.name = pg.node;
        this.sim = sim;
        this.pg = pg;
        this.fence = fence;
        freshState();
    }

    private void freshState() {
        dcs = new SimDcs(sim.etcd, name, sim.options.ttl());
        executor = new SimExecutor(this);
        lastView = null;
        notStreamingSince = null;
        failoverSince = null;
        failoverSeen = null;
        noRaceUntil = null;
        task = null;
        inCycle = false;
        wakeRequested = false;
        lastReason = null;
    }

    /** An event of this agent: dropped if the agent was killed since, held back while it is frozen. */
    Runnable guarded(Runnable r) {
        int inc = incarnation;
        return () -> {
            if (inc != incarnation || life == Life.DEAD) {
                return;
            }
            if (life == Life.FROZEN) {
                deferred.add(guarded(r));
                return;
            }
            r.run();
        };
    }

    void start(long firstCycleDelay) {
        scheduleCycle(sim.clock.now() + firstCycleDelay);
    }

    void freeze() {
        life = Life.FROZEN;
        sim.trace.add(name, "agent frozen (SIGSTOP)");
    }

    /** Scripts a pause of the agent (a JVM stop, SIGSTOP) right after it next decides an action of {@code type}. */
    void freezeAfterDeciding(Class<? extends Action> type, long millis) {
        freezeBefore = type;
        freezeFor = millis;
    }

    void thaw() {
        if (life != Life.FROZEN) {
            return;
        }
        life = Life.RUNNING;
        sim.trace.add(name, "agent thawed (SIGCONT)");
        List<Runnable> held = new ArrayList<>(deferred);
        deferred.clear();
        held.forEach(r -> sim.clock.at(sim.clock.now(), r));
    }

    void kill() {
        life = Life.DEAD;
        incarnation++;
        deferred.clear();
        sim.trace.add(name, "agent killed (SIGKILL); PostgreSQL left as it is");
        fence.agentDied();
    }

    void restart() {
        if (life != Life.DEAD) {
            return;
        }
        incarnation++;
        life = Life.RUNNING;
        freshState();
        fence.agentStarted();
        sim.trace.add(name, "agent started");
        start(sim.random.nextInt(200));
    }

    /** The loop's wake-up: an etcd watch event, the postmaster's exit, a task's end. */
    void wakeup() {
        if (life != Life.RUNNING) {
            return;
        }
        if (inCycle) {
            wakeRequested = true;
            return;
        }
        scheduleCycle(sim.clock.now() + 5 + sim.random.nextInt(45));
    }

    private void scheduleCycle(long at) {
        int token = ++cycleToken;
        sim.clock.at(at, guarded(() -> {
            if (token == cycleToken) {
                cycle();
            }
        }));
    }

    private void cycle() {
        inCycle = true;
        wakeRequested = false;
        long readTime = sim.etcdAnswers(name) ? 1 + sim.random.nextInt(20) : sim.etcdFailureMillis();
        sim.clock.after(readTime, guarded(this::decide));
    }

    private void decide() {
        Observation o = observe();
        Action action = Decider.decide(o);
        if (!action.reason().equals(lastReason)) {
            sim.trace.add(name, action.getClass().getSimpleName() + ": " + action.reason());
            lastReason = action.reason();
        }
        sim.decisions++;
        if (freezeBefore != null && freezeBefore.isInstance(action)) {
            freezeBefore = null;
            freeze();
            sim.clock.after(freezeFor, this::thaw);
        }
        long actDelay = sim.random.nextInt(100) < 3 ? 200 + sim.random.nextInt(2800) : sim.random.nextInt(30);
        sim.clock.after(actDelay, guarded(() -> act(action, o)));
    }

    private void act(Action action, Observation o) {
        try {
            executor.execute(action, o);
        } catch (SimEtcd.Unavailable e) {
            sim.trace.add(name, "etcd call failed while acting on " + action.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
        inCycle = false;
        if (life == Life.RUNNING) {
            scheduleCycle(sim.clock.now() + (wakeRequested ? 5 + sim.random.nextInt(45)
                    : sim.options.loopWait() * 1000L));
        }
    }

    /** {@code Agent.observe}, step for step. */
    Observation observe() {
        TaskState taskNow = task;
        ClusterView view = null;
        boolean renewed = false;
        try {
            view = dcs.read();
            dcs.setTtl(view.config().ttl());
            if (!view.isLeader(name)) {
                leaseGone();
            } else {
                long sent = sim.clock.now();
                renewed = dcs.renewLeader();
                if (renewed) {
                    leaseConfirmed(sent);
                }
            }
        } catch (SimEtcd.Unavailable e) {
            // logged by the real agent; the observation says it
        }
        lastView = view != null ? view : lastView;
        LocalState local = pg.observe();
        List<PeerStatus> peers = view != null && !view.hasLeader() && local.runningAsReplica()
                ? sim.probePeers(name) : List.of();
        Instant now = sim.instant();
        notStreamingSince = !local.runningAsReplica() || local.streaming() ? null
                : notStreamingSince == null ? now : notStreamingSince;
        if (view != null) {
            FailoverRequest request = view.failover();
            if (request == null || !request.equals(failoverSeen)) {
                failoverSince = request == null ? null : now;
                failoverSeen = request;
            }
        }
        Observation o = new Observation(name, view, renewed, local, taskNow, peers, false, 1, true, now, noRaceUntil,
                notStreamingSince, failoverSince, lastView != null && lastView.config().pause(), null, null, null);
        if (view != null) {
            try {
                dcs.publishMember(memberJson(view, local));
            } catch (SimEtcd.Unavailable e) {
                // as the real agent: next cycle
            }
        }
        return o;
    }

    private String memberJson(ClusterView view, LocalState local) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("conn_url", "postgres://" + name + ":5432/postgres");
        m.put("api_url", "http://" + name + ":8008/patroni");
        m.put("state", task != null && task.running() && local.pg() != LocalState.PgState.RUNNING ? "starting"
                : switch (local.pg()) {
                    case RUNNING -> "running";
                    case STARTING -> "starting";
                    case STOPPED -> "stopped";
                });
        m.put("role", Roles.of(view, name, local));
        m.put("xlog_location", local.walPosition());
        m.put("timeline", local.timeline());
        if (local.runningAsReplica()) {
            m.put("replication_state", local.streaming() ? "streaming" : "in archive recovery");
        }
        return WireFormat.write(m);
    }

    /** {@code NodeContext.leaseConfirmed}: the fence's deadline = send time of the renewal + ttl - margin. */
    void leaseConfirmed(long sentAt) {
        if (lastView != null && lastView.config().pause()) {
            leaseGone();
            return;
        }
        long ttl = dcs.ttlSeconds();
        fence.arm(sentAt + ttl * 1000 - Math.max(2000, ttl * 1000 / 6), dcs.leaseId());
    }

    void leaseGone() {
        fence.disarm();
    }

    /**
     * The single worker ({@code TaskRunner}): {@code begin} runs now (it may fail) and says how long the task takes;
     * then {@code done} says how it ended (null: succeeded), and the loop wakes up.
     */
    void submit(TaskState.Kind kind, java.util.function.LongSupplier begin, java.util.function.Supplier<String> done) {
        int token = ++taskToken;
        task = new TaskState(kind, true, false, null);
        long durationMillis;
        try {
            durationMillis = begin.getAsLong();
        } catch (TaskFailed e) {
            finishTask(kind, false, e.getMessage());
            return;
        }
        sim.clock.after(durationMillis, guarded(() -> {
            if (token != taskToken) {
                return;
            }
            String failure;
            try {
                failure = done.get();
            } catch (SimEtcd.Unavailable e) {
                failure = e.getMessage();
            }
            finishTask(kind, failure == null, failure);
        }));
    }

    private void finishTask(TaskState.Kind kind, boolean ok, String detail) {
        task = new TaskState(kind, false, ok, detail);
        sim.trace.add(name, kind.label() + (ok ? " finished" : " failed: " + detail));
        wakeup();
    }

    boolean taskBusy() {
        return task != null && task.running();
    }

    /** A task's start that cannot go ahead. */
    static final class TaskFailed extends RuntimeException {
        TaskFailed(String why) {
            super(why, null, false, false);
        }
    }
}
