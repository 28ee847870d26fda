package io.pgward.postgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A small process outside the JVM that stops PostgreSQL (immediate shutdown) when the leader lease it was last told
 * about runs out. It is pgward's software watchdog: a frozen agent (SIGSTOP, a stuck JVM) or a killed agent cannot
 * renew the lease, and without a fence its primary would keep taking writes after another node was promoted. When
 * the agent dies the fence still enforces the last deadline, then exits. It sends SIGQUIT (immediate shutdown) and,
 * if the postmaster is still there 3 seconds later, SIGKILL. Every deadline is also recorded next to the data
 * directory ({@link FenceDeadline}): the fence of a restarted agent starts armed with it, so a crash loop of the agent
 * never leaves a writable primary unguarded, and with the lease that deadline belongs to.
 *
 * <p>When the agent dies on a live host (its end of the pipe closes without "stop") while it leads, and PostgreSQL is
 * down — at once, or once the fence stopped it at the deadline — the fence kills every process of that server left
 * behind (backends outlive a killed postmaster for a while), confirms that none is left, and then revokes the agent's
 * etcd lease through the JSON gateway with curl ({@link FenceEtcdAccess}), so that a replica takes over at once instead
 * of when the lease runs out. A frozen agent has not closed the pipe: it is never taken for dead. A lost host takes
 * its fence with it: its lease runs out.
 */
public final class Fence implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Fence.class);
    static final String NAME = "pgward-fence";

    /** The script (fence.sh next to this class): reads "arm MILLIS LEASE" / "disarm" / "stop" lines. */
    private static final String SCRIPT = script();
    private static final String SCRIPT_VARIABLE = "PGWARD_FENCE_SCRIPT";

    private final Path pidFile;
    private final Process process;
    private final OutputStream control;
    private final FenceDeadline deadline;
    private final Optional<FenceDeadline.Recorded> inherited;

    private Fence(Path pidFile, Process process, FenceDeadline deadline, Optional<FenceDeadline.Recorded> inherited) {
        this.pidFile = pidFile;
        this.process = process;
        this.control = process.getOutputStream();
        this.deadline = deadline;
        this.inherited = inherited;
    }

    /**
     * Starts a fence for the PostgreSQL of {@code dataDir}, armed with the deadline a previous agent (or a previous
     * fence of this agent) recorded, then stops the fence that agent left running.
     */
    public static Fence start(Path dataDir, Optional<FenceEtcdAccess> etcd) {
        return start(dataDir, FenceDeadline.of(dataDir), etcd);
    }

    static Fence start(Path dataDir, FenceDeadline deadline, Optional<FenceEtcdAccess> etcd) {
        Path pidFile = dataDir.resolveSibling(dataDir.getFileName() + ".fence.pid");
        Path accessFile = dataDir.resolveSibling(dataDir.getFileName() + ".fence.etcd");
        Optional<ProcessHandle> previous = orphan(pidFile);
        Fence fence;
        try {
            writeAccess(accessFile, etcd);
            // The script goes in the environment: a command line over 4 KiB is cut short in /proc (and in ps), and
            // the name that tells a previous agent's fence would be lost.
            ProcessBuilder builder = new ProcessBuilder(List.of("bash", "-c", "eval \"$" + SCRIPT_VARIABLE + "\"", NAME,
                    dataDir.resolve("postmaster.pid").toString(), dataDir.toString(), accessFile.toString(),
                    pidFile.toString()));
            builder.environment().put(SCRIPT_VARIABLE, SCRIPT);
            Process p = builder
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Files.writeString(pidFile, Long.toString(p.pid()));
            fence = new Fence(pidFile, p, deadline, deadline.recorded());
        } catch (IOException e) {
            throw new io.pgward.PgwardException(io.pgward.PgwardException.Code.OS_FAILED,
                    "cannot start the fence process (bash): " + e.getMessage(), e);
        }
        fence.inherited.ifPresent(recorded -> {
            long left = recorded.remainingMillis();
            if (left > 0) {
                log.warn("a previous agent left its fence armed: PostgreSQL is stopped in {} ms unless I renew the"
                        + " leader lease first", left);
            } else {
                log.warn("the fence deadline a previous agent recorded passed {} ms ago without renewal: stopping"
                        + " PostgreSQL if it still runs", -left);
            }
            fence.send("arm " + Math.max(0, left) + " " + recorded.lease());    // the deadline's own lease
        });
        previous.ifPresent(p -> {
            log.info("stopping the fence (pid {}) left by a previous agent", p.pid());
            p.destroy();
        });
        return fence;
    }

    /** The etcd access file, mode 0600 from its creation on (it holds the etcd password); removed when there is none. */
    private static void writeAccess(Path file, Optional<FenceEtcdAccess> etcd) throws IOException {
        Files.deleteIfExists(file);
        if (etcd.isPresent()) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, etcd.get().render());
        }
    }

    private static String script() {
        try (var in = Fence.class.getResourceAsStream("fence.sh")) {
            if (in == null) {
                throw new IllegalStateException("fence.sh is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Milliseconds left of the deadline inherited at start (negative: already passed); empty when none was armed. */
    public OptionalLong inheritedDeadline() {
        return inherited.map(r -> OptionalLong.of(r.remainingMillis())).orElseGet(OptionalLong::empty);
    }

    private static Optional<ProcessHandle> orphan(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().arguments().map(a -> List.of(a).contains(NAME)).orElse(false)
                            || p.info().commandLine().map(c -> c.contains(NAME)).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * PostgreSQL may stay up for {@code millis} more without another {@code arm}; {@code lease} is the etcd lease the
     * leader key lives on (0: unknown), which the fence revokes once it confirmed that a dead agent's server is gone.
     */
    public synchronized void arm(long millis, long lease) {
        deadline.save(millis, lease);
        send("arm " + Math.max(0, millis) + " " + Math.max(0, lease));
    }

    public synchronized void disarm() {
        deadline.clear();
        send("disarm");
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    private void send(String line) {
        try {
            control.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            control.flush();
        } catch (IOException e) {
            log.error("the fence process is gone ({}): PostgreSQL is not protected against a frozen agent", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        send("stop");
        deadline.clear();
        try {
            control.close();
            process.waitFor();
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            log.debug("closing the fence: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
