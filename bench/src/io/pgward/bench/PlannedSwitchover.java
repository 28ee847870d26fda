package io.pgward.bench;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * (c) POST /switchover to the primary's REST API, naming the first streaming replica (in synchronous mode the
 * synchronous standby) as candidate. A refused request ends the wait for writes at once.
 */
final class PlannedSwitchover extends Disruption {

    private CompletableFuture<HttpResponse<String>> post;

    @Override
    long fire(ScenarioContext x) {
        BenchCluster c = x.c();
        // in synchronous mode only the synchronous standby may take over (Patroni answers 412 otherwise)
        String cand = x.sync() ? c.syncStandby() : null;
        for (int i = 0; i < c.n() && cand == null; i++) {
            if (i != x.li() && "streaming".equals(c.probe(i).walReceiver())) {
                cand = c.name(i);
            }
        }
        if (cand == null) {
            throw new IllegalStateException("no streaming candidate for the switchover");
        }
        x.run().put("candidate", cand);
        long t0 = System.nanoTime();
        post = RestApi.switchover(c.layout.restPort(x.li()), x.leader(), cand);
        return t0;
    }

    @Override
    boolean resumed(ScenarioContext x, Writer w, long t0) {
        if (post.isDone()) {
            HttpResponse<String> r = post.getNow(null);
            if (r == null || r.statusCode() != 200) {
                throw new RefusedSwitchover(r == null ? "POST /switchover failed"
                        : "POST /switchover answered " + r.statusCode() + ": " + r.body());
            }
        }
        return super.resumed(x, w, t0);
    }

    /** Records the answer to POST /switchover (waiting up to 150 s for it). */
    @Override
    void afterResume(ScenarioContext x, long t0) {
        try {
            HttpResponse<String> r = post.get(150, TimeUnit.SECONDS);
            x.run().put("switchover_status", r.statusCode());
            x.run().put("switchover_body", r.body().length() > 300 ? r.body().substring(0, 300) : r.body());
            if (r.statusCode() != 200) {
                x.c().notes.add("POST /switchover answered " + r.statusCode() + ": " + r.body());
            }
        } catch (Exception e) {
            x.run().put("switchover_status", -1);
            x.c().notes.add("POST /switchover failed: " + e);
        }
    }
}
