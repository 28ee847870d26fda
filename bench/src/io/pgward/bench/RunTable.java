package io.pgward.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

import static io.pgward.bench.Stats.fmt;

/** The report's table of what was run where: machine, versions, profiles, settings, machine load. */
final class RunTable {

    private RunTable() {
    }

    static String markdown(Results res) {
        JsonNode meta = res.root.path("meta");
        JsonNode mach = meta.path("machine");
        JsonNode v = meta.path("versions");
        JsonNode s = meta.path("settings");
        StringBuilder md = new StringBuilder();
        md.append("| | |\n|---|---|\n");
        md.append("| Machine | ").append(mach.path("cpu").asText()).append(", ").append(mach.path("cores").asInt())
                .append(" cores, ").append(fmt(mach.path("memory_gib").asDouble())).append(" GiB RAM; ")
                .append(mach.path("os").asText()).append(", kernel ").append(mach.path("kernel").asText())
                .append(" |\n");
        md.append("| pgward | ").append(v.path("pgward").asText()).append(", commit ")
                .append(v.path("pgward_commit").asText()).append(", jar built ")
                .append(v.path("pgward_jar_built").asText()).append("; JVM flags of `bin/pgward` (")
                .append(s.path("pgward_jvm").asText().replace("bin/pgward: ", ""))
                .append(") on ").append(v.path("java").asText()).append(" |\n");
        md.append("| Patroni | ").append(v.path("patroni").asText()).append(", ").append(v.path("python").asText())
                .append(", run as OS user `postgres` |\n");
        md.append("| PostgreSQL | ").append(v.path("postgresql").asText()).append(" |\n");
        md.append("| etcd | ").append(v.path("etcd").asText()).append(", one member, fresh for every cluster |\n");
        md.append("| Profiles | ").append(profiles(s)).append(" |\n");
        md.append("| Settings | 3 nodes on one machine, identical Patroni YAML for both tools (etcd3, use_pg_rewind, "
                + "data checksums, scram); writer INSERTs every ").append(s.path("writer_interval_ms").asInt())
                .append(" ms; idle phase ").append(s.path("idle_seconds").asInt()).append(" s (first ")
                .append(s.path("idle_trials").asInt()).append(" trial(s) of each profile); REST ")
                .append(s.path("rest_requests").asInt()).append(" sequential requests (at most 20 s) + ")
                .append(s.path("rest_throughput_clients").asInt()).append(" clients for ")
                .append(s.path("rest_throughput_seconds").asInt()).append(" s; ports ")
                .append(s.path("ports").asText()).append(" |\n");
        JsonNode trials = res.root.path("trials");
        if (trials.size() > 0) {
            md.append(machineLoad(trials, mach.path("cores").asInt()));
        }
        return md.toString();
    }

    private static String profiles(JsonNode settings) {
        StringBuilder prof = new StringBuilder();
        for (JsonNode p : settings.path("profiles")) {
            prof.append(prof.length() == 0 ? "" : "; ").append("**").append(p.path("name").asText())
                    .append("**: ttl ").append(p.path("ttl").asInt()).append(", loop_wait ")
                    .append(p.path("loop_wait").asInt()).append(", retry_timeout ")
                    .append(p.path("retry_timeout").asInt()).append(" — ").append(p.path("trials").asInt())
                    .append(" trial(s) per tool");
        }
        return prof.toString();
    }

    /** The range of load averages over the cluster runs, and how many ran beside other people's agents. */
    private static String machineLoad(JsonNode trials, int cores) {
        double lo = Double.MAX_VALUE;
        double hi = 0;
        int busy = 0;
        for (JsonNode t : trials) {
            for (String k : List.of("loadavg_start", "loadavg_end")) {
                String la = t.path(k).asText("");
                if (!la.isEmpty() && !la.equals("?")) {
                    double x = Double.parseDouble(la.split(" ")[0]);
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
            }
            if (t.path("other_agents_running_at_start").asInt() > 0) {
                busy++;
            }
        }
        return "| Machine load | 1-minute load average at the start/end of each cluster's run: " + fmt(lo) + "–"
                + fmt(hi) + " on " + cores + " cores; agents not started by this run "
                + "(other people's tests) were running at the start of " + busy + " of " + trials.size()
                + " cluster runs (per-run figures in `trials` of the JSON) |\n";
    }
}
