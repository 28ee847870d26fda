package io.pgward.bench;

import java.io.IOException;

/**
 * The event of a scenario, and what the scenario measures around it beyond the common figures (window, first
 * write, lost writes). The runner calls the hooks in the order they are declared here.
 */
abstract class Disruption {

    /** The disruption of a scenario (a, b, c, d, e, or the opt-in f and g). */
    static Disruption of(String scenario) {
        return switch (scenario) {
            case "a" -> new HostCrash();
            case "b" -> new PostmasterKill();
            case "c" -> new PlannedSwitchover();
            case "d" -> new AgentSigterm();
            case "e" -> new ProcessCrash();
            case "f" -> new EtcdFreeze(false);
            case "g" -> new EtcdFreeze(true);
            default -> throw new IllegalArgumentException(scenario);
        };
    }

    /** Brings the event about on a healthy cluster with the writer running; returns its System.nanoTime(). */
    abstract long fire(ScenarioContext x) throws Exception;

    /** Whether writes flow again after the event at t0: by default, a write acknowledged by another node. */
    boolean resumed(ScenarioContext x, Writer w, long t0) {
        return w.ackedAfter(t0, x.li());
    }

    /** Once writes flow again, before the runner waits for a healthy cluster. */
    void afterResume(ScenarioContext x, long t0) throws Exception {
    }

    /** Once the writer has stopped. */
    void writerStopped() throws InterruptedException {
    }

    /** Once the window is measured; gapEnd is the acknowledged write that ended it. */
    void measured(ScenarioContext x, long t0, long gapEnd) {
    }

    /** Once the cluster is healthy again, with newLeader on timeline timelineAfter. */
    void healed(ScenarioContext x, String newLeader, int timelineAfter) {
    }

    /** The postmaster of the primary before the event. */
    static ProcessHandle postmaster(ScenarioContext x) {
        return Processes.postmasterOf(x.c().layout.dataDir(x.li())).orElseThrow(
                () -> new IllegalStateException("no postmaster.pid for " + x.leader()));
    }

    /** Restarts the old primary's agent and times until its PostgreSQL streams from the new primary. */
    static void rejoin(ScenarioContext x) throws IOException {
        BenchCluster c = x.c();
        double timeout = c.profile.healTimeout();
        long ts = System.nanoTime();
        c.agents.start(x.li());
        boolean back = Time.waitFor(timeout, 0.1, () -> {
            c.agents.checkAlive();
            return c.probe(x.li()).streamingReplica();
        });
        if (back) {
            x.add("rejoin_s", Time.secs(System.nanoTime() - ts), "s");
        } else {
            x.run().put("note", "old primary not streaming within " + timeout + " s");
            x.failure("rejoin", "old primary " + x.leader() + " not streaming within " + timeout + " s: "
                    + c.describe());
        }
    }
}
