package io.pgward.sim;

/**
 * {@code scripts/simulate.sh}: runs seeds and prints a line per failure (with its trace) and a summary.
 * {@code --seed S} replays one seed and prints its trace; {@code --seeds N} runs seeds 1..N; {@code --minutes M}
 * sets the simulated minutes of faults per seed; {@code --verbose} traces every commit and WAL receiver step.
 */
public final class SimMain {

    private SimMain() {}

    public static void main(String[] args) {
        long seeds = 100;
        Long single = null;
        double minutes = SimulationRun.DEFAULT_MINUTES;
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Long.parseLong(value(args, ++i, "--seeds"));
                case "--seed" -> single = Long.parseLong(value(args, ++i, "--seed"));
                case "--minutes" -> minutes = Double.parseDouble(value(args, ++i, "--minutes"));
                case "--verbose" -> verbose = true;
                default -> {
                    System.err.println("unknown argument '" + args[i] + "': use --seeds N, --seed S, --minutes M,"
                            + " --verbose");
                    System.exit(2);
                }
            }
        }
        if (single != null) {
            SimResult r = new Simulation(SimOptions.forSeed(single, minutes).verbose(verbose)).run();
            System.out.println(String.join("\n", r.trace()));
            System.out.println(r.summary());
            System.exit(r.passed() ? 0 : 1);
        }
        SimulationRun.Totals totals = SimulationRun.seeds(1, seeds, minutes, r -> System.out.println(r.report()));
        System.out.println(totals.summary());
        System.exit(totals.failed() == 0 ? 0 : 1);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
