package io.pgward.sim;

/**
 * Scripted runs for hazards that must keep a seed of their own: the faults are fixed, the seed only draws the
 * delays. Named in the regression corpus ({@code src/test/resources/sim/regression-corpus.txt}).
 */
final class Scenarios {

    private Scenarios() {}

    /**
     * The primary's agent is frozen (SIGSTOP) for 60 s while its PostgreSQL keeps running: its lease expires and a
     * replica takes over. Without a fence the old primary keeps acknowledging commits without the lease.
     */
    static Simulation frozenPrimaryAgent(long seed, boolean synchronous, boolean fence) {
        SimOptions options = new SimOptions(seed, 1.5, synchronous, java.util.Set.of(), false, false);
        Simulation sim = new Simulation(fence ? options : options.without(SimOptions.Protection.FENCE));
        sim.at(20_000, () -> sim.agent("n1").freeze());
        sim.at(80_000, () -> sim.agent("n1").thaw());
        return sim;
    }

    /**
     * An operator's switchover from n1 under commits, to n2 (asynchronous mode) or to whichever node is the
     * synchronous standby (synchronous mode: only it qualifies): the hand-over loses nothing acknowledged.
     */
    static Simulation switchover(long seed, boolean synchronous) {
        Simulation sim = new Simulation(new SimOptions(seed, 1, synchronous, java.util.Set.of(), false, false));
        sim.at(20_000, () -> sim.switchover(synchronous ? null : "n2"));
        return sim;
    }

    /**
     * The primary's postmaster crashes; its agent decides to restart it in place (it holds the leader key) and is
     * then frozen for 40 s before it acts: its lease expires, a replica takes over, and the thawed agent carries out
     * its stale decision.
     */
    static Simulation staleStartPrimary(long seed, boolean synchronous, SimOptions.Protection... disabled) {
        Simulation sim = new Simulation(new SimOptions(seed, 1.5, synchronous, java.util.Set.of(disabled), false, false));
        sim.at(20_000, () -> {
            sim.agent("n1").freezeAfterDeciding(io.pgward.ha.Action.StartPrimary.class, 40_000);
            sim.trace.add("n1", "postmaster crashed (SIGKILL)");
            sim.servers.stopPostgres("n1", false, "crash");
        });
        return sim;
    }

    /** The simulation a corpus line names: "seed S [minutes M]" or "scenario NAME sync|async SEED". */
    static Simulation fromCorpusLine(String line) {
        String[] f = line.trim().split("\\s+");
        switch (f[0]) {
            case "seed" -> {
                double minutes = f.length > 3 && f[2].equals("minutes") ? Double.parseDouble(f[3])
                        : SimulationRun.DEFAULT_MINUTES;
                return new Simulation(SimOptions.forSeed(Long.parseLong(f[1]), minutes));
            }
            case "scenario" -> {
                if (f.length != 4 || !(f[2].equals("sync") || f[2].equals("async"))) {
                    throw new IllegalArgumentException("corpus line '" + line + "': expected 'scenario NAME sync|async SEED'");
                }
                boolean sync = f[2].equals("sync");
                long seed = Long.parseLong(f[3]);
                return switch (f[1]) {
                    case "frozen-primary-agent" -> frozenPrimaryAgent(seed, sync, true);
                    case "switchover" -> switchover(seed, sync);
                    case "stale-start-primary" -> staleStartPrimary(seed, sync);
                    default -> throw new IllegalArgumentException("corpus line '" + line + "': unknown scenario '"
                            + f[1] + "' (known: frozen-primary-agent, switchover)");
                };
            }
            default -> throw new IllegalArgumentException("corpus line '" + line
                    + "': expected 'seed S [minutes M]' or 'scenario NAME sync|async SEED'");
        }
    }
}
