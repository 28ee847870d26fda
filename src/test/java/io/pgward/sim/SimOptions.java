package io.pgward.sim;

/**
 * How one run goes. Everything else comes from the seed: the synchronous mode (odd seeds), the faults and every
 * delay. The timing is the fault suite's: ttl 20, loop_wait 2, retry_timeout 5.
 *
 * @param faultMinutes simulated minutes with faults; then the faults stop and the run checks liveness
 * @param fence        false models nodes without a fence (only tests set it)
 * @param randomFaults false: only the faults a test scripts
 * @param verbose      trace every commit and WAL receiver step too
 */
record SimOptions(long seed, double faultMinutes, boolean synchronous, boolean fence, boolean randomFaults,
                  boolean verbose) {

    static SimOptions forSeed(long seed, double faultMinutes) {
        return new SimOptions(seed, faultMinutes, (seed & 1) == 1, true, true, false);
    }

    SimOptions verbose(boolean on) {
        return new SimOptions(seed, faultMinutes, synchronous, fence, randomFaults, on);
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
