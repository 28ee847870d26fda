package io.pgward.sim;

import java.util.function.Consumer;

/** Runs a range of seeds and adds up what they did; used by {@link SimMain} and the tests. */
final class SimulationRun {

    static final double DEFAULT_MINUTES = 4;

    record Totals(long seeds, long failed, long simulatedMillis, long events, long decisions, long faults,
                  long acknowledged, long lost, long worstLost, long worstConvergenceMillis, long wallMillis) {

        String summary() {
            return String.format("%d seeds, %d failed; %.1f simulated hours, %d events (%.0f per second of wall time),"
                            + " %d decisions, %d faults, %d acknowledged commits, %d lost (asynchronous mode, at most %d in one seed),"
                            + " slowest convergence after the faults %.1f s; %.1f s wall time",
                    seeds, failed, simulatedMillis / 3_600_000.0, events, events * 1000.0 / Math.max(1, wallMillis),
                    decisions, faults, acknowledged, lost, worstLost, worstConvergenceMillis / 1000.0, wallMillis / 1000.0);
        }
    }

    private SimulationRun() {}

    static Totals seeds(long first, long count, double minutes, Consumer<SimResult> onFailure) {
        long start = System.nanoTime();
        long failed = 0, sim = 0, events = 0, decisions = 0, faults = 0, acks = 0, lost = 0, worstLost = 0, worst = 0;
        for (long seed = first; seed < first + count; seed++) {
            SimResult r = new Simulation(SimOptions.forSeed(seed, minutes)).run();
            if (!r.passed()) {
                failed++;
                onFailure.accept(r);
            }
            sim += r.simulatedMillis();
            events += r.events();
            decisions += r.decisions();
            faults += r.faults();
            acks += r.acknowledged();
            lost += Math.max(0, r.lost());
            worstLost = Math.max(worstLost, r.lost());
            worst = Math.max(worst, r.convergedAfterMillis());
        }
        return new Totals(count, failed, sim, events, decisions, faults, acks, lost, worstLost, worst,
                (System.nanoTime() - start) / 1_000_000);
    }
}
