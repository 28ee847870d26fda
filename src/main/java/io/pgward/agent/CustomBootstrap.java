package io.pgward.agent;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.config.BootstrapMethod;
import io.pgward.postgres.Exec;
import io.pgward.postgres.MethodCommandLine;
import io.pgward.postgres.PgStatus;
import io.pgward.postgres.PostgresNode;
import io.pgward.postgres.Postmaster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bootstrap by a custom {@code bootstrap.method}, as Patroni does it: the method's command restores a data directory
 * (pgward's own {@code pgbackrest} method restores the backup section's repository), PostgreSQL recovers it with
 * {@code recovery_conf} (a point in time, a restore point, the end of the archive) and promotes; the new cluster
 * starts from that primary.
 */
final class CustomBootstrap {

    private static final Logger log = LoggerFactory.getLogger(CustomBootstrap.class);
    /** How long a recovery may run before the bootstrap is given up (a restore of a large cluster takes hours). */
    private static final Duration RECOVERY_LIMIT = Duration.ofHours(48);
    private static final Duration PROMOTE_TIMEOUT = Duration.ofMinutes(5);
    private final NodeContext ctx;
    private final BootstrapMethod method;

    CustomBootstrap(NodeContext ctx, BootstrapMethod method) {
        this.ctx = ctx;
        this.method = method;
    }

    /** Runs the method's command; fails naming its exit code and output, or a data directory it did not leave. */
    void restore() {
        PostgresNode pg = ctx.postgres;
        List<String> argv = method.command() == null ? ownRestore()
                : MethodCommandLine.bootstrap(method, ctx.config.scope(), pg.dataDirectory().path());
        log.info("bootstrapping with method {}: {}", method.name(), String.join(" ", argv));
        Exec.Result r = pg.runMethod(argv, null);
        if (!r.ok()) {
            throw new PgwardException(Code.POSTGRES_FAILED, "bootstrap method " + method.name() + ": '" + argv.get(0)
                    + "' exited with " + r.exitCode() + (r.output().isEmpty() ? "" : ": " + r.output()));
        }
        if (!pg.dataDirectory().hasCluster()) {
            throw new PgwardException(Code.POSTGRES_FAILED, "bootstrap method " + method.name() + " succeeded but left no"
                    + " PostgreSQL data directory in " + pg.dataDirectory().path());
        }
        log.info("bootstrap method {} restored the data directory", method.name());
    }

    /** pgward's own pgBackRest restore, with the section's other keys as pgBackRest options (e.g. set: a label). */
    private List<String> ownRestore() {
        List<String> argv = new java.util.ArrayList<>(ctx.backups.restoreArgv(ctx.parameters()));
        method.options().forEach((key, value) -> argv.add("--" + key + "=" + value));
        return argv;
    }

    /**
     * The GUCs of the recovery: the node's parameters plus recovery_conf; for pgward's own restore a target without
     * an action promotes (PostgreSQL's default would pause and wait for someone).
     */
    Map<String, String> recoveryParameters(Map<String, String> parameters) {
        Map<String, String> all = new LinkedHashMap<>(parameters);
        all.putAll(method.recoveryConf());
        boolean target = method.recoveryConf().keySet().stream().anyMatch(k -> k.startsWith("recovery_target")
                && !k.equals("recovery_target_timeline") && !k.equals("recovery_target_inclusive"));
        if (target && !method.recoveryConf().containsKey("recovery_target_action")) {
            all.put("recovery_target_action", "promote");
        }
        return all;
    }

    /**
     * Writes the recovery's configuration and signal files, starts PostgreSQL and waits until it has recovered and
     * promoted; then writes the normal configuration again (recovery settings out) and reloads.
     */
    void recoverAndPromote() {
        PostgresNode pg = ctx.postgres;
        Map<String, String> params = ctx.parameters();
        boolean recover = method.command() == null || !method.recoveryConf().isEmpty();
        if (recover) {
            ctx.writePostgresqlConf(recoveryParameters(params), null);
            pg.files().setRecoverySignal();
        } else {
            ctx.writePostgresqlConf(params, null);
            if (!method.keepExistingRecoveryConf()) {
                pg.files().setStandbySignal(false);
            }
        }
        pg.files().writeHba(ctx.pgHba());
        pg.files().writeIdent(ctx.pgIdent());
        if (!pg.startAndWait(ctx.commandLineGucs(params), RECOVERY_LIMIT)) {
            throw new PgwardException(Code.POSTGRES_FAILED, "PostgreSQL stopped while recovering the restored data"
                    + " (a recovery target outside the backup and archive?):\n" + pg.logTail(15));
        }
        awaitPromotion(pg);
        ctx.writePostgresqlConf(params, null);
        if (recover) {
            // recovery_target_* and the like only change at a restart: the new cluster must not start with a
            // pending restart, nor keep a target it has passed.
            Duration limit = Duration.ofSeconds(ctx.config.postgresql().pgCtlTimeout());
            boolean started = pg.restart(() -> pg.stop(Postmaster.StopMode.FAST, limit)
                    && pg.startAndWait(ctx.commandLineGucs(params), limit));
            if (!started) {
                throw new PgwardException(Code.POSTGRES_FAILED, "PostgreSQL did not start again after the recovery:\n"
                        + pg.logTail(15));
            }
            log.info("restarted PostgreSQL without the recovery settings");
        } else {
            pg.reload();
        }
    }

    private void awaitPromotion(PostgresNode pg) {
        long deadline = System.nanoTime() + RECOVERY_LIMIT.toNanos();
        long nextReport = 0;
        while (System.nanoTime() < deadline) {
            if (!pg.postmaster().isRunning()) {
                throw new PgwardException(Code.POSTGRES_FAILED, "PostgreSQL stopped during the recovery of the restored"
                        + " data:\n" + pg.logTail(15));
            }
            PgStatus s;
            try {
                s = pg.client().status();
            } catch (PgwardException e) {
                Pause.orFail(1000, "the recovery");
                continue;
            }
            if (!s.inRecovery()) {
                log.info("the restored cluster finished its recovery on timeline {}", s.timeline());
                return;
            }
            if (s.replayPaused()) {
                log.info("recovery paused at its target (recovery_target_action: pause): promoting, as a bootstrap must"
                        + " end with a primary");
                pg.client().promote(PROMOTE_TIMEOUT);
            } else if (System.nanoTime() > nextReport) {
                log.info("recovering the restored data: replayed up to {}", s.replayTimestamp());
                nextReport = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            }
            Pause.orFail(1000, "the recovery");
        }
        throw new PgwardException(Code.POSTGRES_FAILED, "the restored data was still recovering after " + RECOVERY_LIMIT);
    }
}
