package io.pgward.ha;

import io.pgward.config.DynamicConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the synchronous standbys (docs/patroni-compatibility.md §3.10) and renders {@code synchronous_standby_names}; pure.
 * Current sync standbys stay while they stream; then higher {@code sync_priority}, then more WAL, then name.
 * Members tagged {@code nosync} (or {@code sync_priority <= 0}) or {@code nostream} are never chosen.
 */
public final class SyncPlanner {

    /** Patroni's placeholder: in strict mode with no standby, no commit can be confirmed (writes wait). */
    public static final String STRICT_PLACEHOLDER = "__patroni_strict_sync_replica_placeholder__";

    /** A standby that streams from this primary now, with how far it has flushed. */
    public record StreamingStandby(String name, long flushLsn) {}

    private SyncPlanner() {}

    public static List<String> choose(DynamicConfig config, SyncState current, List<Member> members,
                                      List<StreamingStandby> streaming) {
        if (!config.synchronous()) {
            return List.of();
        }
        List<Candidate> candidates = new ArrayList<>();
        for (StreamingStandby s : streaming) {
            Optional<Member> m = members.stream().filter(x -> x.name().equals(s.name())).findFirst();
            if (m.isEmpty() || !eligible(m.get())) {
                continue;
            }
            candidates.add(new Candidate(s.name(), current.isSyncStandby(s.name()), priority(m.get()), s.flushLsn()));
        }
        candidates.sort(Comparator.comparing(Candidate::current).reversed()
                .thenComparing(Comparator.comparingInt(Candidate::priority).reversed())
                .thenComparing(Comparator.comparingLong(Candidate::flushLsn).reversed())
                .thenComparing(Candidate::name));
        return candidates.stream().limit(config.synchronousNodeCount()).map(Candidate::name).sorted().toList();
    }

    /** The value of {@code synchronous_standby_names} for these standbys ("" = asynchronous). */
    public static String standbyNames(DynamicConfig config, List<String> standbys) {
        if (!config.synchronous()) {
            return "";
        }
        if (standbys.isEmpty()) {
            return config.synchronousModeStrict() ? quote(STRICT_PLACEHOLDER) : "";
        }
        StringBuilder b = new StringBuilder().append(standbys.size()).append(" (");
        for (int i = 0; i < standbys.size(); i++) {
            b.append(i == 0 ? "" : ",").append(quote(standbys.get(i)));
        }
        return b.append(')').toString();
    }

    static boolean eligible(Member m) {
        Map<String, Object> tags = m.tags();
        return !m.nosync() && !truthy(tags.get("nostream")) && priority(m) > 0;
    }

    private static int priority(Member m) {
        Object p = m.tags().get("sync_priority");
        if (p == null) {
            return m.nosync() ? 0 : 1;
        }
        try {
            return Integer.parseInt(p.toString());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static boolean truthy(Object v) {
        return v != null && "true".equalsIgnoreCase(v.toString());
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private record Candidate(String name, boolean current, int priority, long flushLsn) {}
}
