package io.pgward.agent;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.config.Credentials;
import io.pgward.postgres.Conninfo;
import io.pgward.postgres.ControlData;
import io.pgward.postgres.Exec;
import io.pgward.postgres.PgClient;
import io.pgward.postgres.PostgresNode;
import io.pgward.postgres.Postmaster;
import io.pgward.postgres.StandbySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;

/** Long actions that bring the local PostgreSQL up: clone, start as primary, start as replica (rewinding first). */
final class StartTasks {

    private static final Logger log = LoggerFactory.getLogger(StartTasks.class);
    /** How long a replica start waits for a new leader to finish promoting before it tries again next cycle. */
    private static final Duration LEADER_TIMELINE_WAIT = Duration.ofSeconds(5);
    private final NodeContext ctx;

    StartTasks(NodeContext ctx) {
        this.ctx = ctx;
    }

    /** @param onlyBasebackup true: pg_basebackup from the leader whatever create_replica_methods says */
    String cloneFrom(String leader, boolean onlyBasebackup) {
        return cloneFrom(leader, leader, onlyBasebackup);
    }

    /**
     * Creates the data directory from {@code member} (the leader, or a member tagged clonefrom), then starts it as a
     * standby of the leader: the next cycle moves it to its own upstream if it cascades.
     *
     * @param onlyBasebackup true: pg_basebackup whatever create_replica_methods says
     */
    String cloneFrom(String member, String leader, boolean onlyBasebackup) {
        PostgresNode pg = ctx.postgres;
        StandbySettings source = ctx.standbyOf(member);
        if (!source.hasUpstream()) {
            throw new PgwardException(Code.POSTGRES_FAILED, "member " + member + " has no connection address");
        }
        ctx.stateOverride = "creating replica";
        try {
            pg.dataDirectory().ensure();
            new ReplicaCreation(ctx).create(source, onlyBasebackup);
        } finally {
            ctx.stateOverride = null;
        }
        String started = startAsStandby(leader == null ? source : ctx.standbyOf(leader));
        return member.equals(leader) ? started : "cloned from " + member + "; " + started;
    }

    String startPrimary() {
        PostgresNode pg = ctx.postgres;
        ControlData cd = pg.controlData().orElseThrow(() ->
                new PgwardException(Code.POSTGRES_FAILED, "pg_controldata cannot read " + pg.dataDirectory().path()));
        // Standby data stays a standby until promoted by the next cycle; primary data starts as primary.
        boolean standbyData = !cd.wasPrimary();
        keepRecordedSyncStandbys();
        var params = ctx.parameters();
        ctx.writePostgresqlConf(params, standbyData ? StandbySettings.none(ctx.name()) : null);
        writeAccessFiles();
        pg.files().setStandbySignal(standbyData);
        boolean guarded = !standbyData && !paused();
        if (guarded) {
            renewBeforeStartingWritable();
        }
        int timeout = ctx.dynamic().primaryStartTimeout();
        if (!pg.startAndWait(ctx.commandLineGucs(params), Duration.ofSeconds(Math.max(timeout, 10)))) {
            pg.stop(Postmaster.StopMode.IMMEDIATE);
            throw new PgwardException(Code.POSTGRES_FAILED, "PostgreSQL did not start within " + timeout
                    + "s (primary_start_timeout):\n" + pg.logTail(10));
        }
        if (guarded && ctx.leaseGuard != null && !ctx.leaseGuard.holds()) {
            pg.stop(Postmaster.StopMode.IMMEDIATE);
            throw new PgwardException(Code.POSTGRES_FAILED, "stopped PostgreSQL right after starting it as primary:"
                    + " my leader lease ran out while it started; the next cycle decides again");
        }
        if (!standbyData) {
            ctx.announcePrimary();
        }
        return "PostgreSQL started as " + (standbyData ? "standby (promotion follows)" : "primary");
    }

    /**
     * The decision to start as primary may be a whole lease old by now (the agent paused between deciding and acting,
     * a slow task queue): a PostgreSQL that takes writes must start only under a lease renewed just before.
     */
    private void renewBeforeStartingWritable() {
        long sent = System.nanoTime();
        boolean renewed;
        try {
            renewed = ctx.dcs.renewLeader();
        } catch (RuntimeException e) {
            throw new PgwardException(Code.POSTGRES_FAILED, "not starting PostgreSQL as primary: cannot renew my"
                    + " leader lease (" + e.getMessage() + "); the next cycle decides again");
        }
        if (!renewed) {
            throw new PgwardException(Code.POSTGRES_FAILED, "not starting PostgreSQL as primary: my leader key expired"
                    + " or another node holds it now; the next cycle decides again");
        }
        ctx.leaseConfirmed(sent);
    }

    private boolean paused() {
        var view = ctx.lastView;
        return view != null && view.config().pause();
    }

    /** A leader restarting in synchronous mode keeps requiring the standbys recorded in the sync key. */
    private void keepRecordedSyncStandbys() {
        var view = ctx.lastView;
        if (view != null && view.config().synchronous() && ctx.name().equals(view.sync().leader())) {
            ctx.syncStandbyNames = io.pgward.ha.SyncPlanner.standbyNames(view.config(), view.sync().standbys());
        }
    }

    /**
     * Starts as a standby of {@code upstream}, after checking (and rewinding) against {@code leader}'s timeline: a
     * cascading upstream is itself in recovery, so only the leader's history tells whether this node diverged.
     */
    String startReplica(String upstream, String leader) {
        StandbySettings leaderSettings = ctx.standbyOf(leader);
        if (leaderSettings.hasUpstream()) {
            Optional<String> rewound = rewindIfDiverged(leaderSettings);
            if (rewound.isPresent()) {
                return rewound.get();
            }
        }
        return startAsStandby(ctx.standbyOf(upstream));
    }

    String startAsStandby(StandbySettings upstream) {
        PostgresNode pg = ctx.postgres;
        var params = ctx.parameters();
        ctx.writePostgresqlConf(params, upstream);
        writeAccessFiles();
        pg.files().setStandbySignal(true);
        if (!pg.startAndWait(ctx.commandLineGucs(params), Duration.ofSeconds(ctx.config.postgresql().pgCtlTimeout()))) {
            pg.stop(Postmaster.StopMode.IMMEDIATE);
            throw new PgwardException(Code.POSTGRES_FAILED, "PostgreSQL did not start as a standby:\n" + pg.logTail(10));
        }
        return "PostgreSQL started as a standby" + (upstream.hasUpstream() ? " of " + upstream.upstreamName() : " without upstream");
    }

    private void writeAccessFiles() {
        ctx.postgres.files().writeHba(ctx.pgHba());
        ctx.postgres.files().writeIdent(ctx.pgIdent());
    }

    /**
     * Compares this node's timeline with the leader's history; rewinds (or, when that is impossible, moves the data
     * aside so the next cycle clones afresh). Returns a result when the start must not go on now.
     */
    private Optional<String> rewindIfDiverged(StandbySettings upstream) {
        PostgresNode pg = ctx.postgres;
        ControlData cd = pg.controlData().orElse(null);
        if (cd == null) {
            return Optional.empty();
        }
        // A fresh clone (backup_label present) also says "in production": its WAL came from the leader, and
        // recovering it in single-user mode would end its recovery with WAL the leader never had.
        boolean freshClone = Files.exists(ctx.config.postgresql().dataDir().resolve("backup_label"));
        if (!cd.cleanlyShutDown() && cd.wasPrimary() && !freshClone) {
            log.info("data directory was not shut down cleanly (state '{}'): running crash recovery first", cd.clusterState());
            pg.crashRecovery();
            cd = pg.controlData().orElseThrow();
        }
        int myTimeline = cd.checkpointTimeline();
        long myEnd = Math.max(cd.checkpointLocation(), cd.minRecoveryLocation());
        PgClient.TimelineHistory leader = awaitLeaderTimeline(upstream);
        RewindCheck.Verdict verdict = RewindCheck.verdict(myTimeline, myEnd, localHistory(myTimeline), leader);
        if (verdict == RewindCheck.Verdict.UNKNOWN) {
            return Optional.of("not started: " + unknownLeaderTimeline(upstream, leader) + ", so it is not yet known"
                    + " whether my WAL diverged from it; trying again");
        }
        if (verdict == RewindCheck.Verdict.CAN_FOLLOW) {
            return Optional.empty();
        }
        log.info("my timeline {} diverged from leader {} (timeline {}): rewinding", myTimeline,
                upstream.upstreamName(), leader.timeline());
        DivergedDataPolicy policy = DivergedDataPolicy.of(ctx.config.postgresql(), ctx.dynamic());
        if (!policy.usePgRewind()) {
            return Optional.of(cannotRewind("use_pg_rewind is off", policy));
        }
        if (!cd.rewindable()) {
            return Optional.of(cannotRewind("the data directory has neither data checksums nor wal_log_hints", policy));
        }
        if (ctx.rewindFailure != null) {
            return Optional.of(staysStopped(ctx.rewindFailure, "remove_data_directory_on_rewind_failure"));
        }
        Credentials who = rewindUser();
        checkpointOnLeader(upstream);
        String conninfo = new Conninfo().set("host", upstream.host()).set("port", Integer.toString(upstream.port()))
                .set("user", who.username()).set("dbname", "postgres").userOptions(who.options()).toString();
        Exec.Result r = pg.rewind(conninfo, who.password());
        if (!r.ok()) {
            log.error("pg_rewind failed: {}", r.output());
            if (policy.recloneAfterRewindFailure()) {
                return Optional.of(reclone("pg_rewind failed"));
            }
            ctx.rewindFailure = "pg_rewind failed (" + lastLine(r.output()) + ")";
            return Optional.of(staysStopped(ctx.rewindFailure, "remove_data_directory_on_rewind_failure"));
        }
        log.info("pg_rewind finished: {}", lastLine(r.output()));
        return Optional.empty();
    }

    /**
     * Whether this running standby has WAL the leader never had (it was a primary on a timeline the leader left),
     * so that streaming from the leader cannot work without pg_rewind.
     */
    boolean runningStandbyDiverged(StandbySettings upstream) {
        var status = ctx.postgres.lastStatus();
        if (status == null || !upstream.hasUpstream()) {
            return false;
        }
        return RewindCheck.verdict(status.timeline(), status.walPosition(), localHistory(status.timeline()),
                leaderTimeline(upstream)) == RewindCheck.Verdict.DIVERGED;
    }

    /** This node's own history file for {@code timeline} ("" for timeline 1); null when it cannot be read. */
    private String localHistory(int timeline) {
        if (timeline <= 1) {
            return "";
        }
        java.nio.file.Path file = ctx.config.postgresql().dataDir().resolve("pg_wal")
                .resolve(String.format("%08X.history", timeline));
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            log.debug("cannot read my timeline history {}: {}", file, e.getMessage());
            return null;
        }
    }

    private String cannotRewind(String why, DivergedDataPolicy policy) {
        return policy.recloneWhenCannotRewind() ? reclone(why)
                : staysStopped("my timeline diverged from the leader's and " + why,
                        "remove_data_directory_on_diverged_timelines");
    }

    /** Patroni's behaviour when the operator set {@code setting: false}: no start, no clone, until a reinit. */
    private static String staysStopped(String why, String setting) {
        return "not started: " + why + "; " + setting + " is false, so this node "
                + io.pgward.ha.TaskState.UNTIL_REINITIALIZED + " (pgward reinit <cluster> <member>)";
    }

    private String reclone(String why) {
        var aside = ctx.postgres.dataDirectory().moveAside("diverged");
        return "cannot rewind (" + why + "): moved the diverged data directory to " + aside + "; cloning afresh next";
    }

    private Credentials rewindUser() {
        var auth = ctx.config.postgresql().authentication();
        return auth.rewind() != null ? auth.rewind() : auth.superuser();
    }

    /**
     * The leader's timeline once it is readable and out of recovery, polled for a short while: right after a failover
     * the new leader may still be promoting. Null (or a history still in recovery) when it did not get there in time.
     */
    private PgClient.TimelineHistory awaitLeaderTimeline(StandbySettings upstream) {
        long deadline = System.nanoTime() + LEADER_TIMELINE_WAIT.toNanos();
        PgClient.TimelineHistory leader = leaderTimeline(upstream);
        while ((leader == null || leader.inRecovery()) && System.nanoTime() < deadline) {
            Pause.briefly(500);
            leader = leaderTimeline(upstream);
        }
        return leader;
    }

    private static String unknownLeaderTimeline(StandbySettings upstream, PgClient.TimelineHistory leader) {
        return leader == null ? "the timeline of leader " + upstream.upstreamName() + " cannot be read"
                : "leader " + upstream.upstreamName() + " is still in recovery (promoting)";
    }

    /**
     * The leader's timeline history, read the way streaming needs anyway (the replication user over the replication
     * protocol), else over a superuser connection; null when neither works.
     */
    private PgClient.TimelineHistory leaderTimeline(StandbySettings upstream) {
        var auth = ctx.config.postgresql().authentication();
        String viaReplication;
        try {
            return new PgClient(upstream.host(), upstream.port(), auth.replication(), 5).timelineHistoryOverReplication();
        } catch (PgwardException e) {
            viaReplication = e.getMessage();
        }
        try {
            return new PgClient(upstream.host(), upstream.port(), auth.superuser(), 5).timelineHistory();
        } catch (PgwardException e) {
            log.warn("cannot read the timeline history of leader {}: {}; {}", upstream.upstreamName(), viaReplication,
                    e.getMessage());
            return null;
        }
    }

    /**
     * pg_rewind reads the leader's control file, which shows the new timeline only after a checkpoint; the promotion
     * makes one, this one is for a leader promoted by an older agent. A pg_hba that admits no superuser from here
     * must not stop the rewind, so a failure is only logged.
     */
    private void checkpointOnLeader(StandbySettings upstream) {
        Credentials su = ctx.config.postgresql().authentication().superuser();
        try {
            new PgClient(upstream.host(), upstream.port(), su, 5).execute("CHECKPOINT");
        } catch (PgwardException e) {
            log.warn("could not run CHECKPOINT on leader {} before pg_rewind ({}): rewinding anyway",
                    upstream.upstreamName(), e.getMessage());
        }
    }

    private static String lastLine(String out) {
        String[] lines = out.split("\n");
        return lines[lines.length - 1];
    }
}
