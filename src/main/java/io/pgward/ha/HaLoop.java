package io.pgward.ha;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one brain thread: observe, decide, act, then sleep {@code loop_wait} or until woken (a watched key changed,
 * the postmaster exited, a long action finished, or the local PostgreSQL changed: asked every {@link #LOCAL_TICK}
 * while sleeping). A failure inside a cycle is logged and the loop goes on.
 */
public final class HaLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(HaLoop.class);
    /** How often a sleeping loop asks whether the local PostgreSQL changed. */
    static final Duration LOCAL_TICK = Duration.ofSeconds(1);

    /** Takes the snapshot a cycle decides on. */
    public interface Observer {
        Observation observe();
    }

    /** Carries an action out. */
    public interface Executor {
        void execute(Action action, Observation observation);
    }

    private final Observer observer;
    private final Executor executor;
    private final Supplier<Duration> loopWait;
    private final DecisionHistory history;
    private final AgentCounters counters;
    private final BooleanSupplier localChanged;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean wakeupPending;
    private volatile boolean stopped;
    private volatile Instant lastCycleStart = Instant.EPOCH;

    public HaLoop(Observer observer, Executor executor, Supplier<Duration> loopWait, DecisionHistory history) {
        this(observer, executor, loopWait, history, new AgentCounters());
    }

    public HaLoop(Observer observer, Executor executor, Supplier<Duration> loopWait, DecisionHistory history,
                  AgentCounters counters) {
        this(observer, executor, loopWait, history, counters, () -> false);
    }

    /** @param localChanged whether the local PostgreSQL changed since the last cycle (asked between cycles) */
    public HaLoop(Observer observer, Executor executor, Supplier<Duration> loopWait, DecisionHistory history,
                  AgentCounters counters, BooleanSupplier localChanged) {
        this.localChanged = localChanged;
        this.observer = observer;
        this.executor = executor;
        this.loopWait = loopWait;
        this.history = history;
        this.counters = counters;
    }

    @Override
    public void run() {
        while (!stopped) {
            runCycle();
            sleep();
        }
    }

    public void runCycle() {
        lastCycleStart = Instant.now();
        long started = System.nanoTime();
        try {
            Observation o = observer.observe();
            Action action = Decider.decide(o);
            if (history.record(Instant.now(), action)) {
                log.info("decision: {} ({})", action.reason(), action.getClass().getSimpleName());
            } else {
                log.debug("decision: {} ({})", action.reason(), action.getClass().getSimpleName());
            }
            executor.execute(action, o);
        } catch (RuntimeException e) {
            log.error("HA cycle failed, will retry next cycle: {}", e.getMessage(), e);
        }
        counters.cycle(Duration.ofNanos(System.nanoTime() - started));
    }

    private void sleep() {
        long deadline = System.nanoTime() + loopWait.get().toNanos();
        long tick = LOCAL_TICK.toNanos();
        while (!stopped) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || awaitWakeup(Math.min(left, tick)) || left <= tick) {
                return;
            }
            if (localChangedSafely()) {
                return;
            }
        }
    }

    /** The question between cycles must never end the loop: a failure counts as "no change". */
    private boolean localChangedSafely() {
        try {
            return localChanged.getAsBoolean();
        } catch (RuntimeException e) {
            log.debug("cannot tell whether the local PostgreSQL changed: {}", e.toString());
            return false;
        }
    }

    /** Whether a wakeup (or the stop) came within {@code nanos}; consumes it. */
    private boolean awaitWakeup(long nanos) {
        lock.lock();
        try {
            while (!wakeupPending && !stopped && nanos > 0) {
                nanos = woken.awaitNanos(nanos);
            }
            boolean woke = wakeupPending || stopped;
            wakeupPending = false;
            return woke;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Starts the next cycle now (or right after the running one). */
    public void wakeup() {
        lock.lock();
        try {
            wakeupPending = true;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public void stop() {
        stopped = true;
        wakeup();
    }

    public Instant lastCycleStart() {
        return lastCycleStart;
    }

    /** Waits for {@code timeout} at most for the loop thread to see the stop. */
    public static void join(Thread t, Duration timeout) {
        try {
            t.join(TimeUnit.MILLISECONDS.convert(timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
