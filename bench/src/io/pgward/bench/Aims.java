package io.pgward.bench;

import java.util.ArrayList;
import java.util.List;

import static io.pgward.bench.Stats.fmt;
import static io.pgward.bench.Stats.median;

/** The report's "Aims" section: pgward's targets, how many trials met them, Patroni's figure beside them. */
final class Aims {

    /**
     * A target on one figure. limit: the largest value that meets it; 0: the sum must be 0; negative: every value
     * must be 1; compareToPatroni: pgward's median must not exceed Patroni's. Scenario "*": every sync scenario.
     * profile: the only profile the aim is about, or null for all.
     */
    record Aim(String text, String mode, String scenario, String metric, double limit, boolean compareToPatroni,
               String profile) {
        Aim(String text, String mode, String scenario, String metric, double limit, boolean compareToPatroni) {
            this(text, mode, scenario, metric, limit, compareToPatroni, null);
        }
    }

    private static final List<Aim> AIMS = List.of(
            new Aim("Bootstrap ≤ 5 s", "-", "bootstrap", "bootstrap_s", 5, false),
            new Aim("(a) first write < 0.5 s after the leader key is gone (async)", "async", "a",
                    "after_lease_s", 0.5, false),
            new Aim("(a) first write < 0.5 s after the leader key is gone (sync)", "sync", "a",
                    "after_lease_s", 0.5, false),
            new Aim("(a) unavailability window ≤ 10 s in the fast profile", "async", "a", "window_s", 10, false, "fast"),
            new Aim("(b) writable again in < 2 s", "async", "b", "window_s", 2, false),
            new Aim("(b) … on the same node and timeline", "async", "b", "same_timeline", -1, false),
            new Aim("(c) switchover window < 1 s", "async", "c", "window_s", 1, false),
            new Aim("(d) SIGTERM window < 1 s", "async", "d", "window_s", 1, false),
            new Aim("(e) process crash, host alive: window ≤ 2 s", "async", "e", "window_s", 2, false),
            new Aim("Old primary streaming again < 4 s after (a)", "async", "a", "rejoin_s", 4, false),
            new Aim("No acknowledged write lost in synchronous mode", "sync", "*", "lost_writes", 0, false),
            new Aim("Agent RSS no larger than Patroni's", "-", "idle", "rss_mib", Double.NaN, true),
            new Aim("GET /primary p99 < 2 ms (kept-alive client)", "-", "rest", "primary_p99_ms", 2, false),
            new Aim("GET /replica p99 < 2 ms (kept-alive client)", "-", "rest", "replica_p99_ms", 2, false),
            new Aim("GET /primary within 50 ms with 64 half-open connections held (max)", "-", "rest",
                    "primary_halfopen64_max_ms", 50, false));

    private Aims() {
    }

    static String markdown(Options o, Results res) {
        StringBuilder md = new StringBuilder("## Aims (reported, not asserted)\n\n");
        md.append("Each cell: pgward's median (trials meeting the aim / trials); Patroni's median for comparison.\n\n");
        md.append("| Aim | Profile | pgward | Patroni |\n|---|---|---|---|\n");
        for (Aim a : AIMS) {
            for (Profile p : o.profiles) {
                if (a.profile() != null && !a.profile().equals(p.name())) {
                    continue;
                }
                List<Double> pg = new ArrayList<>();
                List<Double> pa = new ArrayList<>();
                List<String> scs = a.scenario().equals("*") ? o.syncScenarios : List.of(a.scenario());
                for (String sc : scs) {
                    pg.addAll(res.values("pgward", p.name(), a.mode(), sc, a.metric()));
                    pa.addAll(res.values("patroni", p.name(), a.mode(), sc, a.metric()));
                }
                if (pg.isEmpty() && pa.isEmpty()) {
                    continue;
                }
                md.append("| ").append(a.text()).append(" | ").append(p.name()).append(" | ")
                        .append(pgwardCell(a, pg, pa)).append(" | ").append(patroniCell(a, pa)).append(" |\n");
            }
        }
        md.append("\n");
        return md.toString();
    }

    private static String pgwardCell(Aim a, List<Double> pg, List<Double> pa) {
        if (pg.isEmpty()) {
            return "–";
        }
        if (a.compareToPatroni()) {
            double mp = median(pa);
            long met = pg.stream().filter(x -> x <= mp).count();
            return fmt(median(pg)) + " (" + met + "/" + pg.size() + " ≤ Patroni's median) "
                    + (median(pg) <= mp ? "**met**" : "**not met**");
        }
        if (a.limit() < 0) {
            long met = pg.stream().filter(x -> x == 1).count();
            return met + "/" + pg.size() + (met == pg.size() ? " **met**" : " **not met**");
        }
        if (a.limit() == 0) {
            double sum = pg.stream().mapToDouble(Double::doubleValue).sum();
            long met = pg.stream().filter(x -> x == 0).count();
            return fmt(sum) + " lost in total (" + met + "/" + pg.size() + " runs lost none) "
                    + (sum == 0 ? "**met**" : "**not met**");
        }
        long met = pg.stream().filter(x -> x <= a.limit()).count();
        return fmt(median(pg)) + " (" + met + "/" + pg.size() + ") "
                + (met == pg.size() ? "**met**" : met > 0 ? "**partly met**" : "**not met**");
    }

    private static String patroniCell(Aim a, List<Double> pa) {
        if (pa.isEmpty()) {
            return "–";
        }
        if (a.limit() < 0) {
            return pa.stream().filter(x -> x == 1).count() + "/" + pa.size();
        }
        if (a.limit() == 0) {
            return fmt(pa.stream().mapToDouble(Double::doubleValue).sum()) + " lost in total";
        }
        return fmt(median(pa));
    }
}
