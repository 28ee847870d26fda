package io.pgward.routing;

import io.pgward.config.HostPort;
import io.pgward.config.PgBouncerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Moves a PgBouncer from the old primary to the new one. Around a switchover the old primary's agent PAUSEs it (new
 * queries wait, running transactions finish) before stopping PostgreSQL; the node that becomes primary points the
 * {@code [databases]} file at itself, RELOADs and RESUMEs, so the waiting queries run there. After a failover there
 * was no pause: the new primary only repoints and reloads. Nothing here holds an HA action for long: PAUSE gives up
 * after {@code pause_timeout}, and a pause nobody resumed is resumed by the agent that made it.
 */
final class PgBouncerSwitch {

    private static final Logger log = LoggerFactory.getLogger(PgBouncerSwitch.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(3);

    private final PgBouncerConfig config;
    private final PgBouncerConsole console;
    private final ScheduledExecutorService worker;

    PgBouncerSwitch(PgBouncerConfig config, PgBouncerConsole console, ScheduledExecutorService worker) {
        this.config = config;
        this.console = console;
        this.worker = worker;
    }

    /**
     * PAUSE, waiting at most {@code pause_timeout} (and {@code longest}) for running transactions; on failure RESUME at
     * once (the switchover goes on as it would without PgBouncer). A pause is resumed after {@code resumeAfter} if
     * nobody did before.
     */
    void pause(Duration longest, Duration resumeAfter) {
        Duration timeout = Duration.ofSeconds(Math.min(config.pauseTimeoutSeconds(), Math.max(1, longest.toSeconds())));
        long started = System.nanoTime();
        String failure = console.run("PAUSE", timeout);
        if (failure != null) {
            log.warn("PgBouncer at {} did not pause ({}): switching over without it; resuming it", console, failure);
            resume();
            return;
        }
        log.info("paused PgBouncer at {} in {} ms: its clients wait for the new primary", console,
                (System.nanoTime() - started) / 1_000_000);
        worker.schedule(this::resumeIfStillPaused, resumeAfter.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The switchover did not happen: resume at once, on the worker. */
    void cancelPause() {
        worker.execute(this::resume);
    }

    /**
     * This node now runs read-write at {@code address}: point the databases file here, RELOAD if it changed, RESUME.
     * Runs on the worker.
     */
    void pointAt(HostPort address) {
        worker.execute(() -> {
            try {
                if (DatabasesFile.rewrite(config.databasesFile(), address.host(), address.port())) {
                    String failure = console.run("RELOAD", COMMAND_TIMEOUT);
                    if (failure != null) {
                        log.warn("pointed {} at {} but PgBouncer at {} did not RELOAD: {}", config.databasesFile(),
                                address, console, failure);
                    } else {
                        log.info("pointed PgBouncer at {} at this node ({}): rewrote {} and reloaded", console, address,
                                config.databasesFile());
                    }
                }
            } catch (IOException | RuntimeException e) {
                log.warn("could not point PgBouncer's {} at this node ({}): {}", config.databasesFile(), address,
                        e.getMessage());
            }
            resume();
        });
    }

    private void resumeIfStillPaused() {
        String failure = console.run("RESUME", COMMAND_TIMEOUT);
        if (failure == null) {
            log.warn("resumed PgBouncer at {}: it was still paused since the switchover this node started", console);
        }
    }

    private void resume() {
        String failure = console.run("RESUME", COMMAND_TIMEOUT);
        if (failure == null) {
            log.info("resumed PgBouncer at {}", console);
        } else if (!failure.contains("not paused")) {
            log.warn("could not RESUME PgBouncer at {}: {}", console, failure);
        }
    }
}
