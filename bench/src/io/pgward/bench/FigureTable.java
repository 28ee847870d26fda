package io.pgward.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import static io.pgward.bench.Stats.fmt;
import static io.pgward.bench.Stats.median;

/** The report's table of every figure for one profile: pgward's and Patroni's median, min, max and ratio. */
final class FigureTable {

    /** One line of the table: a metric of a scenario in a mode, and how the report names it. */
    record Row(String mode, String scenario, String metric, String label) {}

    private FigureTable() {
    }

    static String markdown(Options o, Results res, Profile p) {
        StringBuilder md = new StringBuilder();
        md.append("## ").append(p.name().substring(0, 1).toUpperCase(Locale.ROOT)).append(p.name().substring(1))
                .append(" profile (").append(p.describe()).append(")\n\n");
        md.append("Median, min and max over the trials; the ratio is pgward's median / Patroni's median "
                + "(below 1: pgward smaller).\n\n");
        md.append("| Figure | pgward median | min | max | Patroni median | min | max | pgward/Patroni | n |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows(o)) {
            List<Double> a = res.values("pgward", p.name(), r.mode(), r.scenario(), r.metric());
            List<Double> b = res.values("patroni", p.name(), r.mode(), r.scenario(), r.metric());
            if (a.isEmpty() && b.isEmpty()) {
                continue;
            }
            md.append("| ").append(r.label()).append(" | ").append(cell(a)).append(" | ").append(cell(b))
                    .append(" | ").append(ratio(a, b)).append(" | ").append(a.size()).append("/")
                    .append(b.size()).append(" |\n");
        }
        md.append("\n");
        return md.toString();
    }

    static List<Row> rows(Options o) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("-", "bootstrap", "bootstrap_s", "Bootstrap: start to 1 leader + 2 streaming (s)"));
        for (String mode : List.of("async", "sync")) {
            List<String> scs = mode.equals("async") ? o.scenarios : o.syncScenarios;
            for (String sc : scs) {
                rows.addAll(scenarioRows(mode, sc));
            }
        }
        rows.add(new Row("-", "idle", "rss_mib", "Agent RSS at idle, mean of 3 agents (MiB)"));
        rows.add(new Row("-", "idle", "rss_leader_mib", "Agent RSS at idle, leader (MiB)"));
        rows.add(new Row("-", "idle", "cpu_pct", "Agent CPU at idle, mean of 3 agents (% of one core)"));
        rows.add(new Row("-", "idle", "cpu_leader_pct", "Agent CPU at idle, leader (% of one core)"));
        for (String path : List.of("primary", "replica")) {
            rows.add(new Row("-", "rest", path + "_p50_ms", "GET /" + path + " latency p50 (ms)"));
            rows.add(new Row("-", "rest", path + "_p99_ms", "GET /" + path + " latency p99 (ms)"));
            rows.add(new Row("-", "rest", path + "_rps", "GET /" + path + " requests/s (" + o.restThreads
                    + " clients)"));
            rows.add(new Row("-", "rest", path + "_new_conn_pct",
                    "GET /" + path + ": requests that needed a new connection (%)"));
        }
        rows.add(new Row("-", "rest", "primary_halfopen64_p50_ms", "GET /primary p50 with 64 half-open connections held (ms)"));
        rows.add(new Row("-", "rest", "primary_halfopen64_max_ms", "GET /primary max with 64 half-open connections held (ms)"));
        rows.add(new Row("-", "rest", "primary_halfopen64_non200", "GET /primary answers other than 200 with 64 half-open"
                + " connections held"));
        return rows;
    }

    private static List<Row> scenarioRows(String mode, String sc) {
        List<Row> rows = new ArrayList<>();
        String m = mode.equals("sync") ? " [sync]" : "";
        rows.add(new Row(mode, sc, "window_s", "(" + sc + ") unavailability window (s)" + m));
        rows.add(new Row(mode, sc, "first_write_s", "(" + sc + ") event to first write (s)" + m));
        if (sc.equals("a") || sc.equals("e")) {
            rows.add(new Row(mode, sc, "lease_left_s", "(" + sc + ") leader lease TTL left at the kill (s)" + m));
            rows.add(new Row(mode, sc, "after_lease_s", "(" + sc + ") leader key gone to first write (s)" + m));
            rows.add(new Row(mode, sc, "rejoin_s", "(" + sc + ") agent restart to old primary streaming (s)" + m));
        }
        if (sc.equals("b")) {
            rows.add(new Row(mode, sc, "same_timeline", "(b) same node and timeline afterwards (1 = yes)" + m));
        }
        if (sc.equals("d")) {
            rows.add(new Row(mode, sc, "agent_exit_s", "(d) SIGTERM to agent exit (s)" + m));
            rows.add(new Row(mode, sc, "rejoin_s", "(d) agent restart to old primary streaming (s)" + m));
        }
        rows.add(new Row(mode, sc, "lost_writes", "(" + sc + ") acknowledged writes lost" + m));
        rows.add(new Row(mode, sc, "haproxy_window_s", "(" + sc + ") write gap through HAProxy (s)" + m));
        rows.add(new Row(mode, sc, "haproxy_added_s", "(" + sc + ") HAProxy's addition to the window (s)" + m));
        rows.add(new Row(mode, sc, "haproxy_lost_writes", "(" + sc + ") acknowledged writes lost through HAProxy"
                + m));
        return rows;
    }

    private static String cell(List<Double> v) {
        if (v.isEmpty()) {
            return "– | – | –";
        }
        return fmt(median(v)) + " | " + fmt(Collections.min(v)) + " | " + fmt(Collections.max(v));
    }

    private static String ratio(List<Double> a, List<Double> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return "–";
        }
        double x = median(a);
        double y = median(b);
        if (y == 0) {
            return x == 0 ? "=" : "∞";
        }
        return String.format(Locale.ROOT, "%.2f", x / y);
    }
}
