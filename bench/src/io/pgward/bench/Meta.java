package io.pgward.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** The "meta" object of benchmarks.json: when, how, on what machine, which versions, which settings. */
final class Meta {

    private Meta() {
    }

    static ObjectNode of(Options o) {
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("date", Instant.now().atOffset(ZoneOffset.UTC).toString());
        m.put("command", o.command);
        m.put("quick", o.quick);
        machine(m.putObject("machine"));
        versions(o, m.putObject("versions"));
        settings(o, m.putObject("settings"));
        return m;
    }

    static void machine(ObjectNode mach) {
        String cpu = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("");
            String mem = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("[^0-9]", "");
            mach.put("memory_gib", Stats.round(Long.parseLong(mem) / 1024.0 / 1024.0));
        } catch (IOException e) {
            // leave it out
        }
        mach.put("cpu", cpu);
        mach.put("cores", Runtime.getRuntime().availableProcessors());
        mach.put("kernel", Shell.run("uname", "-r"));
        mach.put("os", Shell.run("sh", "-c", ". /etc/os-release && echo \"$PRETTY_NAME\""));
    }

    private static void versions(Options o, ObjectNode v) {
        v.put("pgward", Shell.run("java", "-jar", o.jar.toString(), "--version"));
        String commit = Shell.run("git", "-C", o.repo.toString(), "rev-parse", "--short", "HEAD");
        String dirty = Shell.run("git", "-C", o.repo.toString(), "status", "--porcelain", "--untracked-files=no",
                "src", "pom.xml");
        v.put("pgward_commit", commit + (dirty.isEmpty() ? "" : " (+ uncommitted changes under src/)"));
        try {
            v.put("pgward_jar_built", Files.getLastModifiedTime(o.repo.resolve("target/pgward.jar")).toInstant()
                    .truncatedTo(ChronoUnit.SECONDS).toString());
        } catch (IOException e) {
            v.put("pgward_jar_built", "?");
        }
        v.put("patroni", o.tools.contains("patroni") ? Shell.run("/usr/bin/patroni", "--version") + " (Debian "
                + Shell.run("dpkg-query", "-W", "-f=${Version}", "patroni") + ")" : "not run");
        v.put("postgresql", Shell.run(Postgres.BIN + "/postgres", "--version"));
        v.put("etcd", Shell.run("etcd", "--version").lines().findFirst().orElse(""));
        v.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        v.put("python", Shell.run("/usr/bin/python3", "--version"));
        v.put("haproxy", o.haproxy ? Haproxy.version() : "not run");
    }

    private static void settings(Options o, ObjectNode s) {
        ArrayNode profiles = s.putArray("profiles");
        for (Profile p : o.profiles) {
            profiles.addObject().put("name", p.name()).put("ttl", p.ttl()).put("loop_wait", p.loopWait())
                    .put("retry_timeout", p.retryTimeout()).put("trials", o.trialsFor(p));
        }
        s.put("tools", String.join(",", o.tools));
        s.put("scenarios_async", String.join(",", o.scenarios));
        s.put("scenarios_sync", String.join(",", o.syncScenarios));
        s.put("idle_seconds", o.idleSeconds);
        s.put("idle_trials", o.idleTrials);
        s.put("rest_requests", o.restRequests);
        s.put("rest_throughput_clients", o.restThreads);
        s.put("rest_throughput_seconds", o.restThroughputSeconds);
        s.put("writer_interval_ms", 100);
        s.put("haproxy", o.haproxy ? "a second writer through HAProxy's read-write port " + (o.portBase + 5000)
                + " (pgward haproxy-config)" : "not run");
        s.put("baseline_s", o.baselineSeconds);
        s.put("pgward_jvm", "bin/pgward: " + launcherFlags(o.repo.resolve("bin/pgward")));
        s.put("ports", "PostgreSQL " + (o.portBase + 5432) + "-" + (o.portBase + 5434) + ", REST "
                + (o.portBase + 8008) + "-" + (o.portBase + 8010) + ", etcd " + (o.portBase + 2379) + "/"
                + (o.portBase + 2380));
    }

    /** The {@code default_opts} line of the launcher, so the report names the flags the agents really ran with. */
    static String launcherFlags(Path launcher) {
        try {
            return Files.readAllLines(launcher).stream().filter(l -> l.startsWith("default_opts="))
                    .map(l -> l.substring("default_opts=".length()).replace("\"", "")).findFirst()
                    .orElse("(no default_opts line in " + launcher + ")");
        } catch (IOException e) {
            return "(cannot read " + launcher + ": " + e.getMessage() + ")";
        }
    }
}
