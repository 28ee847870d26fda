package io.pgward.agent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Last line of defence for "writable only while holding the lease": independent of the HA loop (which may be
 * stuck in a slow call), it stops a primary PostgreSQL at once when the lease it last renewed is about to expire.
 * Time is measured on the monotonic clock from the moment the renewal request was sent.
 */
final class LeaseGuard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseGuard.class);

    private final LongSupplier nanoClock;
    private final Runnable stopPrimary;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lease-guard");
        t.setDaemon(true);
        return t;
    });
    private volatile long deadline = Long.MAX_VALUE;
    private volatile boolean armed;
    private ScheduledFuture<?> pending;

    LeaseGuard(LongSupplier nanoClock, Runnable stopPrimary) {
        this.nanoClock = nanoClock;
        this.stopPrimary = stopPrimary;
    }

    /** A renewal sent at {@code sentAtNanos} succeeded: the primary may stay writable until ttl minus a margin. */
    void renewed(long sentAtNanos, long ttlSeconds) {
        long margin = TimeUnit.MILLISECONDS.toNanos(marginMillis(ttlSeconds));
        deadline = sentAtNanos + TimeUnit.SECONDS.toNanos(ttlSeconds) - margin;
        armed = true;
        scheduleCheck();
    }

    /** Armed by a deadline a previous agent recorded: {@code millis} from now (0 or less: already due). */
    void inherited(long millis) {
        deadline = nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
        armed = true;
        scheduleCheck();
    }

    /** Nothing to guard (not leading, or paused). */
    void disarm() {
        armed = false;
    }

    /** One timer at the deadline, moved by every renewal, rather than a poll that wakes the process all the time. */
    private synchronized void scheduleCheck() {
        if (pending != null) {
            pending.cancel(false);
        }
        if (!timer.isShutdown()) {
            long delay = Math.max(0, deadline - nanoClock.getAsLong());
            pending = timer.schedule(this::check, delay, TimeUnit.NANOSECONDS);
        }
    }

    /** How long before the lease expires for the others a primary must already have stopped. */
    static long marginMillis(long ttlSeconds) {
        return Math.max(2000, ttlSeconds * 1000 / 6);
    }

    /** Whether a renewed lease is being guarded and its deadline has not passed (false once the guard fired). */
    boolean holds() {
        return armed && nanoClock.getAsLong() - deadline < 0;
    }

    boolean expired() {
        return armed && nanoClock.getAsLong() - deadline > 0;
    }

    void check() {
        if (expired()) {
            armed = false;
            log.error("my leader lease could not be renewed in time and the HA loop did not step down:"
                    + " stopping PostgreSQL now so that two primaries never take writes");
            try {
                stopPrimary.run();
            } catch (RuntimeException e) {
                log.error("could not stop PostgreSQL: {}", e.getMessage());
            }
        } else if (armed) {
            scheduleCheck();    // woke before the deadline
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
