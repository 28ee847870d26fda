package io.pgward.postgres;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The postmaster process: started by the agent as a child (so its exit is noticed at once), or found running
 * from {@code postmaster.pid} after an agent restart. Stopped with PostgreSQL's own signals.
 */
public final class Postmaster {

    private static final Logger log = LoggerFactory.getLogger(Postmaster.class);

    /** PostgreSQL's shutdown modes and the signal each one is. */
    public enum StopMode {
        SMART("TERM"), FAST("INT"), IMMEDIATE("QUIT");

        final String signal;

        StopMode(String signal) {
            this.signal = signal;
        }
    }

    private final java.util.function.Supplier<Path> binDir;
    private final Path dataDir;
    private final ServerLog serverLog;
    private final OsUser user;
    private volatile ProcessHandle handle;
    private volatile Runnable onExit = () -> { };

    public Postmaster(java.util.function.Supplier<Path> binDir, Path dataDir, OsUser user, ServerLog serverLog) {
        this.binDir = binDir;
        this.dataDir = dataDir;
        this.user = user;
        this.serverLog = serverLog;
    }

    /** {@code <data_dir>.postgres.log}, next to the data directory. */
    static Path serverLogFile(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + ".postgres.log");
    }

    public Path logFile() {
        return serverLog.file();
    }

    public ServerLog serverLog() {
        return serverLog;
    }

    /** Called (on another thread) whenever the postmaster this object watches exits. */
    public void onExit(Runnable callback) {
        this.onExit = callback;
    }

    /** The running postmaster, from our child or from postmaster.pid. */
    public Optional<ProcessHandle> running() {
        ProcessHandle h = handle;
        if (h != null && h.isAlive()) {
            return Optional.of(h);
        }
        Optional<ProcessHandle> found = fromPidFile();
        found.ifPresent(this::watch);
        return found;
    }

    public boolean isRunning() {
        return running().isPresent();
    }

    private Optional<ProcessHandle> fromPidFile() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void watch(ProcessHandle h) {
        if (handle != null && handle.pid() == h.pid()) {
            return;
        }
        handle = h;
        h.onExit().thenRun(() -> {
            log.info("postmaster (pid {}) exited", h.pid());
            onExit.run();
        });
    }

    /** Starts the postmaster with {@code commandLineGucs} as {@code --name=value} options (highest precedence). */
    public void start(Map<String, String> commandLineGucs, Map<String, String> env) {
        if (isRunning()) {
            throw new PgwardException(Code.POSTGRES_FAILED, "PostgreSQL is already running in " + dataDir);
        }
        List<String> cmd = new ArrayList<>(List.of(binDir.get().resolve("postgres").toString(), "-D", dataDir.toString(),
                "--config-file=" + dataDir.resolve("postgresql.conf")));
        commandLineGucs.forEach((k, v) -> cmd.add("--" + k + "=" + v));
        try {
            serverLog.prepareForStart();
        } catch (IOException e) {
            throw new PgwardException(Code.OS_FAILED, "cannot prepare PostgreSQL's log " + serverLog.file() + ": "
                    + e.getMessage(), e);
        }
        ProcessBuilder pb = new ProcessBuilder(user.wrap(cmd))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(serverLog.file().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            watch(p.toHandle());
            log.debug("started postmaster pid {}", p.pid());
        } catch (IOException e) {
            throw new PgwardException(Code.POSTGRES_FAILED, "cannot start PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Signals the postmaster and waits until it has exited; true when it was running. */
    public boolean stop(StopMode mode, Duration timeout) {
        Optional<ProcessHandle> p = running();
        if (p.isEmpty()) {
            return false;
        }
        signal(p.get(), mode.signal);
        try {
            p.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            if (mode != StopMode.IMMEDIATE) {
                log.warn("PostgreSQL did not stop within {}s in mode {}: stopping it immediately", timeout.toSeconds(), mode);
                return stop(StopMode.IMMEDIATE, timeout);
            }
            p.get().destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return true;
    }

    /** kill -9 of the postmaster (used by tests and the crash paths). */
    public void kill() {
        running().ifPresent(ProcessHandle::destroyForcibly);
    }

    public void reload() {
        running().ifPresent(p -> signal(p, "HUP"));
    }

    private static void signal(ProcessHandle p, String signal) {
        Exec.run(List.of("kill", "-s", signal, Long.toString(p.pid())), Map.of(), Duration.ofSeconds(5));
    }
}
