package io.pgward.agent;

import io.pgward.PgwardException;
import io.pgward.backup.InfoHealth;
import io.pgward.backup.PgBackRest;
import io.pgward.ha.BackupHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Asks pgBackRest ({@code info}) every {@link #INTERVAL} and after each backup job what the repository holds, on a
 * thread of its own (never in the HA loop), and only while this node leads, so the repository is asked once per
 * cluster. The HA loop publishes {@link #current()} in the member key; REST and metrics read it.
 */
final class BackupHealthWatch implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofSeconds(60);
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(BackupHealthWatch.class);

    private final Supplier<String> member;
    private final Supplier<PgBackRest> whileLeading;
    private final ScheduledExecutorService thread = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "backup-health");
        t.setDaemon(true);
        return t;
    });
    private volatile BackupHealth current;

    /** @param whileLeading pgBackRest of this node while it holds the leader key and has a backup section, else null */
    BackupHealthWatch(Supplier<String> member, Supplier<PgBackRest> whileLeading) {
        this.member = member;
        this.whileLeading = whileLeading;
    }

    void start() {
        thread.scheduleWithFixedDelay(this::check, 5, INTERVAL.toSeconds(), TimeUnit.SECONDS);
    }

    /** A check as soon as the thread is free (a backup just ended). */
    void checkSoon() {
        try {
            thread.execute(this::check);
        } catch (RejectedExecutionException e) {
            // the agent is stopping
        }
    }

    /** The last check's result while this node leads; null otherwise (the leader's member key then tells). */
    BackupHealth current() {
        return current;
    }

    private void check() {
        try {
            PgBackRest pgbr = whileLeading.get();
            if (pgbr == null) {
                current = null;
                return;
            }
            Instant at = Instant.now();
            BackupHealth next;
            try {
                next = InfoHealth.parse(pgbr.infoJson(TIMEOUT), pgbr.stanza(), member.get(), at);
            } catch (PgwardException e) {
                next = BackupHealth.failed(member.get(), at, e.getMessage());
            }
            BackupHealth before = current;
            current = next.after(before);
            say(before, next);
        } catch (RuntimeException e) {
            log.warn("the backup repository was not checked: {}", e.getMessage());
        }
    }

    private static void say(BackupHealth before, BackupHealth now) {
        boolean wasReachable = before == null || before.reachable();
        if (wasReachable && !now.reachable()) {
            log.warn("the backup repository is unreachable (pgbackrest info): {}; backups and restores from it fail"
                    + " until it is back", now.error());
        } else if (!wasReachable && now.reachable()) {
            log.info("the backup repository is reachable again (pgbackrest info)");
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
