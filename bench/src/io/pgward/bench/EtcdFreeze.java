package io.pgward.bench;

/**
 * (f) and (g): the cluster's only etcd member frozen (SIGSTOP) for 40 s, then thawed; (g) with
 * {@code failsafe_mode: true} set through {@code PATCH /config} before the freeze and removed once the cluster is
 * healthy again. Without failsafe_mode the primary must step down before its lease could run out, so writes stop
 * until etcd answers again and a leader is elected; with it, the primary stays writable while every member accepts
 * its {@code POST /failsafe}. The window is the longest write gap from the freeze until a write after the thaw.
 */
final class EtcdFreeze extends Disruption {

    static final double FROZEN_SECONDS = 40;
    private static final String FAILSAFE_KEY = "/service/" + NodeConfig.SCOPE + "/failsafe";

    private final boolean failsafe;
    private volatile long thawedAt;

    EtcdFreeze(boolean failsafe) {
        this.failsafe = failsafe;
    }

    @Override
    long fire(ScenarioContext x) throws Exception {
        BenchCluster c = x.c();
        if (failsafe) {
            RestApi.patchConfig(c.layout.restPort(x.li()), "{\"failsafe_mode\": true}");
            // the leader publishes the failsafe topology once it runs with failsafe_mode: only then does it count
            if (!Time.waitFor(60, 0.2, () -> c.etcd.get(FAILSAFE_KEY) != null)) {
                throw new IllegalStateException("no failsafe key 60 s after PATCH /config failsafe_mode: true");
            }
            Time.sleep(c.profile.loopWait() * 2.0);    // every member has read the new configuration
        }
        c.etcdProcess.signal("STOP");
        long t0 = System.nanoTime();
        Thread thaw = new Thread(() -> {
            Time.sleep(FROZEN_SECONDS);
            try {
                c.etcdProcess.signal("CONT");
            } catch (Exception e) {
                throw new IllegalStateException("could not thaw etcd: " + e.getMessage(), e);
            } finally {
                thawedAt = System.nanoTime();
            }
        }, "bench-etcd-thaw");
        thaw.setDaemon(true);
        thaw.start();
        return t0;
    }

    /** A write acknowledged (by any node) after etcd was thawed. */
    @Override
    boolean resumed(ScenarioContext x, Writer w, long t0) {
        long thawed = thawedAt;
        return thawed != 0 && w.ackedAfter(thawed, -1);
    }

    @Override
    void measured(ScenarioContext x, long t0, long gapEnd) {
        x.run().put("failsafe_mode", failsafe).put("etcd_frozen_s", FROZEN_SECONDS);
    }

    @Override
    void healed(ScenarioContext x, String newLeader, int timelineAfter) {
        if (!failsafe) {
            return;
        }
        try {
            RestApi.patchConfig(x.c().layout.restPort(x.c().index(newLeader)), "{\"failsafe_mode\": null}");
        } catch (Exception e) {
            x.failure("failsafe_mode off", e.toString());
        }
    }
}
