package io.pgward.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The readable history of a run: one line per notable event, simulated time first. Commits and WAL receiver steps
 * are counted, not traced, unless the run is verbose.
 */
final class Trace {

    private final List<String> lines = new ArrayList<>();
    private final Scheduler clock;
    private final boolean verbose;

    Trace(Scheduler clock, boolean verbose) {
        this.clock = clock;
        this.verbose = verbose;
    }

    void add(String who, String what) {
        long t = clock.now();
        lines.add(String.format("%5d.%03ds %-5s %s", t / 1000, t % 1000, who, what));
    }

    /** Lines for the frequent events (commits, WAL receiver steps): kept only in a verbose run. */
    void detail(String who, java.util.function.Supplier<String> what) {
        if (verbose) {
            add(who, what.get());
        }
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    String text() {
        return String.join("\n", lines);
    }
}
