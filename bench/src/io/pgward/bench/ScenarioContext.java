package io.pgward.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One scenario run: the cluster, the primary before the event (name, index, timeline) and the JSON object that
 * describes the run in scenario_runs.
 */
record ScenarioContext(BenchCluster c, Results res, int trial, String mode, String scenario, String leader, int li,
                       int timelineBefore, ObjectNode run) {

    boolean sync() {
        return mode.equals("sync");
    }

    /** The agent process of the primary before the event. */
    Process agent() {
        return c.agents.process(li);
    }

    /** A measurement of this scenario run. */
    void add(String metric, double value, String unit) {
        res.add(c.tool, c.profile, trial, mode, scenario, metric, value, unit);
    }

    /** A failed part of this scenario run, e.g. "rejoin". */
    void failure(String what, String message) {
        res.failure(c.tool, c.profile, trial, mode + "/" + scenario + " " + what, message);
    }
}
