package io.pgward.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Proves split brain from the acknowledgements themselves rather than from samples: every acknowledged write carries
 * the node, system identifier, timeline and WAL position that acknowledged it and the server's clock when it did.
 * Two nodes that acknowledged writes during overlapping periods (each period running from a node's first to its last
 * acknowledgement on one timeline) were both primaries at once. All nodes of a test share one clock.
 */
final class SplitBrainCheck {

    /** One acknowledged write, as the acknowledging server described itself while executing it. */
    record Ack(long id, String node, String systemId, int timeline, long lsn, long serverMicros) {}

    private record Period(String node, String systemId, int timeline, long from, long to, long firstId, long lastId) {
        boolean overlaps(Period o) {
            return from <= o.to && o.from <= to;
        }

        @Override
        public String toString() {
            return node + " (system " + systemId + ", timeline " + timeline + ") acknowledged ids " + firstId + ".."
                    + lastId + " between " + from + " and " + to + " µs";
        }
    }

    private SplitBrainCheck() {}

    /** Every pair of overlapping periods of different nodes, described; empty when there was never a second writer. */
    static List<String> overlaps(List<Ack> acks) {
        Map<String, Period> periods = new LinkedHashMap<>();
        for (Ack a : acks) {
            String key = a.node() + "|" + a.systemId() + "|" + a.timeline();
            periods.merge(key, new Period(a.node(), a.systemId(), a.timeline(), a.serverMicros(), a.serverMicros(),
                    a.id(), a.id()), (p, q) -> new Period(p.node(), p.systemId(), p.timeline(), Math.min(p.from(), q.from()),
                    Math.max(p.to(), q.to()), p.from() <= q.from() ? p.firstId() : q.firstId(),
                    p.to() >= q.to() ? p.lastId() : q.lastId()));
        }
        List<Period> list = new ArrayList<>(periods.values());
        List<String> found = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            for (int j = i + 1; j < list.size(); j++) {
                Period p = list.get(i);
                Period q = list.get(j);
                if (!p.node().equals(q.node()) && p.overlaps(q)) {
                    found.add(p + " while " + q);
                }
            }
        }
        return found;
    }
}
