package io.pgward.sim;

/**
 * The fence process of one node (a model of {@code postgres.Fence}): outside the agent, so a frozen or killed agent
 * does not stop it. Armed with a deadline at each lease renewal; when the deadline passes unrenewed it stops the
 * postmaster at once (SIGQUIT). When the agent dies while it is armed (its pipe closed) it takes over: the postmaster
 * gone, it revokes the agent's lease at once; else it stops it at the deadline and then revokes. A frozen agent keeps
 * the pipe open, so nothing is revoked. {@code enabled} false models a node without a fence (a test switch).
 */
final class SimFence {

    private final Simulation sim;
    private final String node;
    private final boolean enabled;
    private boolean armed;
    private long deadline;
    private long lease;
    private boolean agentDead;
    private int token;

    SimFence(Simulation sim, String node, boolean enabled) {
        this.sim = sim;
        this.node = node;
        this.enabled = enabled;
    }

    void arm(long deadlineAt, long leaseId) {
        if (!enabled) {
            return;
        }
        armed = true;
        deadline = deadlineAt;
        lease = leaseId;
        int t = ++token;
        sim.clock.at(deadlineAt, () -> {
            if (t == token && armed) {
                fire();
            }
        });
    }

    void disarm() {
        armed = false;
        token++;
    }

    /** A restarted agent replaces the orphaned fence, which keeps the deadline it was last given. */
    void agentStarted() {
        agentDead = false;
    }

    void agentDied() {
        agentDead = true;
        if (armed && !sim.servers.postmasterAlive(node)) {
            armed = false;
            token++;
            revoke();
        }
    }

    private void fire() {
        armed = false;
        sim.trace.add(node, "fence: the lease deadline passed without renewal: stopping PostgreSQL (immediate)");
        sim.servers.stopPostgres(node, false, "fence");
        if (agentDead) {
            revoke();
        }
    }

    private void revoke() {
        try {
            sim.etcd.revoke(node, lease);
            sim.trace.add(node, "fence: the agent died and its PostgreSQL is gone: revoked its etcd lease");
        } catch (SimEtcd.Unavailable e) {
            sim.trace.add(node, "fence: could not revoke the dead agent's lease (" + e.getMessage() + ")");
        }
    }

    long deadline() {
        return armed ? deadline : -1;
    }
}
