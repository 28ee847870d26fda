package io.pgward.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GET /primary on the leader and GET /replica on a replica: latency of one kept-alive client after a warm-up,
 * then requests per second of several such clients at once.
 */
record RestMeasurement(Options o, Results res) {

    void run(BenchCluster c, int trial, String leader) throws Exception {
        int li = c.index(leader);
        int ri = (li + 1) % c.n();
        measure(c, trial, "primary", c.layout.restPort(li));
        measure(c, trial, "replica", c.layout.restPort(ri));
        underHalfOpenConnections(c, trial, c.layout.restPort(li));
    }

    /** Connections that send part of a request and then nothing, held open while the health check is measured. */
    static final int HALF_OPEN = 64;

    /**
     * GET /primary latency while {@link #HALF_OPEN} connections each hold an unfinished request (a slow or malicious
     * client): a load balancer's check must not wait behind them.
     */
    private void underHalfOpenConnections(BenchCluster c, int trial, int port) throws Exception {
        List<java.net.Socket> held = new ArrayList<>();
        long[] lat = new long[200];
        int bad = 0;
        try {
            for (int i = 0; i < HALF_OPEN; i++) {
                java.net.Socket s = new java.net.Socket();
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000);
                s.getOutputStream().write(("GET /primary HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                held.add(s);
            }
            Time.sleep(1);
            try (RawHttp h = new RawHttp(port)) {
                for (int i = 0; i < lat.length; i++) {
                    long st = System.nanoTime();
                    int code;
                    try {
                        code = h.get("/primary");
                    } catch (IOException e) {
                        code = 0;
                    }
                    lat[i] = System.nanoTime() - st;
                    if (code != 200) {
                        bad++;
                    }
                }
            }
        } finally {
            for (java.net.Socket s : held) {
                try {
                    s.close();
                } catch (IOException e) {
                    Log.log("closing a half-open connection: " + e);
                }
            }
        }
        Arrays.sort(lat);
        Profile p = c.profile;
        res.add(c.tool, p, trial, "-", "rest", "primary_halfopen64_p50_ms", Stats.percentile(lat, 50), "ms");
        res.add(c.tool, p, trial, "-", "rest", "primary_halfopen64_max_ms", lat[lat.length - 1] / 1e6, "ms");
        res.add(c.tool, p, trial, "-", "rest", "primary_halfopen64_non200", bad, "requests");
    }

    private void measure(BenchCluster c, int trial, String path, int port) throws Exception {
        Profile p = c.profile;
        long[] lat = new long[o.restRequests];
        int bad = 0;
        int connects;
        try (RawHttp h = new RawHttp(port)) {
            for (int i = 0; i < o.restWarmup; i++) {
                h.get("/" + path);
            }
            h.connects = 0;
            long deadline = System.nanoTime() + 20_000_000_000L;
            for (int i = 0; i < o.restRequests; i++) {
                if (System.nanoTime() > deadline) {
                    lat = Arrays.copyOf(lat, i);
                    break;
                }
                long s = System.nanoTime();
                int code = h.get("/" + path);
                lat[i] = System.nanoTime() - s;
                if (code != 200) {
                    bad++;
                }
            }
            connects = h.connects;
        }
        Arrays.sort(lat);
        res.add(c.tool, p, trial, "-", "rest", path + "_p50_ms", Stats.percentile(lat, 50), "ms");
        res.add(c.tool, p, trial, "-", "rest", path + "_p99_ms", Stats.percentile(lat, 99), "ms");
        res.add(c.tool, p, trial, "-", "rest", path + "_new_conn_pct", 100.0 * connects / Math.max(1, lat.length),
                "%");
        res.add(c.tool, p, trial, "-", "rest", path + "_latency_requests", lat.length, "requests");
        if (bad > 0) {
            res.add(c.tool, p, trial, "-", "rest", path + "_non200", bad, "requests");
        }
        double rps = throughput(path, port);
        res.add(c.tool, p, trial, "-", "rest", path + "_rps", rps, "req/s");
    }

    /** Requests per second of o.restThreads kept-alive clients during o.restThroughputSeconds. */
    private double throughput(String path, int port) throws InterruptedException {
        AtomicLong count = new AtomicLong();
        long end = System.nanoTime() + o.restThroughputSeconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < o.restThreads; t++) {
            threads.add(new Thread(() -> {
                try (RawHttp h = new RawHttp(port)) {
                    while (System.nanoTime() < end) {
                        h.get("/" + path);
                        count.incrementAndGet();
                    }
                } catch (IOException e) {
                    Log.log("rest throughput client: " + e);
                }
            }));
        }
        long s = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread th : threads) {
            th.join();
        }
        return count.get() / Time.secs(System.nanoTime() - s);
    }
}
