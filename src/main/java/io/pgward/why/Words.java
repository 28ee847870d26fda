package io.pgward.why;

import io.pgward.why.WhySnapshot.Decision;
import io.pgward.why.WhySnapshot.NodeReport;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** How the diagnosis words sizes, ages and a member's own decisions. */
final class Words {
    private Words() {}

    /** 1536 -> "1.5 kB", 3145728 -> "3 MB": PostgreSQL's units, one decimal below 10. */
    static String bytes(long n) {
        String[] units = {"bytes", "kB", "MB", "GB", "TB"};
        double v = n;
        int u = 0;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        if (u == 0) {
            return n + " bytes";
        }
        String number = v < 10 && v != Math.floor(v) ? String.format(Locale.ROOT, "%.1f", v)
                : Long.toString(Math.round(v));
        return number + " " + units[u];
    }

    /** maximum_lag_on_failover as Patroni's users write it: "1MB", else bytes. */
    static String setting(long bytes) {
        long mb = 1024 * 1024;
        return bytes % mb == 0 && bytes > 0 ? bytes / mb + "MB" : bytes + " bytes";
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
