package io.pgward.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One scenario on a healthy cluster: a writer runs, the scenario's {@link Disruption} happens, writes resume, the
 * cluster heals; then the unavailability window, the first write after the event and the lost writes are
 * recorded.
 */
record ScenarioRunner(Options o, Results res) {

    void run(BenchCluster c, int trial, String mode, String sc) throws Exception {
        Profile p = c.profile;
        String leader = c.awaitHealthy(p.healTimeout());
        if (mode.equals("sync") && !Time.waitFor(p.syncTimeout(), 0.2, () -> c.syncReady(leader))) {
            throw new IllegalStateException("no synchronous standby before the event");
        }
        int li = c.index(leader);
        int tlBefore = c.probe(li).timeline();
        ObjectNode run = res.scenarios.addObject();
        run.put("tool", c.tool).put("profile", p.name()).put("trial", trial).put("mode", mode).put("scenario", sc)
                .put("old_leader", leader).put("timeline_before", tlBefore);
        if (mode.equals("sync")) {
            run.put("sync_standby_before", c.syncStandby());
        }
        ScenarioContext x = new ScenarioContext(c, res, trial, mode, sc, leader, li, tlBefore, run);
        Disruption d = Disruption.of(sc);
        Writer w = new Writer(c, (li + c.n() - 1) % c.n()); // first attempt goes to the leader
        w.start();
        Writer hw = c.haproxy == null ? null : Writer.routed(c, c.haproxy.rwPort);
        if (hw != null) {
            hw.start();
        }
        try {
            if (!Time.waitFor(20, 0.05, () -> w.ackCount() >= 3)) {
                throw new IllegalStateException("the writer could not write before the event: " + c.describe());
            }
            Time.sleep(o.baselineSeconds);
            long t0 = d.fire(x);
            double failTimeout = p.healTimeout();
            if (!Time.waitFor(failTimeout, 0.05, () -> d.resumed(x, w, t0))) {
                run.put("note", "no write acknowledged within " + failTimeout + " s");
                throw new IllegalStateException("writes did not resume within " + failTimeout + " s after the event: "
                        + c.describe() + "; writer's last error: " + w.lastError());
            }
            d.afterResume(x, t0);
            String newLeader = c.awaitHealthy(p.healTimeout());
            Time.sleep(o.tailSeconds);
            if (hw != null) {
                // the client behind HAProxy has written since the direct writer resumed (or the wait times out)
                long resumedAt = WriteGap.longestAfter(w.snapshot(), t0, System.nanoTime()).end();
                Time.waitFor(p.healTimeout(), 0.05, () -> hw.lastAck() > resumedAt);
            }
            long tEnd = System.nanoTime();
            w.stop();
            if (hw != null) {
                hw.stop();
            }
            d.writerStopped();
            List<long[]> acks = w.snapshot();
            WriteGap gap = WriteGap.longestAfter(acks, t0, tEnd);
            double window = Time.secs(gap.nanos());
            double first = Time.secs(gap.end() - t0);
            x.add("window_s", window, "s");
            x.add("first_write_s", first, "s");
            d.measured(x, t0, gap.end());
            if (hw != null) {
                routed(x, c, hw.snapshot(), t0, tEnd, window);
            }
            int ni = c.index(newLeader);
            int tlAfter = c.probe(ni).timeline();
            run.put("new_leader", newLeader).put("timeline_after", tlAfter);
            d.healed(x, newLeader, tlAfter);
            // acknowledged writes missing on the final primary
            Set<Long> acked = acks.stream().map(a -> a[0]).collect(Collectors.toCollection(HashSet::new));
            List<Long> lost = LostWrites.missing(c, ni, acked);
            x.add("lost_writes", lost.size(), "writes");
            run.put("acked", acked.size()).put("lost", lost.size()).put("window_s", Stats.round(window))
                    .put("first_write_s", Stats.round(first));
            if (!lost.isEmpty()) {
                ArrayNode l = run.putArray("lost_ids_first");
                lost.stream().limit(20).forEach(l::add);
                run.put("lost_acked_on", LostWrites.byNode(acks, new HashSet<>(lost), c));
            }
        } finally {
            if (!w.stopped()) {
                w.stop();
            }
            if (hw != null) {
                hw.stop();
            }
        }
    }

    /**
     * The client behind HAProxy: its longest gap after the event, what that adds to the direct writer's window in
     * the same run, and its acknowledged writes missing on the new primary.
     */
    private static void routed(ScenarioContext x, BenchCluster c, List<long[]> acks, long t0, long tEnd,
                               double window) throws Exception {
        WriteGap gap = WriteGap.longestAfter(acks, t0, tEnd);
        double routedWindow = Time.secs(gap.nanos());
        x.add("haproxy_window_s", routedWindow, "s");
        x.add("haproxy_added_s", routedWindow - window, "s");
        String leader = c.awaitHealthy(c.profile.healTimeout());
        Set<Long> acked = acks.stream().map(a -> a[0]).collect(Collectors.toCollection(HashSet::new));
        List<Long> lost = LostWrites.missing(c, c.index(leader), acked);
        x.add("haproxy_lost_writes", lost.size(), "writes");
        x.run().put("haproxy_window_s", Stats.round(routedWindow)).put("haproxy_acked", acked.size())
                .put("haproxy_lost", lost.size());
    }
}
