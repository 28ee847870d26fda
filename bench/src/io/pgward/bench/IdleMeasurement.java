package io.pgward.bench;

import java.io.IOException;
import java.util.Arrays;

/** CPU and resident memory of each agent process on a healthy, idle cluster (no writer). */
record IdleMeasurement(Options o, Results res) {

    /** Clock ticks per second of /proc/PID/stat. */
    private static final double HZ = 100.0;

    void run(BenchCluster c, int trial, String leader) throws IOException {
        Profile p = c.profile;
        Log.log("idle: measuring the agents' CPU and RSS for " + o.idleSeconds + " s");
        Time.sleep(3);
        long[] pids = new long[c.n()];
        long[] t0 = new long[c.n()];
        double[] rssMax = new double[c.n()];
        for (int i = 0; i < c.n(); i++) {
            pids[i] = c.agents.process(i).pid();
            t0[i] = ProcStats.cpuTicks(pids[i]);
        }
        long start = System.nanoTime();
        int steps = Math.max(1, o.idleSeconds / 5);
        for (int s = 0; s < steps; s++) {
            Time.sleep(o.idleSeconds / (double) steps);
            for (int i = 0; i < c.n(); i++) {
                rssMax[i] = Math.max(rssMax[i], ProcStats.rssMiB(pids[i]));
            }
        }
        double elapsed = Time.secs(System.nanoTime() - start);
        double cpuSum = 0;
        double rssSum = 0;
        int li = c.index(leader);
        double cpuLeader = 0;
        for (int i = 0; i < c.n(); i++) {
            double cpu = (ProcStats.cpuTicks(pids[i]) - t0[i]) / HZ / elapsed * 100.0;
            double rss = ProcStats.rssMiB(pids[i]);
            cpuSum += cpu;
            rssSum += rss;
            if (i == li) {
                cpuLeader = cpu;
                res.add(c.tool, p, trial, "-", "idle", "rss_leader_mib", rss, "MiB");
            }
        }
        res.add(c.tool, p, trial, "-", "idle", "rss_mib", rssSum / c.n(), "MiB");
        res.add(c.tool, p, trial, "-", "idle", "rss_max_mib", Arrays.stream(rssMax).max().orElse(0), "MiB");
        res.add(c.tool, p, trial, "-", "idle", "cpu_pct", cpuSum / c.n(), "%");
        res.add(c.tool, p, trial, "-", "idle", "cpu_leader_pct", cpuLeader, "%");
    }
}
