package io.pgward.why;

import io.pgward.why.WhySnapshot.Decision;
import io.pgward.why.WhySnapshot.NodeReport;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** How the diagnosis words sizes, ages and a member's own decisions. */
final class Words {
    private Words() {}

    static String bytes(long n) {
        return io.pgward.config.ByteSizes.human(n);
    }

    static String setting(long bytes) {
        return io.pgward.config.ByteSizes.setting(bytes);
    }

    static String age(Instant at, Instant now) {
        if (at == null) {
            return "at an unknown time";
        }
        long s = Math.max(0, Duration.between(at, now).toSeconds());
        return s < 120 ? s + "s ago" : s < 7200 ? s / 60 + " min ago" : s / 3600 + " h ago";
    }

    /** "n2's last decision (4s ago): not racing for leader: ..." or null when the member said nothing. */
    static String lastDecision(NodeReport r, Instant now) {
        if (r == null) {
            return null;
        }
        return r.last().map(d -> quote(r.name(), "last decision", d, now)).orElse(null);
    }

    static String quote(String name, String what, Decision d, Instant now) {
        return name + "'s " + what + " (" + age(d.at(), now) + "): " + d.reason();
    }

    /** The newest decision whose reason contains {@code text}, searching the last {@code recent} decisions. */
    static Decision newestContaining(NodeReport r, String text, int recent) {
        if (r == null) {
            return null;
        }
        List<Decision> ds = r.decisions();
        for (int i = ds.size() - 1; i >= Math.max(0, ds.size() - recent); i--) {
            if (ds.get(i).reason().contains(text)) {
                return ds.get(i);
            }
        }
        return null;
    }

    static String names(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
