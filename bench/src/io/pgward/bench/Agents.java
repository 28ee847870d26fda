package io.pgward.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The three agent processes of a cluster: pgward through bin/pgward as root, or Patroni as the OS user postgres.
 * Each appends to its node's log.
 */
final class Agents {

    private final Options o;
    private final String tool;
    private final ClusterLayout layout;
    private final Process[] agents;

    Agents(Options o, String tool, ClusterLayout layout) {
        this.o = o;
        this.tool = tool;
        this.layout = layout;
        this.agents = new Process[layout.n()];
    }

    /** Starts (or restarts) the agent of node i. */
    void start(int i) throws IOException {
        ProcessBuilder pb;
        String config = layout.config(i).toString();
        if (tool.equals("pgward")) {
            pb = new ProcessBuilder(o.repo.resolve("bin/pgward").toString(), "agent", "-c", config);
            pb.environment().put("PGWARD_JAR", o.jar.toString());
        } else {
            pb = new ProcessBuilder("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups",
                    "/usr/bin/patroni", config);
            pb.environment().put("HOME", "/var/lib/postgresql");
            pb.environment().put("USER", "postgres");
            pb.environment().put("LOGNAME", "postgres");
        }
        pb.directory(layout.dir().toFile());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(layout.agentLog(i).toFile()));
        Files.writeString(layout.agentLog(i), "---- bench: agent started " + Instant.now() + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (agents[i] != null) {
            Processes.STARTED.remove(agents[i]);
        }
        agents[i] = pb.start();
        Processes.STARTED.add(agents[i]);
    }

    void startAll() throws IOException {
        for (int i = 0; i < agents.length; i++) {
            start(i);
        }
    }

    /** The agent process of node i; null before it was started. */
    Process process(int i) {
        return agents[i];
    }

    boolean alive(int i) {
        return agents[i] != null && agents[i].isAlive();
    }

    /** Started, and no longer running. */
    boolean exited(int i) {
        return agents[i] != null && !agents[i].isAlive();
    }

    /** Throws {@link AgentDied} when an agent that was started has exited. */
    void checkAlive() {
        for (int i = 0; i < agents.length; i++) {
            if (exited(i)) {
                throw new AgentDied(layout.name(i) + "'s agent exited with code " + agents[i].exitValue()
                        + " (see " + layout.agentLog(i) + ")");
            }
        }
    }

    /** SIGTERM to every agent, then SIGKILL to those still running after 45 s (noted). */
    void stopAll(List<String> notes) {
        for (Process p : agents) {
            if (p != null && p.isAlive()) {
                p.destroy();
            }
        }
        for (int i = 0; i < agents.length; i++) {
            Process p = agents[i];
            if (p == null) {
                continue;
            }
            try {
                if (!p.waitFor(45, TimeUnit.SECONDS)) {
                    notes.add(layout.name(i) + ": agent did not exit within 45 s of SIGTERM at teardown; killed");
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Processes.STARTED.remove(p);
        }
    }
}
