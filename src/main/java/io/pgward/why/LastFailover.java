package io.pgward.why;

import io.pgward.ha.ClusterView;
import io.pgward.ha.HistoryEntry;
import io.pgward.ha.Member;
import io.pgward.why.Finding.Severity;
import io.pgward.why.WhySnapshot.Decision;
import io.pgward.why.WhySnapshot.NodeReport;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Why the last failover or switchover picked its node: the {@code history} key says when and who; the members'
 * decisions around that moment say why (the winner's reason for taking the key, the others' for not racing).
 */
final class LastFailover {
    private LastFailover() {}

    static Optional<Finding> explain(WhySnapshot s) {
        ClusterView c = s.cluster();
        if (c.history().isEmpty()) {
            return Optional.empty();
        }
        HistoryEntry last = c.history().get(c.history().size() - 1);
        Instant at = parse(last.timestamp());
        String who = last.newLeader() == null ? "a new leader" : last.newLeader();
        String text = "timeline " + last.timeline() + " ended" + (at == null ? "" : " " + Words.age(at, s.now()) + " ("
                + last.timestamp() + ")") + " and " + who + " took over";
        List<String> evidence = new ArrayList<>();
        if (at != null) {
            Instant from = at.minus(Duration.ofSeconds(c.config().ttl() + 2L * c.config().loopWait()));
            Instant to = at.plusSeconds(2);
            for (Member m : c.members()) {
                NodeReport r = s.nodes().get(m.name());
                boolean winner = m.name().equals(last.newLeader());
                Decision d = around(r, from, winner ? to : at, winner);
                if (d != null) {
                    evidence.add(Words.quote(m.name(), winner ? "decision" : "decision then",
                            d, s.now()));
                }
            }
        }
        if (evidence.isEmpty()) {
            text += "; no member remembers its decisions of that time (agents keep their last 100 decisions, and"
                    + " forget them when restarted)";
        }
        return Optional.of(Finding.of(Severity.INFO, "last failover", text, null)
                .withEvidence(evidence.isEmpty() ? null : String.join("\n", evidence)));
    }

    /** The winner's last decision to take or promote in the window; for the others their last one in it. */
    private static Decision around(NodeReport r, Instant from, Instant to, boolean winner) {
        if (r == null) {
            return null;
        }
        Decision found = null;
        for (Decision d : r.decisions()) {
            if (d.at() == null || d.at().isBefore(from) || d.at().isAfter(to)) {
                continue;
            }
            if (!winner || d.action().equals("AcquireLeader") || d.action().equals("Promote")) {
                found = d;
            }
        }
        return found;
    }

    private static Instant parse(String timestamp) {
        if (timestamp == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(timestamp).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
