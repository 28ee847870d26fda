package io.pgward.agent;

import io.pgward.postgres.ServerLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Checks PostgreSQL's server log every few seconds and rotates it once it reached its size limit, on its own thread:
 * copying a large file must not hold up the HA loop.
 */
final class ServerLogRotation implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServerLogRotation.class);
    private static final long EVERY_SECONDS = 10;

    private final ServerLog serverLog;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "server-log-rotation");
        t.setDaemon(true);
        return t;
    });

    ServerLogRotation(ServerLog serverLog) {
        this.serverLog = serverLog;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::check, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
    }

    private void check() {
        try {
            if (serverLog.rotateIfOver()) {
                log.info("PostgreSQL's log {} reached its size limit (log.file_size): its lines so far are now in {}.1",
                        serverLog.file(), serverLog.file().getFileName());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("cannot rotate PostgreSQL's log {}: {}; it keeps growing until the next try", serverLog.file(),
                    e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
