package io.pgward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * pgward benchmark harness: pgward vs Debian's Patroni on the same machine, in the same run, alternating.
 *
 * <p>Run it through bench/run, which installs Patroni from apt when missing, copies the jar, compiles these
 * sources against it and starts this class. Everything it starts (etcd, agents and through them PostgreSQL) it
 * stops by PID. Data lives under /tmp/pgward-bench. See docs/benchmarks.md ("Method") for the definition of
 * every figure.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        if (o.reportOnly != null) {
            reportOnly(o);
            return;
        }
        Dirs.mkdir755(o.base);
        Dirs.mkdir755(o.base.resolve("run"));
        Processes.killLeftovers(o.base.resolve("run"));
        Runtime.getRuntime().addShutdownHook(new Thread(Processes::killEverything, "cleanup"));
        Results res = Results.start(Meta.of(o));
        long started = System.nanoTime();
        TrialRunner trials = new TrialRunner(o, res);
        Log.log("pgward benchmark: " + o.command + " -> " + o.out);
        Log.log("tools " + o.tools + ", profiles " + o.profiles.stream().map(p -> p.name() + " x" + o.trialsFor(p))
                .collect(Collectors.joining(", ")));
        Files.createDirectories(o.out);
        for (Profile p : o.profiles) {
            for (int t = 1; t <= o.trialsFor(p); t++) {
                List<String> order = new ArrayList<>(o.tools);
                if (t % 2 == 0) {
                    Collections.reverse(order); // alternate who goes first
                }
                for (String tool : order) {
                    trials.run(tool, p, t);
                    res.root.put("duration_s", Stats.round(Time.secs(System.nanoTime() - started)));
                    Files.writeString(o.base.resolve("partial.json"), Json.MAPPER.writeValueAsString(res.root));
                }
            }
        }
        res.root.put("duration_s", Stats.round(Time.secs(System.nanoTime() - started)));
        Report.write(o, res);
        Log.log("done in " + Stats.fmt(Time.secs(System.nanoTime() - started) / 60) + " min; "
                + res.failures.size() + " failure(s); wrote " + o.out.resolve("benchmarks.md")
                + ", benchmarks.json, benchmarks-unavailability.png");
        if (o.quick && !res.failures.isEmpty()) {
            Log.log("smoke mode: some measurements could not be taken (see failures above)");
            System.exit(2);
        }
        System.exit(0);
    }

    /** --report-only: rewrites the Markdown and the chart from an earlier run's JSON, with that run's settings. */
    private static void reportOnly(Options o) throws Exception {
        ObjectNode root = (ObjectNode) Json.MAPPER.readTree(o.reportOnly.toFile());
        Results res = Results.from(root);
        JsonNode st = root.path("meta").path("settings");
        o.quick = root.path("meta").path("quick").asBoolean();
        List<Profile> profiles = new ArrayList<>();
        for (JsonNode pn : st.path("profiles")) {
            profiles.add(pn.path("name").asText().equals("default") ? Profile.DEFAULT : Profile.FAST);
        }
        o.profiles = profiles;
        o.scenarios = Options.splitScenarios(st.path("scenarios_async").asText("none"));
        o.syncScenarios = Options.splitScenarios(st.path("scenarios_sync").asText("none"));
        o.restThreads = st.path("rest_throughput_clients").asInt(4);
        Files.createDirectories(o.out);
        Report.write(o, res);
        Log.log("rewrote " + o.out.resolve("benchmarks.md") + " and the PNG from " + o.reportOnly);
    }
}
