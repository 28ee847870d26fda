package io.pgward.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault-injection suite: a 3-node cluster whose nodes and etcd each live in their own network namespace, a
 * writer that records every acknowledged insert (with the node, timeline and server time of its acknowledgement; one
 * writer per node besides the one that follows the primary), and a probe that samples every node every 100 ms for
 * "accepts writes". Each scenario injects one fault, heals, and checks: never two writers (no sample with two, no
 * two nodes acknowledging writes in overlapping periods); no acknowledged write lost in synchronous mode (lost
 * writes counted in asynchronous mode); one leader with every replica streaming again within a bound; no node left needing repair. {@code -Dpgward.faults=all} runs every scenario, the default runs
 * the CI subset.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FaultSuite {

    static final boolean ALL = "all".equals(System.getProperty("pgward.faults", "ci"));
    static final Duration CONVERGENCE_BOUND = TestTime.seconds(120);
    private static final Path RESULTS = Path.of("target", "reliability-results.tsv");
    private static final List<String> lines = new ArrayList<>();
    private static int passed;
    private static int failed;

    NetLab lab;
    ClusterFixture cluster;
    private long nextId = 1;
    private boolean needsNewCluster;

    abstract boolean synchronous();

    /** Whether this suite runs at all in this build (the random soak needs a seed). */
    boolean enabled() {
        return true;
    }

    @BeforeAll
    void startCluster() throws Exception {
        Assumptions.assumeTrue(enabled(), "not enabled in this build (the random soak needs -Dpgward.faults.seed=N)");
        Assumptions.assumeTrue(NetLab.available(), "network namespaces need root and iproute2");
        lab = new NetLab(3);
        cluster = newCluster();
    }

    /** The suite's etcd shape and timings, set on each new cluster before it starts (default: one etcd host). */
    void configure(ClusterFixture c) {
    }

    private ClusterFixture newCluster() throws Exception {
        ClusterFixture c = new ClusterFixture(3, lab);
        if (synchronous()) {
            c.dcsExtra = "    synchronous_mode: true\n";
        }
        configure(c);
        c.startEtcd().startAll();
        c.createAckedTable();
        return c;
    }

    /**
     * Each scenario starts from a healthy cluster: after a failed scenario, or when the cluster it left does not
     * converge, a new cluster is built (the old one's directory is kept) so one failure never fails the next.
     */
    private void startFromHealthyCluster() throws Exception {
        if (!needsNewCluster) {
            try {
                cluster.awaitHealthy(CONVERGENCE_BOUND);
                return;
            } catch (AssertionError e) {
                System.out.println("FAULT the cluster left by the previous scenario is unhealthy: " + e.getMessage());
            }
        }
        System.out.println("FAULT building a new cluster for the next scenario");
        cluster.failed = true;
        cluster.close();
        lab.heal();
        cluster = newCluster();
        needsNewCluster = false;
    }

    @AfterAll
    void stopCluster() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
        System.out.println("faults: " + passed + " passed, " + failed + " failed");
    }

    /** A fault and its repair, given the index of the primary when it starts. */
    interface Nemesis {
        void inject(int primary) throws Exception;
    }

    /** The longest write gap allowed in a scenario that must cause no outage (a minority of etcd members faulty). */
    static final long NO_OUTAGE_GAP_MS = 2000;

    /** What a passed scenario leaves for further checks: the acknowledged writes missing on the leader, every ack. */
    record Outcome(Set<Long> lost, List<SplitBrainCheck.Ack> acks) {}

    Outcome scenario(String name, boolean inCiSubset, Nemesis nemesis) throws Exception {
        return scenario(name, inCiSubset, false, nemesis);
    }

    /**
     * Runs one scenario; with {@code noOutage}, the fault must not be felt at all: the same leader throughout and no
     * write gap over {@link #NO_OUTAGE_GAP_MS}.
     */
    Outcome scenario(String name, boolean inCiSubset, boolean noOutage, Nemesis nemesis) throws Exception {
        Assumptions.assumeTrue(ALL || inCiSubset, "not in the CI subset; run with -Dpgward.faults=all");
        String mode = synchronous() ? "sync" : "async";
        startFromHealthyCluster();
        if (synchronous()) {
            await().ignoreExceptions().atMost(TestTime.seconds(60))
                    .until(() -> !cluster.view().sync().standbys().isEmpty());
        }
        int primary = cluster.index(cluster.view().leader());
        int historyBefore = cluster.view().history().size();
        long firstId = nextId;
        nextId += 1_000_000;
        String error = null;
        long convergedMs = -1;
        Set<Long> lost = Set.of();
        int acked = 0;
        long gap = 0;
        List<String> twoWriters;
        List<String> overlappingAcks;
        List<SplitBrainCheck.Ack> acks;
        try (WriterProbe probe = new WriterProbe(cluster); AckWriter writer = new AckWriter(cluster, firstId, true)) {
            try {
                await().atMost(TestTime.seconds(20)).until(() -> writer.acknowledged().size() > 10);
                nemesis.inject(primary);
                lab.heal();
                long healed = System.nanoTime();
                cluster.awaitHealthy(CONVERGENCE_BOUND);
                convergedMs = (System.nanoTime() - healed) / 1_000_000;
                int before = writer.acknowledged().size();
                await().atMost(TestTime.seconds(30)).until(() -> writer.acknowledged().size() > before + 10);
            } catch (Throwable t) {
                error = t.toString().lines().findFirst().orElse(t.toString());
                System.out.println("FAULT " + name + " failed: " + t);
                lab.heal();
            }
            writer.close();
            probe.close();
            twoWriters = probe.violations();
            overlappingAcks = writer.overlappingWriters();
            acked = writer.acknowledged().size();
            acks = writer.acks();
            gap = writer.longestGapMillis();
            if (error == null) {
                try {
                    // The test's own etcd read may meet the election a healed etcd member forces: read again.
                    var view = await().ignoreExceptions().atMost(TestTime.seconds(30)).until(cluster::view,
                            java.util.Objects::nonNull);
                    int leader = cluster.index(view.leader());
                    lost = writer.missingOn(leader);
                    if (noOutage && (leader != primary || view.history().size() != historyBefore)) {
                        error = "the leader moved from " + cluster.name(primary) + " to " + cluster.name(leader);
                    } else if (noOutage && gap > NO_OUTAGE_GAP_MS) {
                        error = "writes stopped for " + gap + " ms (at most " + NO_OUTAGE_GAP_MS + " ms allowed)";
                    }
                } catch (Exception e) {
                    error = "the checks after healing failed: " + e;
                    System.out.println("FAULT " + name + " failed after healing: " + e + "\n" + cluster.diagnosis());
                }
            }
        }
        if (error == null && !twoWriters.isEmpty()) {
            error = "two nodes accepted writes at " + twoWriters;
        }
        if (error == null && !overlappingAcks.isEmpty()) {
            error = "two nodes acknowledged writes in overlapping periods: " + overlappingAcks;
        }
        if (error == null && synchronous() && !lost.isEmpty()) {
            error = lost.size() + " acknowledged writes lost in synchronous mode";
        }
        if (error != null) {
            needsNewCluster = true;
            cluster.failed = true;
        }
        String line = String.join("\t", name, mode, error == null ? "PASS" : "FAIL", Long.toString(gap),
                Integer.toString(acked), Integer.toString(lost.size()), Long.toString(convergedMs),
                error == null ? "" : error);
        record(line);
        System.out.printf("FAULT %-60s %-5s %s unavailable=%.1fs acknowledged=%d lost=%d converged=%.1fs%s%n", name, mode,
                error == null ? "PASS" : "FAIL", gap / 1000.0, acked, lost.size(), convergedMs / 1000.0,
                error == null ? "" : " (" + error + ")");
        assertThat(error).as(name).isNull();
        return new Outcome(lost, acks);
    }

    private static synchronized void record(String line) throws IOException {
        if (line.contains("\tPASS\t")) {
            passed++;
        } else {
            failed++;
        }
        lines.add(line);
        Files.createDirectories(RESULTS.getParent());
        Files.writeString(RESULTS, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    // --- nemeses shared by both modes ---

    void awaitNewLeader(int old) {
        await().ignoreExceptions().atMost(TestTime.seconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.leaderIsNot(cluster.name(old)));
    }

    void killAgentAndPostgres(int primary) {
        cluster.agents.get(cluster.name(primary)).kill9();
        cluster.killPostgres(primary);
        awaitNewLeader(primary);
        cluster.startAgent(primary);
    }

    void freezeAgent(int primary) {
        Proc agent = cluster.agents.get(cluster.name(primary));
        Signals.send("STOP", agent.pid());
        try {
            awaitNewLeader(primary);
        } finally {
            Signals.send("CONT", agent.pid());
        }
    }

    void cutFromEtcd(int primary) {
        lab.cut(primary, List.of(lab.etcdAddress()));
        awaitNewLeader(primary);
    }

    void isolate(int node) {
        lab.isolate(node);
        awaitNewLeader(node);
    }

    void switchover(int primary) throws Exception {
        int candidate = (primary + 1) % 3;
        Rest.Response r = new Rest(null, null).call(cluster.hosts[primary], cluster.restPorts[primary], "POST",
                "/switchover", "{\"leader\":\"" + cluster.name(primary) + "\",\"candidate\":\"" + cluster.name(candidate) + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
}
