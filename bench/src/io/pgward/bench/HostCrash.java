package io.pgward.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * (a) A host lost: kill -9 of the primary's agent and everything it started (pgward's fence too), and of its postmaster
 * and every child, at the same instant: nothing is left on the host to speak for it. Also measures the lease TTL left
 * and the time from the leader key's change to the first write, then restarts the agent and times its rejoin.
 */
class HostCrash extends Disruption {

    private volatile long keyChanged;
    private Thread keyWatch;

    @Override
    long fire(ScenarioContext x) {
        BenchCluster c = x.c();
        String[] kv = c.leaderKeyWithLease();
        long ttlLeft = kv == null ? -1 : c.etcd.leaseTtl(kv[1]);
        List<ProcessHandle> doomed = victims(x, postmaster(x));
        long t0 = System.nanoTime();
        doomed.forEach(ProcessHandle::destroyForcibly);
        x.run().put("lease_ttl_left_s", ttlLeft);
        x.add("lease_left_s", ttlLeft, "s");
        keyWatch = new Thread(() -> watchLeaderKey(c, x.leader(), t0), "key-watch");
        keyWatch.setDaemon(true);
        keyWatch.start();
        return t0;
    }

    /** What the event kills: here everything of the node, as when its host is lost. */
    List<ProcessHandle> victims(ScenarioContext x, ProcessHandle pm) {
        List<ProcessHandle> doomed = new ArrayList<>();
        doomed.add(x.agent().toHandle());
        doomed.addAll(x.agent().descendants().toList());
        doomed.add(pm);
        doomed.addAll(pm.descendants().toList());
        return doomed;
    }

    /** Polls etcd every 20 ms (up to 600 s) for the moment the leader key stops naming the old primary. */
    private void watchLeaderKey(BenchCluster c, String leader, long t0) {
        while (System.nanoTime() - t0 < 600e9) {
            try {
                if (!leader.equals(c.leaderKey())) {
                    keyChanged = System.nanoTime();
                    return;
                }
            } catch (RuntimeException e) {
                // etcd hiccup: keep polling
            }
            Time.sleep(0.02);
        }
    }

    @Override
    void afterResume(ScenarioContext x, long t0) throws Exception {
        rejoin(x);
    }

    @Override
    void writerStopped() throws InterruptedException {
        keyWatch.join(1000);
    }

    @Override
    void measured(ScenarioContext x, long t0, long gapEnd) {
        long changed = keyChanged;
        if (changed > 0) {
            x.add("after_lease_s", Time.secs(gapEnd - changed), "s");
            x.run().put("leader_key_changed_after_s", Stats.round(Time.secs(changed - t0)));
        }
    }
}
