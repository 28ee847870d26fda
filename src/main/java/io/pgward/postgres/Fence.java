package io.pgward.postgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * never leaves a writable primary unguarded.
 */
public final class Fence implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Fence.class);
    static final String NAME = "pgward-fence";

    /** Reads "arm MILLIS" / "disarm" / "stop" lines; time from /proc/uptime (monotonic) in centiseconds. */
    private static final String SCRIPT = """
            pidfile="$1"; deadline=0; eof=0
            now() { read -r up _ < /proc/uptime; up=${up/./}; NOW=$((10#$up)); }
            while :; do
              if [ $eof -eq 0 ] && read -r -t 0.2 line; then
                case "$line" in
                  disarm) deadline=0 ;;
                  stop) exit 0 ;;
                  arm\\ *) now; deadline=$(( NOW + ${line#arm } / 10 )) ;;
                esac
              else
                rc=$?
                if [ $eof -eq 0 ] && [ $rc -le 128 ]; then eof=1; fi
                if [ $eof -eq 1 ]; then [ $deadline -eq 0 ] && exit 0; sleep 0.2; fi
              fi
              now
              if [ $deadline -gt 0 ] && [ $NOW -ge $deadline ]; then
                pid=$(head -n1 "$pidfile" 2>/dev/null); comm=""; cwd=""
                datadir=$(realpath -e "$(sed -n 2p "$pidfile" 2>/dev/null)" 2>/dev/null)
                [ -n "$pid" ] && read -r comm < "/proc/$pid/comm" 2>/dev/null && cwd=$(readlink "/proc/$pid/cwd")
                # a stale postmaster.pid may name a pid the system gave since to another program, or to another
                # server's postgres: only a postgres process working in this data directory is signalled
                if [ "$comm" = postgres ] && [ -n "$datadir" ] && [ "$cwd" = "$datadir" ] && kill -QUIT "$pid" 2>/dev/null; then
                  echo "pgward fence: the leader lease ran out without renewal: stopping PostgreSQL (pid $pid) immediately" >&2
                  for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
                  kill -KILL "$pid" 2>/dev/null && echo "pgward fence: PostgreSQL had not exited 3 s after SIGQUIT: killed it" >&2
                fi
                deadline=0
                [ $eof -eq 1 ] && exit 0
              fi
            done
            """;

    private final Path pidFile;
    private final Process process;
    private final OutputStream control;
    private final FenceDeadline deadline;
    private final OptionalLong inherited;

    private Fence(Path pidFile, Process process, FenceDeadline deadline, OptionalLong inherited) {
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
    public static Fence start(Path dataDir) {
        return start(dataDir, FenceDeadline.of(dataDir));
    }

    static Fence start(Path dataDir, FenceDeadline deadline) {
        Path pidFile = dataDir.resolveSibling(dataDir.getFileName() + ".fence.pid");
        Optional<ProcessHandle> previous = orphan(pidFile);
        Fence fence;
        try {
            Process p = new ProcessBuilder(List.of("bash", "-c", SCRIPT, NAME, dataDir.resolve("postmaster.pid").toString()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Files.writeString(pidFile, Long.toString(p.pid()));
            fence = new Fence(pidFile, p, deadline, deadline.remainingMillis());
        } catch (IOException e) {
            throw new io.pgward.PgwardException(io.pgward.PgwardException.Code.OS_FAILED,
                    "cannot start the fence process (bash): " + e.getMessage(), e);
        }
        fence.inherited.ifPresent(left -> {
            if (left > 0) {
                log.warn("a previous agent left its fence armed: PostgreSQL is stopped in {} ms unless I renew the"
                        + " leader lease first", left);
            } else {
                log.warn("the fence deadline a previous agent recorded passed {} ms ago without renewal: stopping"
                        + " PostgreSQL if it still runs", -left);
            }
            fence.send("arm " + Math.max(0, left));
        });
        previous.ifPresent(p -> {
            log.info("stopping the fence (pid {}) left by a previous agent", p.pid());
            p.destroy();
        });
        return fence;
    }

    /** Milliseconds left of the deadline inherited at start (negative: already passed); empty when none was armed. */
    public OptionalLong inheritedDeadline() {
        return inherited;
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

    /** PostgreSQL may stay up for {@code millis} more without another {@link #arm}. */
    public synchronized void arm(long millis) {
        deadline.save(millis);
        send("arm " + Math.max(0, millis));
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
