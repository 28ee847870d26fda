package io.pgward.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The processes of a run: what it started, the postmasters under its data directories, and cleanup by PID. */
final class Processes {

    /** Every process this run started (agents, etcd), for the shutdown hook. */
    static final Set<Process> STARTED = ConcurrentHashMap.newKeySet();
    /** Data directories whose postmasters must not survive the run. */
    static final Set<Path> DATA_DIRS = ConcurrentHashMap.newKeySet();

    private Processes() {
    }

    static Optional<ProcessHandle> postmasterOf(Path dataDir) {
        Path pid = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pid)) {
                return Optional.empty();
            }
            long n = Long.parseLong(Files.readAllLines(pid).get(0).trim());
            return ProcessHandle.of(n).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().command().map(c -> c.endsWith("/postgres")).orElse(true));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** kill -9 of a postmaster and every process it started. */
    static void killTree(ProcessHandle pm) {
        List<ProcessHandle> children = pm.descendants().toList();
        pm.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** SIGTERM, then SIGKILL after {@code seconds}; forgotten by the shutdown hook afterwards. */
    static void stop(Process process, int seconds) {
        process.destroy();
        try {
            if (!process.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        STARTED.remove(process);
    }

    /** The shutdown hook: kill -9 of everything started and of every postmaster still under a data directory. */
    static void killEverything() {
        for (Process p : STARTED) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        for (Path d : DATA_DIRS) {
            postmasterOf(d).ifPresent(Processes::killTree);
        }
    }

    /** Processes left by an earlier, interrupted run: their command line names our run directory. */
    static void killLeftovers(Path runDir) {
        String marker = runDir.toString() + "/";
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> found = new ArrayList<>();
        try {
            for (Map.Entry<Long, String> e : commandLines().entrySet()) {
                if (e.getKey() != self && e.getValue().contains(marker)) {
                    ProcessHandle.of(e.getKey()).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            return;
        }
        for (ProcessHandle h : found) {
            Log.log("killing a process left by an earlier run: pid " + h.pid() + " "
                    + h.info().commandLine().orElse(""));
            killTree(h);
        }
    }

    /** The command line (NUL-separated, as in /proc/PID/cmdline) of every process still there when read. */
    static Map<Long, String> commandLines() throws IOException {
        Map<Long, String> m = new LinkedHashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    m.put(Long.parseLong(name),
                            new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // gone
                }
            }
        }
        return m;
    }
}
