package io.pgward.bench;

import java.util.concurrent.TimeUnit;

/**
 * (d) SIGTERM to the primary's agent, which then stops PostgreSQL and releases the leader key. Also times the
 * agent's exit, then restarts it and times its rejoin.
 */
final class AgentSigterm extends Disruption {

    @Override
    long fire(ScenarioContext x) {
        long t0 = System.nanoTime();
        x.agent().destroy();
        return t0;
    }

    @Override
    void afterResume(ScenarioContext x, long t0) throws Exception {
        Process agent = x.agent();
        if (!agent.waitFor(60, TimeUnit.SECONDS)) {
            x.c().notes.add(x.leader() + ": agent still running 60 s after SIGTERM; killed");
            agent.destroyForcibly();
            agent.waitFor(10, TimeUnit.SECONDS);
        }
        double exit = Time.secs(System.nanoTime() - t0);
        x.run().put("agent_exit_s", Stats.round(exit));
        if (Processes.postmasterOf(x.c().layout.dataDir(x.li())).isPresent()) {
            x.c().notes.add(x.leader() + ": PostgreSQL still running after its agent exited on SIGTERM");
            x.run().put("postgres_left_running", true);
        }
        x.add("agent_exit_s", exit, "s");
        rejoin(x);
    }
}
