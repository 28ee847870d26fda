package io.pgward.ha;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the agent has done since it started, for {@code /metrics}: promotions, demotions by mode, failed etcd
 * operations by kind, and how long HA cycles take. Thread-safe; read as a {@link Snapshot}.
 */
public final class AgentCounters {

    /** Upper bounds of the cycle duration histogram, in seconds (Prometheus buckets, +Inf implied). */
    public static final List<Double> CYCLE_BUCKETS = List.of(0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0);

    private final LongAdder promotions = new LongAdder();
    private final Map<String, LongAdder> demotions = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> etcdErrors = new ConcurrentHashMap<>();
    private final LongAdder[] cycleBuckets = new LongAdder[CYCLE_BUCKETS.size()];
    private final LongAdder cycles = new LongAdder();
    private final LongAdder cycleMicros = new LongAdder();

    public AgentCounters() {
        for (int i = 0; i < cycleBuckets.length; i++) {
            cycleBuckets[i] = new LongAdder();
        }
    }

    public void promoted() {
        promotions.increment();
    }

    public void demoted(Action.DemoteMode mode) {
        demotions.computeIfAbsent(mode.name().toLowerCase().replace('_', '-'), k -> new LongAdder()).increment();
    }

    /** An etcd operation failed; {@code kind} names why (unreachable, no-leader, auth-failed, ...). */
    public void etcdError(String kind) {
        etcdErrors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    public void cycle(Duration took) {
        double seconds = took.toNanos() / 1e9;
        for (int i = 0; i < cycleBuckets.length; i++) {
            if (seconds <= CYCLE_BUCKETS.get(i)) {
                cycleBuckets[i].increment();
            }
        }
        cycles.increment();
        cycleMicros.add(took.toNanos() / 1000);
    }

    /**
     * The counters at one instant.
     *
     * @param cycleBuckets cumulative counts per bound of {@link #CYCLE_BUCKETS}
     */
    public record Snapshot(long promotions, Map<String, Long> demotions, Map<String, Long> etcdErrors,
                           List<Long> cycleBuckets, long cycles, double cycleSeconds) {}

    public Snapshot snapshot() {
        return new Snapshot(promotions.sum(), sums(demotions), sums(etcdErrors),
                java.util.Arrays.stream(cycleBuckets).map(LongAdder::sum).toList(), cycles.sum(), cycleMicros.sum() / 1e6);
    }

    private static Map<String, Long> sums(Map<String, LongAdder> map) {
        Map<String, Long> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
