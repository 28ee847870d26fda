package io.pgward.sim;

import java.util.List;

/**
 * How a run ended.
 *
 * @param replay        how to run it again, step for step
 * @param violation     the broken invariant, null when none
 * @param lost          (5) acknowledged commits missing on the final leader (asynchronous mode may lose some)
 * @param convergedAfterMillis (4) from the end of the faults to one leader with every replica streaming; -1 if never
 */
record SimResult(long seed, boolean synchronous, String replay, String violation, List<String> trace, long simulatedMillis,
                 long events, long decisions, long faults, long acknowledged, long lost, long convergedAfterMillis) {

    boolean passed() {
        return violation == null;
    }

    /** What a failure prints: the seed, how to replay it, the invariant and the trace. */
    String report() {
        return "seed " + seed + " (" + (synchronous ? "synchronous" : "asynchronous") + " mode): " + violation
                + "\nreplay: " + replay + "\n" + String.join("\n", trace);
    }

    String summary() {
        return String.format("seed %d %s: %s, %.1f simulated min, %d events, %d decisions, %d faults, %d acknowledged,"
                        + " %d lost, converged %s", seed, synchronous ? "sync" : "async",
                passed() ? "pass" : "FAIL", simulatedMillis / 60000.0, events, decisions, faults, acknowledged, lost,
                convergedAfterMillis < 0 ? "never" : String.format("%.1fs", convergedAfterMillis / 1000.0));
    }
}
