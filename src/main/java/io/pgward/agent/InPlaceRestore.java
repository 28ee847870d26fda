package io.pgward.agent;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.config.BootstrapMethod;
import io.pgward.dcs.WireFormat;
import io.pgward.ha.Observation;
import io.pgward.ha.RestoreMark;
import io.pgward.ha.RestoreRequest;
import io.pgward.ha.RestoreRequest.State;
import io.pgward.postgres.Postmaster.StopMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * This node's part in an in-place restore ({@code pgward restore --to}): stopping for it, restoring (the chosen
 * node), marking it done, and cloning from the restored leader afterwards. Each step records its progress in the
 * {@link RestoreMarkFile} so that no step runs twice for one request.
 */
final class InPlaceRestore {

    private static final Logger log = LoggerFactory.getLogger(InPlaceRestore.class);
    /** How long a stopping primary waits for its last WAL segment to reach the repository. */
    private static final Duration ARCHIVE_WAIT = Duration.ofSeconds(60);
    private static final String ASIDE = "before-restore";

    private final NodeContext ctx;
    private final RestoreMarkFile mark;

    InPlaceRestore(NodeContext ctx) {
        this.ctx = ctx;
        this.mark = new RestoreMarkFile(ctx.config.postgresql().dataDir());
    }

    /**
     * A task: archives the primary's last WAL (so that a restore to the end of the archive has every commit),
     * stops PostgreSQL, gives up the leader key if held, and records the request as handled.
     */
    String stopFor(RestoreRequest r, Observation o) {
        if (o.local().runningAsPrimary()) {
            archiveLastSegment();
        }
        if (ctx.postgres.postmaster().isRunning()) {
            ctx.postgres.stop(StopMode.FAST);
            log.info("stopped PostgreSQL for the restore to {}", r.target());
        }
        if (o.holdsLeaderKey()) {
            ctx.leaseGone();
            ctx.dcs.releaseLeader();
            log.info("released the leader key for the restore to {}", r.target());
        }
        mark.write(new RestoreMark(r.id(), false));
        return "stopped for the restore to " + r.target();
    }

    private void archiveLastSegment() {
        if (ctx.dynamic().backup() == null) {
            return;
        }
        try {
            String segment = ctx.postgres.client().switchWal();
            long deadline = System.nanoTime() + ARCHIVE_WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                String last = ctx.postgres.client().lastArchivedWal();
                if (last.length() == 24 && last.compareTo(segment) >= 0) {
                    log.info("WAL up to segment {} is in the repository", segment);
                    return;
                }
                Pause.orFail(500, "the archive");
            }
            log.warn("WAL segment {} was not archived within {}s: a restore to the end of the archive may miss the last"
                    + " commits (see pgward backup list and the archiver's failures)", segment, ARCHIVE_WAIT.toSeconds());
        } catch (PgwardException e) {
            log.warn("could not switch and archive the last WAL segment before stopping: {}", e.getMessage());
        }
    }

    /**
     * A task on the chosen node: moves its data aside, restores the repository, recovers to the target and promotes,
     * then takes the leader key. A failure stops PostgreSQL, moves the partial restore aside and marks the request
     * failed with the reason, so that every node waits for the operator.
     */
    String restore(RestoreRequest r) {
        ctx.stateOverride = "restoring";
        try {
            ctx.postgres.stop(StopMode.FAST);
            Path aside = ctx.postgres.dataDirectory().moveAside(ASIDE);
            if (aside != null) {
                log.info("moved the data directory to {} before restoring (remove it once the restore is checked)", aside);
            }
            CustomBootstrap restore = new CustomBootstrap(ctx, method(r));
            restore.restore();
            restore.recoverAndPromote();
            mark.write(new RestoreMark(r.id(), true));
            long sent = System.nanoTime();
            if (ctx.dcs.acquireLeader()) {
                ctx.leaseConfirmed(sent);
                log.info("restored to {} and took the leader key", r.target());
            }
            ctx.rewindFailure = null;
            return "restored to " + r.target();
        } catch (RuntimeException e) {
            failed(r, e);
            throw e;
        } finally {
            ctx.stateOverride = null;
        }
    }

    /** pgward's own pgbackrest bootstrap method with the request's recovery settings and backup set. */
    static BootstrapMethod method(RestoreRequest r) {
        Map<String, String> options = new LinkedHashMap<>();
        if (r.backupSet() != null) {
            options.put("set", r.backupSet());
        }
        return new BootstrapMethod("pgbackrest", null, false, false, options, r.recoveryConf());
    }

    private void failed(RestoreRequest r, RuntimeException cause) {
        log.error("the restore to {} failed: {}", r.target(), cause.getMessage());
        try {
            ctx.postgres.stop(StopMode.IMMEDIATE);
            Path aside = ctx.postgres.dataDirectory().moveAside("failed-restore");
            if (aside != null) {
                log.info("moved the partial restore to {}", aside);
            }
        } catch (RuntimeException e) {
            log.warn("could not stop PostgreSQL and move the partial restore aside: {}", e.getMessage());
        }
        try {
            String detail = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            if (!ctx.dcs.writeRestore(WireFormat.restoreJson(r.withState(State.FAILED, summary(detail))), r.revision())) {
                log.warn("the restore key changed meanwhile: its failure was not recorded there");
            }
        } catch (RuntimeException e) {
            log.error("could not record the restore's failure in etcd: {}", e.getMessage());
        }
    }

    /**
     * On the loop, once the restored node leads: the request is marked done (compare-and-swap: a request replaced
     * meanwhile is left alone), the restore goes into the history key, and the mark is removed.
     */
    void finish(RestoreRequest r, Observation o) {
        if (!ctx.dcs.writeRestore(WireFormat.restoreJson(r.withState(State.DONE, "restored on " + ctx.name())),
                r.revision())) {
            log.warn("the restore key changed since it was read: not marking it done this cycle");
            return;
        }
        HistoryRecord.appendEndedTimeline(ctx, o.cluster().history(), "restore to " + r.target());
        mark.delete();
        ctx.backups.becamePrimary();
        log.info("the restore to {} is done: the other nodes clone from me", r.target());
    }

    /** A task: moves data that predates the restore aside and clones from the restored leader with pg_basebackup. */
    String reclone(String leader, StartTasks start) {
        ctx.postgres.stop(StopMode.FAST);
        Path aside = ctx.postgres.dataDirectory().moveAside(ASIDE);
        if (aside != null) {
            log.info("moved the data directory that predates the restore to {} (remove it once the restore is checked)",
                    aside);
        }
        ctx.rewindFailure = null;
        String outcome = start.cloneFrom(leader, true);
        mark.delete();
        return outcome;
    }

    /** The first line of a failure, and PostgreSQL's last FATAL line from the log tail it carries, if any. */
    static String summary(String text) {
        String[] lines = text.split("\n");
        String fatal = null;
        for (String line : lines) {
            if (line.contains("FATAL:") || line.contains("PANIC:")) {
                fatal = line.substring(line.indexOf(line.contains("FATAL:") ? "FATAL:" : "PANIC:")).strip();
            }
        }
        return fatal == null ? lines[0] : lines[0] + " " + fatal;
    }
}
