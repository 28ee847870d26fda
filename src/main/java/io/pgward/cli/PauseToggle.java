package io.pgward.cli;

import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What {@code pause} and {@code resume} share: {@code PATCH /config {"pause": true|null}} and the wait. */
final class PauseToggle {
    private PauseToggle() {}

    static int run(ClusterOptions cluster, RestOptions rest, boolean pause, boolean wait) throws InterruptedException {
        String word = pause ? "paused" : "resumed";
        try (EtcdDcs dcs = cluster.dcs()) {
            ClusterView view = cluster.requireCluster(dcs);
            String scope = cluster.scope();
            if (view.config().pause() == pause) {
                throw new Refused("cluster " + scope + " is " + (pause ? "already" : "not") + " paused");
            }
            RestClient client = rest.client(cluster);
            Set<String> before = RawMembers.read(dcs, cluster.keyPrefix()).keySet();
            ClusterCalls.Answer a = ClusterCalls.leaderFirst(client, view, "PATCH", "/config",
                    body(pause), RestClient.DEFAULT_TIMEOUT);
            if (!a.response().ok()) {
                System.out.println("Failed: " + (pause ? "pause" : "resume") + " via member " + a.member().name()
                        + ", " + a.response().describe());
                return 1;
            }
            if (wait) {
                System.out.println("'" + (pause ? "pause" : "resume") + "' request sent, waiting until it is"
                        + " recognized by all members");
                List<String> late = waitForMembers(dcs, cluster.keyPrefix(), before, pause,
                        Duration.ofSeconds(2L * view.config().loopWait() + 5));
                if (!late.isEmpty()) {
                    System.out.println("Not yet " + word + " on: " + String.join(", ", late)
                            + " (their agents may be down or slow: see 'pgward list')");
                    return 1;
                }
            }
            System.out.println("Success: cluster management is " + word);
            return 0;
        }
    }

    static Map<String, Object> body(boolean pause) {
        return Collections.singletonMap("pause", pause ? Boolean.TRUE : null);
    }

    /** The members (of those present before the request) whose key does not show the new state by the deadline. */
    private static List<String> waitForMembers(EtcdDcs dcs, String prefix, Set<String> members, boolean pause,
                                               Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> late = notYet(RawMembers.read(dcs, prefix), members, pause);
            if (late.isEmpty() || System.nanoTime() > deadline) {
                return late;
            }
            Thread.sleep(1000);
        }
    }

    /** Members that do not (yet) show {@code "pause": true} (pausing) or still show it (resuming). */
    static List<String> notYet(Map<String, Map<String, Object>> current, Set<String> members, boolean pause) {
        return members.stream().filter(n -> {
            Map<String, Object> m = current.get(n);
            return m == null || RawMembers.paused(m) != pause;
        }).sorted().toList();
    }
}
