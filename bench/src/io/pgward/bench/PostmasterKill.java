package io.pgward.bench;

/**
 * (b) kill -9 of the primary's postmaster only (its children then exit by themselves). Also records whether the
 * same node is primary afterwards, on the same timeline.
 */
final class PostmasterKill extends Disruption {

    @Override
    long fire(ScenarioContext x) {
        ProcessHandle pm = postmaster(x);
        long t0 = System.nanoTime();
        pm.destroyForcibly();
        return t0;
    }

    /** The same node may take writes again: any write acknowledged after a failed attempt counts too. */
    @Override
    boolean resumed(ScenarioContext x, Writer w, long t0) {
        return w.resumedAfter(t0) || super.resumed(x, w, t0);
    }

    @Override
    void healed(ScenarioContext x, String newLeader, int timelineAfter) {
        boolean sameNode = newLeader.equals(x.leader());
        x.add("same_node", sameNode ? 1 : 0, "bool");
        x.add("same_timeline", sameNode && timelineAfter == x.timelineBefore() ? 1 : 0, "bool");
    }
}
