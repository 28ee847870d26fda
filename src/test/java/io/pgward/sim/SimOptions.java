package io.pgward.sim;

import java.util.EnumSet;
import java.util.Set;

/**
 * How one run goes. Everything else comes from the seed: the synchronous mode (odd seeds), the faults and every
 * delay. The timing is the fault suite's: ttl 20, loop_wait 2, retry_timeout 5.
 *
 * @param faultMinutes simulated minutes with faults; then the faults stop and the run checks liveness
 * @param disabled     protections of pgward the model leaves out, to show what they prevent (only tests set any)
 * @param randomFaults false: only the faults a test scripts
 * @param verbose      trace every commit and WAL receiver step too
 */
record SimOptions(long seed, double faultMinutes, boolean synchronous, Set<Protection> disabled, boolean randomFaults,
                  boolean verbose) {

    /** Safety mechanisms of pgward that a test may switch off in the model to show the hazard each one prevents. */
    enum Protection {
        /** The fence process that stops PostgreSQL at the lease deadline ({@code postgres.Fence}). */
        FENCE,
        /** A synchronous leader restarting in place requires its recorded standbys again ({@code StartTasks}). */
        SYNC_STANDBYS_KEPT_ON_RESTART,
        /** A primary starts writable only under a lease renewed just before ({@code StartTasks.startPrimary}). */
        LEASE_RENEWED_BEFORE_PRIMARY_START
    }

    SimOptions {
        disabled = disabled.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(disabled));
    }

    static SimOptions forSeed(long seed, double faultMinutes) {
        return new SimOptions(seed, faultMinutes, (seed & 1) == 1, Set.of(), true, false);
    }

    SimOptions verbose(boolean on) {
        return new SimOptions(seed, faultMinutes, synchronous, disabled, randomFaults, on);
    }

    SimOptions without(Protection p) {
        Set<Protection> off = EnumSet.of(p);
        off.addAll(disabled);
        return new SimOptions(seed, faultMinutes, synchronous, off, randomFaults, verbose);
    }

    boolean has(Protection p) {
        return !disabled.contains(p);
    }

    int ttl() {
        return 20;
    }

    int loopWait() {
        return 2;
    }

    int retryTimeout() {
        return 5;
    }
}
