package io.pgward.agent;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.api.BackupControl;
import io.pgward.backup.BackupJobs;
import io.pgward.backup.BackupSchedule;
import io.pgward.backup.BackupTarget;
import io.pgward.dcs.Dcs;
import io.pgward.dcs.WireFormat;
import io.pgward.backup.PgBackRest;
import io.pgward.config.BackupConfig;
import io.pgward.config.Credentials;
import io.pgward.ha.BackupHealth;
import io.pgward.ha.ClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** pgBackRest on this node: its configuration file, the stanza, and backups run on request (one at a time). */
final class NodeBackups implements BackupControl, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeBackups.class);
    private static final String DEFAULT_SOCKET_DIR = "/var/run/postgresql";

    private final NodeContext ctx;
    private final BackupHealthWatch health;
    private final BackupJobs jobs;

    NodeBackups(NodeContext ctx) {
        this.ctx = ctx;
        this.health = new BackupHealthWatch(ctx::name, this::whileLeading);
        this.jobs = new BackupJobs(health::checkSoon);
    }

    /** pgBackRest for this node under the current configuration and GUCs, or null when there is no backup section. */
    PgBackRest pgBackRest(Map<String, String> parameters) {
        BackupConfig backup = ctx.dynamic().backup();
        if (backup == null) {
            return null;
        }
        var pg = ctx.config.postgresql();
        String sockets = parameters.getOrDefault("unix_socket_directories", DEFAULT_SOCKET_DIR);
        String socketDir = sockets.split(",")[0].strip();
        Credentials su = pg.authentication().superuser();
        Map<String, String> env = ctx.postgres.env(su.password() == null ? Map.of() : Map.of("PGPASSWORD", su.password()));
        return new PgBackRest(backup, new PgBackRest.Node(pg.dataDir(), pg.port(),
                socketDir.isEmpty() ? DEFAULT_SOCKET_DIR : socketDir, su.username()), ctx.postgres.user(), env);
    }

    private boolean leading() {
        ClusterView view = ctx.lastView;
        return view != null && view.isLeader(ctx.name());
    }

    private PgBackRest whileLeading() {
        return leading() ? pgBackRest(ctx.parameters()) : null;
    }

    /** Starts checking the repository in the background (it asks pgBackRest only while this node leads). */
    void startHealthWatch() {
        health.start();
    }

    /** This node's latest look at the repository while it leads, else null. */
    BackupHealth health() {
        return leading() ? health.current() : null;
    }

    /**
     * Writes pgbackrest.conf next to the data directory when the cluster has a backup section. An S3 credentials file
     * this node cannot use is logged, not thrown: PostgreSQL is written, started or promoted all the same (its
     * archiving then fails, which is watched and logged), as a node's backup settings must not take it down.
     */
    void writeConfig(Map<String, String> parameters) {
        PgBackRest pgbr = pgBackRest(parameters);
        if (pgbr == null) {
            return;
        }
        try {
            pgbr.writeConfig(ctx.postgres.files());
        } catch (PgwardException e) {
            if (e.code() != Code.CONFIG_INVALID) {
                throw e;
            }
            log.error("pgBackRest's configuration was not written, so WAL archiving and backups from this node fail"
                    + " until it is: {}", e.getMessage());
        }
    }

    /**
     * The command line of pgward's own method {@code pgbackrest} (replica or bootstrap): a delta restore of the repository's latest
     * backup into this node's data directory, recovery settings left to pgward (it starts the node as a standby of
     * the leader with the archive's restore_command). Writes pgBackRest's configuration first, as a new node has none
     * yet. Null when the cluster has no backup section.
     */
    java.util.List<String> restoreArgv(Map<String, String> parameters) {
        PgBackRest pgbr = pgBackRest(parameters);
        if (pgbr == null) {
            return null;
        }
        pgbr.writeConfig(ctx.postgres.files());
        return pgbr.restoreArgv();
    }

    /**
     * Bootstrap, before the cluster is announced: creates the stanza now, so that WAL archived while the replicas
     * clone finds it. A failure is only logged (the cluster runs without a repository; archiving retries) and
     * {@link #becamePrimary} tries again.
     */
    void createStanzaAtBootstrap() {
        PgBackRest pgbr = pgBackRest(ctx.parameters());
        if (pgbr == null) {
            return;
        }
        try {
            pgbr.stanzaCreate();
            log.info("pgBackRest stanza '{}' created", ctx.dynamic().backup().stanza());
        } catch (PgwardException e) {
            log.warn("pgBackRest's stanza could not be created after bootstrap (WAL archiving fails until it is): {}",
                    e.getMessage());
        }
    }

    /**
     * This node just became the primary (bootstrap or promotion): creates the stanza unless it exists (pgBackRest
     * accepts an existing stanza of the same cluster), then runs {@code check}, which archives a WAL switch, so a
     * repository that cannot take WAL is named in the log at once.
     */
    void becamePrimary() {
        PgBackRest pgbr = pgBackRest(ctx.parameters());
        if (pgbr == null) {
            return;
        }
        try {
            jobs.start("stanza-create and check", () -> pgbr.stanzaCreate() + "\n" + pgbr.check());
        } catch (PgwardException e) {
            log.warn("pgBackRest's stanza was not checked after this node became the primary: {}", e.getMessage());
        }
    }

    /**
     * The leader's duty each cycle when the backup section has a schedule: claims the due slot in etcd (only while
     * holding the leader key, and only if no other node changed the record since it was read), then starts the
     * backup on the job thread. A claimed slot whose backup cannot start (a job runs) is skipped with a warning, never
     * run twice.
     */
    void runSchedule(Instant now) {
        BackupConfig backup = ctx.dynamic().backup();
        if (backup == null || backup.schedule().isEmpty()) {
            return;
        }
        try {
            claimAndRun(backup, now);
        } catch (RuntimeException e) {
            log.warn("backup schedule: not checked this cycle: {}", e.getMessage());
        }
    }

    private void claimAndRun(BackupConfig backup, Instant now) {
        Dcs.Stored stored = ctx.dcs.readBackupSchedule();
        Map<String, Instant> taken = slots(stored.value());
        BackupSchedule.Decision d = BackupSchedule.decide(backup.schedule(), taken, now);
        if (!d.changed(taken)) {
            return;
        }
        Map<String, String> json = new LinkedHashMap<>();
        d.record().forEach((k, v) -> json.put(k, v.toString()));
        if (!ctx.dcs.claimBackupSchedule(WireFormat.write(json), stored.revision())) {
            log.info("backup schedule: not claimed ({}): the record changed or this node no longer holds the leader key",
                    d.why());
            return;
        }
        if (d.run().isEmpty()) {
            log.info("backup schedule: {}", d.why());
            return;
        }
        String type = d.run().get().type();
        PgBackRest pgbr = pgBackRest(ctx.parameters());
        try {
            jobs.start("scheduled backup --type=" + type, () -> pgbr.backup(type));
            log.info("backup schedule: {}: started", d.why());
        } catch (PgwardException e) {
            log.warn("backup schedule: {}, but skipped: {}", d.why(), e.getMessage());
        }
    }

    private static Map<String, Instant> slots(String json) {
        Map<String, Instant> slots = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return slots;
        }
        try {
            WireFormat.map(json).forEach((k, v) -> {
                try {
                    slots.put(k, Instant.parse(String.valueOf(v)));
                } catch (DateTimeParseException e) {
                    log.warn("backup schedule record: '{}' is not a time for {}: ignored", v, k);
                }
            });
        } catch (RuntimeException e) {
            log.warn("backup schedule record is not JSON ({}): starting it afresh", e.getMessage());
        }
        return slots;
    }

    @Override
    public Map<String, Object> startBackup(String type) {
        if (!PgBackRest.TYPES.contains(type)) {
            throw new PgwardException(Code.BAD_REQUEST, "backup type '" + type + "' is not one of "
                    + String.join(", ", PgBackRest.TYPES));
        }
        ClusterView view = ctx.lastView;
        if (!ctx.lastLocal.runningAsPrimary() || view == null || !view.isLeader(ctx.name())) {
            throw new PgwardException(Code.BAD_REQUEST, ctx.name() + " is not the running primary: backups run from"
                    + " the primary (send the request to the leader)");
        }
        PgBackRest pgbr = pgBackRest(ctx.parameters());
        if (pgbr == null) {
            throw new PgwardException(Code.BAD_REQUEST, "the dynamic configuration has no backup section");
        }
        BackupTarget.repo(ctx.dynamic().backup());
        return jobs.start("backup --type=" + type, () -> pgbr.backup(type)).toJson();
    }

    @Override
    public Map<String, Object> lastJob() {
        BackupJobs.Job job = jobs.last();
        return job == null ? null : job.toJson();
    }

    @Override
    public String infoJson() {
        PgBackRest pgbr = pgBackRest(ctx.parameters());
        if (pgbr == null) {
            throw new PgwardException(Code.BAD_REQUEST, "the dynamic configuration has no backup section");
        }
        return pgbr.infoJson();
    }

    boolean configured() {
        return ctx.dynamic().backup() != null;
    }

    @Override
    public void close() {
        health.close();
        jobs.close();
    }
}
