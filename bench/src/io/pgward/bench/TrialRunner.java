package io.pgward.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

/**
 * One trial of one tool and profile: a fresh cluster, bootstrap, the asynchronous scenarios, idle and REST
 * figures, then synchronous mode and its scenarios. Its logs are kept under logs/RUN_STAMP/.
 */
final class TrialRunner {

    private static final String RUN_STAMP = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));

    private final Options o;
    private final Results res;
    private final ScenarioRunner scenarios;

    TrialRunner(Options o, Results res) {
        this.o = o;
        this.res = res;
        this.scenarios = new ScenarioRunner(o, res);
    }

    void run(String tool, Profile p, int trial) {
        String id = tool + "-" + p.name() + "-t" + trial;
        Path dir = o.base.resolve("run").resolve(id);
        Dirs.deleteTree(dir);
        Log.log("==== " + id + " (" + p.describe() + "), load average " + ProcStats.loadavg()
                + ", other agents running: " + ProcStats.foreignAgents(o.base));
        ObjectNode tr = res.trials.addObject();
        tr.put("tool", tool).put("profile", p.name()).put("trial", trial).put("loadavg_start", ProcStats.loadavg())
                .put("other_agents_running_at_start", ProcStats.foreignAgents(o.base));
        long trialStart = System.nanoTime();
        BenchCluster c = new BenchCluster(o, tool, p, dir);
        try {
            c.prepare();
            c.startEtcd();
            long t0 = System.nanoTime();
            c.startAgents();
            String leader = c.awaitHealthy(180);
            res.add(tool, p, trial, "-", "bootstrap", "bootstrap_s", Time.secs(System.nanoTime() - t0), "s");
            c.createTable(leader);
            if (o.haproxy) {
                c.haproxy = new Haproxy(dir, o.portBase);
                c.haproxy.start(o, c.layout);
            }
            if (o.holdSeconds > 0) {
                Log.log("holding the healthy cluster for " + o.holdSeconds + " s (--hold), directory " + dir);
                Time.sleep(o.holdSeconds);
            }
            if (!runScenarios(c, trial, "async", o.scenarios)) {
                return;
            }
            leader = c.awaitHealthy(p.healTimeout());
            if (trial <= o.idleTrials) {
                new IdleMeasurement(o, res).run(c, trial, leader);
            }
            new RestMeasurement(o, res).run(c, trial, leader);
            if (!o.syncScenarios.isEmpty()) {
                c.enableSync(leader);
                String l = leader;
                if (!Time.waitFor(p.syncTimeout(), 0.2, () -> c.syncReady(l))) {
                    throw new IllegalStateException("synchronous_mode: no synchronous standby within "
                            + (int) p.syncTimeout() + " s");
                }
                runScenarios(c, trial, "sync", o.syncScenarios);
            }
        } catch (Exception e) {
            res.failure(tool, p, trial, "trial", e.toString());
        } finally {
            c.close();
            tr.put("loadavg_end", ProcStats.loadavg())
                    .put("duration_s", Stats.round(Time.secs(System.nanoTime() - trialStart)));
            for (String note : c.notes) {
                res.note(tool, p, trial, note);
                Log.log("NOTE " + id + ": " + note);
            }
            keepLogs(c, id);
            if (!o.keep) {
                Dirs.deleteTree(dir);
            }
        }
    }

    /** Runs the scenarios in order; false when the cluster could not be brought back (the trial stops). */
    private boolean runScenarios(BenchCluster c, int trial, String mode, List<String> which) {
        for (String sc : which) {
            try {
                scenarios.run(c, trial, mode, sc);
            } catch (AgentDied e) {
                res.failure(c.tool, c.profile, trial, mode + "/" + sc, e.getMessage());
                return false;
            } catch (Exception e) {
                res.failure(c.tool, c.profile, trial, mode + "/" + sc, e.toString());
                try {
                    for (int i = 0; i < c.n(); i++) {
                        if (c.agents.exited(i)) {
                            c.agents.start(i);
                        }
                    }
                    c.awaitHealthy(c.profile.healTimeout());
                } catch (Exception e2) {
                    res.failure(c.tool, c.profile, trial, mode + "/" + sc + " recovery", e2.toString());
                    return false;
                }
            }
        }
        return true;
    }

    /** Copies each node's agent log, PostgreSQL logs and YAML, and etcd's log, to logs/RUN_STAMP/id. */
    private void keepLogs(BenchCluster c, String id) {
        Path logs = o.base.resolve("logs").resolve(RUN_STAMP).resolve(id);
        ClusterLayout l = c.layout;
        try {
            Dirs.deleteTree(logs);
            Files.createDirectories(logs);
            for (int i = 0; i < l.n(); i++) {
                Dirs.copyIfExists(l.agentLog(i), logs.resolve(l.name(i) + ".agent.log"));
                Dirs.copyIfExists(l.nodeDir(i).resolve("data.postgres.log"), logs.resolve(l.name(i) + ".postgres.log"));
                Path pgLog = l.dataDir(i).resolve("log");
                if (Files.isDirectory(pgLog)) {
                    try (Stream<Path> files = Files.list(pgLog)) {
                        for (Path f : files.toList()) {
                            Dirs.copyIfExists(f, logs.resolve(l.name(i) + "." + f.getFileName()));
                        }
                    }
                }
                Dirs.copyIfExists(l.config(i), logs.resolve(l.name(i) + ".yml"));
            }
            Dirs.copyIfExists(l.dir().resolve("etcd.log"), logs.resolve("etcd.log"));
        } catch (IOException e) {
            Log.log("warning: could not keep logs of " + id + ": " + e.getMessage());
        }
    }
}
