package io.pgward.postgres;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.config.Config;
import io.pgward.config.Credentials;
import io.pgward.config.PostgresqlConfig;
import io.pgward.ha.LocalChange;
import io.pgward.ha.LocalState;
import io.pgward.ha.LocalState.DataDir;
import io.pgward.ha.LocalState.PgState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The local PostgreSQL server: its data directory, binaries, configuration files and process. */
public final class PostgresNode {

    private static final Logger log = LoggerFactory.getLogger(PostgresNode.class);

    private final PostgresqlConfig pg;
    private final OsUser user;
    private final DataDirectory dataDir;
    private final ConfFiles files;
    private final Postmaster postmaster;
    private final PgClient client;
    private volatile PgStatus lastStatus;
    private final Callbacks callbacks;
    /** The role PostgreSQL last ran in (true: primary), null before this agent started it; for callbacks. */
    private volatile Boolean lastRolePrimary;
    /** Set during a restart, which reports one on_restart instead of on_stop and on_start. */
    private volatile boolean restarting;

    public PostgresNode(Config config, OsUser user) {
        this.pg = config.postgresql();
        this.user = user;
        this.dataDir = new DataDirectory(pg.dataDir(), user);
        this.files = new ConfFiles(pg.dataDir(), user);
        this.postmaster = new Postmaster(this::binDir, pg.dataDir(), user, new ServerLog(
                Postmaster.serverLogFile(pg.dataDir()), user, config.log().fileSize(), config.log().fileNum()));
        this.client = new PgClient(localHost(pg.listenAddresses()), pg.port(), pg.authentication().superuser(), 3, true);
        this.callbacks = new Callbacks(pg.callbacks(), config.scope(), user);
    }

    public static String localHost(List<String> listen) {
        String first = listen.isEmpty() ? "127.0.0.1" : listen.get(0).trim();
        return switch (first) {
            case "*", "0.0.0.0", "" -> "127.0.0.1";
            case "::" -> "::1";
            default -> first;
        };
    }

    public DataDirectory dataDirectory() { return dataDir; }
    public ConfFiles files() { return files; }
    public Postmaster postmaster() { return postmaster; }
    public PgClient client() { return client; }

    /** The local superuser connection uses {@code superuser} from now on (the configuration was reloaded). */
    public void useSuperuser(io.pgward.config.Credentials superuser) {
        client.useCredentials(superuser);
    }
    public OsUser user() { return user; }
    public PgStatus lastStatus() { return lastStatus; }

    /** What this node's PostgreSQL looks like now. Never throws for a down or unreachable server. */
    public LocalState observe() {
        if (!dataDir.hasCluster()) {
            lastStatus = null;
            return postmaster.isRunning()
                    ? new LocalState(DataDir.EMPTY, null, PgState.STARTING, false, 0, 0, null, false)
                    : LocalState.noData();
        }
        String sysid = systemId();
        String upstream = files.upstream().orElse(null);
        if (!postmaster.isRunning()) {
            lastStatus = null;
            return new LocalState(DataDir.PRESENT, sysid, PgState.STOPPED, false, 0, 0, upstream, false);
        }
        try {
            PgStatus s = client.status();
            lastStatus = s;
            return new LocalState(DataDir.PRESENT, sysid, PgState.RUNNING, s.inRecovery(), s.timeline(),
                    s.walPosition(), upstream, s.streaming());
        } catch (PgwardException e) {
            lastStatus = null;
            log.debug("PostgreSQL does not answer yet: {}", e.getMessage());
            boolean standby = Files.exists(pg.dataDir().resolve("standby.signal"));
            return new LocalState(DataDir.PRESENT, sysid, PgState.STARTING, standby, 0, 0, upstream, false);
        }
    }

    /** A light reading between cycles: does the server answer, is it a standby, does it stream. */
    public LocalChange.Pulse pulse() {
        if (!postmaster.isRunning()) {
            return LocalChange.Pulse.SILENT;
        }
        try {
            return client.pulse();
        } catch (PgwardException e) {
            return LocalChange.Pulse.SILENT;
        }
    }

    /**
     * The cluster's system identifier, read every cycle: the first field of {@code global/pg_control}, in the host's
     * byte order. Reading 8 bytes instead of running {@code pg_controldata} spares two process starts per cycle.
     */
    String systemId() {
        try {
            return ControlData.readSystemId(pg.dataDir().resolve("global/pg_control"));
        } catch (IOException e) {
            log.debug("cannot read pg_control directly ({}): asking pg_controldata", e.getMessage());
            return controlData().map(ControlData::systemId).orElse(null);
        }
    }

    public Optional<ControlData> controlData() {
        if (!dataDir.hasCluster()) {
            return Optional.empty();
        }
        Exec.Result r = Exec.run(user.wrap(List.of(bin("pg_controldata"), "-D", pg.dataDir().toString())),
                env(Map.of()), Duration.ofSeconds(30));
        return r.ok() ? Optional.of(ControlData.parse(r.output())) : Optional.empty();
    }

    public void initdb(List<String> options) {
        Credentials su = pg.authentication().superuser();
        Path pwfile = null;
        try {
            List<String> cmd = new ArrayList<>(List.of(bin("initdb"), "-D", pg.dataDir().toString(),
                    "--username=" + su.username()));
            if (su.password() != null) {
                pwfile = Files.createTempFile("pgward-pw", ".txt",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(pwfile, su.password() + "\n");
                user.own(pwfile);
                cmd.add("--pwfile=" + pwfile);
            }
            cmd.addAll(options);
            String out = Exec.check("initdb", user.wrap(cmd), env(Map.of()), Duration.ofMinutes(10));
            log.debug("initdb: {}", out);
        } catch (IOException e) {
            throw new PgwardException(Code.OS_FAILED, "cannot write initdb password file: " + e.getMessage(), e);
        } finally {
            if (pwfile != null) {
                try {
                    Files.deleteIfExists(pwfile);
                } catch (IOException ignored) {
                    // a temp file in /tmp; nothing else depends on it
                }
            }
        }
        files.keepInitdbConfAsBase();
    }

    public void basebackup(String host, int port, Credentials replication, List<String> extraArgs) {
        String conninfo = new Conninfo().set("host", host).set("port", Integer.toString(port))
                .set("user", replication.username()).userOptions(replication.options()).toString();
        List<String> cmd = new ArrayList<>(List.of(bin("pg_basebackup"), "-D", pg.dataDir().toString(),
                "-X", "stream", "-c", "fast", "-d", conninfo, "--no-password"));
        cmd.addAll(extraArgs);
        Map<String, String> extra = new HashMap<>();
        if (replication.password() != null) {
            extra.put("PGPASSWORD", replication.password());
        }
        Exec.check("pg_basebackup from " + host + ":" + port, user.wrap(cmd), env(extra), Duration.ofHours(12));
    }

    /**
     * Runs a replica or bootstrap method's command line as the PostgreSQL user, with the replication password (if
     * any) in the environment (the connection string it gets has none).
     */
    public Exec.Result runMethod(List<String> argv, String replicationPassword) {
        Map<String, String> extra = new HashMap<>();
        if (replicationPassword != null) {
            extra.put("PGPASSWORD", replicationPassword);
        }
        return Exec.run(user.wrap(argv), env(extra), Duration.ofHours(12));
    }

    /** pg_rewind against {@code sourceConninfo} (a superuser or rewind-role connection to the new primary). */
    public Exec.Result rewind(String sourceConninfo, String password) {
        List<String> cmd = new java.util.ArrayList<>(List.of(bin("pg_rewind"), "-D", pg.dataDir().toString(),
                "--source-server=" + sourceConninfo));
        cmd.addAll(pg.rewindArgs());
        if (!cmd.contains("--progress")) {
            cmd.add("--progress");
        }
        Map<String, String> extra = new HashMap<>();
        if (password != null) {
            extra.put("PGPASSWORD", password);
        }
        return Exec.run(user.wrap(cmd), env(extra), Duration.ofHours(1));
    }

    /** Single-user mode crash recovery, so a former primary that crashed can be rewound. */
    public void crashRecovery() {
        // A standby.signal left by an earlier failed start would make the single-user server refuse to run ("standby
        // mode is not supported by single-user servers"), every cycle; the start that follows writes it again.
        files.setStandbySignal(false);
        List<String> cmd = List.of(bin("postgres"), "--single", "-D", pg.dataDir().toString(),
                "-c", "archive_mode=off", "-c", "config_file=" + pg.dataDir().resolve("postgresql.conf"), "postgres");
        Exec.check("single-user crash recovery", user.wrap(cmd), env(Map.of()), Duration.ofMinutes(30));
    }

    /** Starts the postmaster and waits until it answers queries (or the timeout passes). */
    public boolean startAndWait(Map<String, String> commandLineGucs, Duration timeout) {
        postmaster.start(commandLineGucs, env(Map.of()));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!postmaster.isRunning()) {
                return false;
            }
            try {
                lastStatus = client.status();
                started(!Files.exists(pg.dataDir().resolve("standby.signal")));
                return true;
            } catch (PgwardException e) {
                sleep(100);
            }
        }
        return false;
    }

    private void started(boolean primary) {
        Boolean before = lastRolePrimary;
        lastRolePrimary = primary;
        if (!restarting) {
            callbacks.fire(before != null && before != primary ? Callbacks.ON_ROLE_CHANGE : Callbacks.ON_START, primary);
        }
    }

    public boolean stop(Postmaster.StopMode mode) {
        return stop(mode, Duration.ofSeconds(pg.pgCtlTimeout()));
    }

    /** Stops within {@code limit}: a mode that takes longer (a walsender waiting on an unreachable standby) escalates to immediate. */
    public boolean stop(Postmaster.StopMode mode, Duration limit) {
        if (mode != Postmaster.StopMode.IMMEDIATE && postmaster.isRunning()) {
            beforeStop(limit);
        }
        return stopped(postmaster.stop(mode, limit));
    }

    /**
     * Patroni's {@code before_stop}: a script run, and waited for (up to {@code limit}), before a planned stop, e.g.
     * to pause a connection pooler. Not before an immediate stop: that one fences and must not wait.
     */
    private void beforeStop(Duration limit) {
        String command = pg.callbacks().get(PostgresqlConfig.BEFORE_STOP);
        if (command == null) {
            return;
        }
        try {
            Exec.Result r = Exec.run(user.wrap(ShellWords.split(command)), env(Map.of()), limit);
            log.info("before_stop script exited with {}{}", r.exitCode(), r.output().isEmpty() ? "" : ": " + r.output());
        } catch (PgwardException e) {
            log.warn("before_stop script: {}; stopping PostgreSQL anyway", e.getMessage());
        }
    }

    /**
     * Patroni's {@code pre_promote} fencing script, run after this node took the leader key and before it promotes:
     * true when it is not configured or exits 0 within {@code limit}.
     */
    public boolean prePromote(Duration limit) {
        String command = pg.callbacks().get(PostgresqlConfig.PRE_PROMOTE);
        if (command == null) {
            return true;
        }
        try {
            Exec.Result r = Exec.run(user.wrap(ShellWords.split(command)), env(Map.of()), limit);
            if (r.ok()) {
                log.info("pre_promote script succeeded");
                return true;
            }
            log.error("pre_promote script exited with {}: not promoting{}", r.exitCode(),
                    r.output().isEmpty() ? "" : " (" + r.output() + ")");
        } catch (PgwardException e) {
            log.error("pre_promote script: {}: not promoting", e.getMessage());
        }
        return false;
    }

    private boolean stopped(boolean wasRunning) {
        if (wasRunning && !restarting) {
            callbacks.fire(Callbacks.ON_STOP, Boolean.TRUE.equals(lastRolePrimary));
        }
        return wasRunning;
    }

    /** pg_promote, waiting up to {@code seconds}; true when the server left recovery (on_role_change follows). */
    public boolean promote(Duration timeout) {
        boolean promoted = client.promote(timeout);
        if (promoted) {
            lastRolePrimary = true;
            callbacks.fire(Callbacks.ON_ROLE_CHANGE, true);
        }
        return promoted;
    }

    /** Makes PostgreSQL re-read its configuration files (on_reload follows). */
    public void reload() {
        postmaster.reload();
        callbacks.fire(Callbacks.ON_RELOAD, Boolean.TRUE.equals(lastRolePrimary));
    }

    /** Runs a stop-and-start as one restart: callbacks see a single on_restart when it succeeds. */
    public <T> T restart(Supplier<T> stopAndStart) {
        restarting = true;
        try {
            T result = stopAndStart.get();
            callbacks.fire(Callbacks.ON_RESTART, Boolean.TRUE.equals(lastRolePrimary));
            return result;
        } finally {
            restarting = false;
        }
    }

    /** The last lines of PostgreSQL's log, to explain a failed start. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(postmaster.logFile());
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + postmaster.logFile() + ")";
        }
    }

    String bin(String name) {
        return binDir().resolve(name).toString();
    }

    private volatile Path resolvedBinDir;

    /** bin_dir, else the PostgreSQL programs' directory on PATH (resolved once, when first needed). */
    private Path binDir() {
        Path dir = resolvedBinDir;
        if (dir == null) {
            dir = Programs.directory(pg.binDir(), System.getenv("PATH"));
            resolvedBinDir = dir;
        }
        return dir;
    }

    /**
     * The environment of a program run as the PostgreSQL user: HOME next to the data directory, not the agent's
     * (an agent run as root would otherwise send libpq to /root/.postgresql, which that user cannot read).
     */
    public Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", pg.dataDir().getParent() == null ? "/" : pg.dataDir().getParent().toString());
        env.put("USER", user.name());
        env.put("LOGNAME", user.name());
        String lang = System.getenv("LANG");
        env.put("LANG", lang == null || lang.isEmpty() ? "C.UTF-8" : lang);
        env.putAll(extra);
        return env;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
