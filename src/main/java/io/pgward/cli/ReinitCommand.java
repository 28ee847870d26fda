package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code pgward reinit}: wipe replicas and clone them again from the leader ({@code POST /reinitialize}). */
@Command(name = "reinit", description = "Rebuild replicas from scratch: their data directory is deleted and cloned"
        + " again (POST /reinitialize).")
final class ReinitCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Mixin
    RestOptions rest;

    @Parameters(paramLabel = "MEMBER", arity = "1..*", description = "the members to rebuild")
    List<String> names;

    @Option(names = "--force", description = "do not ask, and cancel a task the member is running")
    boolean force;

    @Option(names = "--from-leader", description = "clone from the leader even if a clonefrom member exists")
    boolean fromLeader;

    @Option(names = "--wait", description = "wait until the members run again")
    boolean wait;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3600",
            description = "with --wait: give up after this long (default ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        try (EtcdDcs dcs = cluster.dcs()) {
            ClusterView view = cluster.requireCluster(dcs);
            String scope = cluster.scope();
            RestClient client = rest.client(cluster);
            if (Members.withoutClusterName(view, scope, names).isEmpty()) {
                throw new PgwardException(Code.BAD_REQUEST, "name the members to reinitialize, e.g. 'pgward reinit "
                        + view.members().stream().filter(m -> !view.isLeader(m.name())).map(Member::name).findFirst()
                        .orElse("node2") + "'");
            }
            List<Member> members = Members.select(view, scope, names, Members.Role.ANY);
            Prompt prompt = Prompt.stdin();
            if (!force) {
                System.out.print(ListCommand.render(scope, view));
                prompt.confirmOrAbort("Are you sure you want to reinitialize members "
                        + String.join(", ", members.stream().map(Member::name).toList())
                        + "? Their data directories are deleted.");
            }
            Set<String> started = new TreeSet<>();
            int result = Report.eachMember(System.out, "reinitialize", members, m -> {
                RestClient.Response r = client.call("POST", m, "/reinitialize", body(force, fromLeader));
                if (!r.ok() && !force && r.message().endsWith("already in progress")
                        && prompt.confirm(m.name() + ": " + r.message() + ". Cancel it and reinitialize anyway?")) {
                    r = client.call("POST", m, "/reinitialize", body(true, fromLeader));
                }
                if (r.ok()) {
                    started.add(m.name());
                }
                return r;
            });
            if (wait && !started.isEmpty()) {
                return Math.max(result, waitRunning(dcs, started, view.config().loopWait()));
            }
            return result;
        }
    }

    static Map<String, Object> body(boolean force, boolean fromLeader) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("force", force);
        if (fromLeader) {
            b.put("from_leader", true);
        }
        return b;
    }

    private int waitRunning(EtcdDcs dcs, Set<String> members, int loopWait) throws InterruptedException {
        System.out.println("Waiting for reinitialize to complete on: " + String.join(", ", members));
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(timeoutSeconds).toNanos();
        Map<String, ReinitProgress> progress = new LinkedHashMap<>();
        members.forEach(n -> progress.put(n, new ReinitProgress()));
        while (true) {
            ClusterView v = dcs.read();
            long elapsed = Duration.ofNanos(System.nanoTime() - start).toSeconds();
            for (var e : progress.entrySet()) {
                ReinitProgress p = e.getValue();
                String before = p.lastState;
                boolean wasDone = p.done;
                p.observe(v.member(e.getKey()).map(Member::state).orElse(null), elapsed, loopWait);
                if (p.lastState != null && !p.lastState.equals(before)) {
                    System.out.println(e.getKey() + ": " + p.lastState);
                }
                if (p.done && !wasDone) {
                    System.out.println("Success: reinitialize for member " + e.getKey() + " is done");
                }
            }
            if (progress.values().stream().allMatch(p -> p.done)) {
                return 0;
            }
            if (System.nanoTime() > deadline) {
                System.out.println("Timed out after " + timeoutSeconds + "s waiting for: " + String.join(", ",
                        progress.entrySet().stream().filter(e -> !e.getValue().done).map(Map.Entry::getKey).toList())
                        + " (they may still be cloning: see 'pgward list')");
                return 1;
            }
            Thread.sleep(2000);
        }
    }

    /**
     * Whether a reinitialized member runs again. Its key may still say "running" from before the request, so a
     * member counts as done once it ran after being seen in another state, or when it has shown "running" for
     * three HA cycles since the request without ever changing (a clone faster than the polling).
     */
    static final class ReinitProgress {
        String lastState;
        boolean sawOtherState;
        boolean done;

        void observe(String state, long elapsedSeconds, int loopWait) {
            lastState = state;
            if (!"running".equals(state)) {
                sawOtherState = true;
            } else if (sawOtherState || elapsedSeconds > 3L * loopWait) {
                done = true;
            }
        }
    }
}
