package io.pgward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Everything a run measured, as the JSON tree written to benchmarks.json. */
final class Results {

    final ObjectNode root;
    final ArrayNode samples;
    final ArrayNode scenarios;
    final ArrayNode trials;
    final ArrayNode failures;
    final ArrayNode notes;

    private Results(ObjectNode root) {
        this.root = root;
        samples = root.withArray("samples");
        scenarios = root.withArray("scenario_runs");
        trials = root.withArray("trials");
        failures = root.withArray("failures");
        notes = root.withArray("notes");
    }

    /** A new run described by meta. */
    static Results start(ObjectNode meta) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.set("meta", meta);
        return new Results(root);
    }

    /** The results of an earlier run, read back from its JSON. */
    static Results from(ObjectNode root) {
        return new Results(root);
    }

    /** One measurement; NaN is not recorded. */
    void add(String tool, Profile p, int trial, String mode, String scenario, String metric, double value,
             String unit) {
        if (Double.isNaN(value)) {
            return;
        }
        ObjectNode s = samples.addObject();
        s.put("tool", tool).put("profile", p.name()).put("trial", trial).put("mode", mode)
                .put("scenario", scenario).put("metric", metric).put("value", Stats.round(value)).put("unit", unit);
        Log.log(String.format(Locale.ROOT, "MEASURE %-7s %-7s trial %d %-5s %-9s %-16s %10s %s", tool, p.name(),
                trial, mode, scenario, metric, Stats.fmt(value), unit));
    }

    void failure(String tool, Profile p, int trial, String what, String message) {
        failures.addObject().put("tool", tool).put("profile", p.name()).put("trial", trial).put("what", what)
                .put("message", message);
        Log.log("FAILED  " + tool + " " + p.name() + " trial " + trial + " " + what + ": " + message);
    }

    void note(String tool, Profile p, int trial, String note) {
        notes.addObject().put("tool", tool).put("profile", p.name()).put("trial", trial).put("note", note);
    }

    /** Every recorded value of one figure, in the order measured. */
    List<Double> values(String tool, String profile, String mode, String scenario, String metric) {
        List<Double> l = new ArrayList<>();
        for (JsonNode s : samples) {
            if (s.path("tool").asText().equals(tool) && s.path("profile").asText().equals(profile)
                    && s.path("mode").asText().equals(mode) && s.path("scenario").asText().equals(scenario)
                    && s.path("metric").asText().equals(metric)) {
                l.add(s.path("value").asDouble());
            }
        }
        return l;
    }
}
