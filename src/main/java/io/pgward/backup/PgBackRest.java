package io.pgward.backup;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.config.BackupConfig;
import io.pgward.postgres.ConfFiles;
import io.pgward.postgres.Exec;
import io.pgward.postgres.OsUser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * pgBackRest for one node: its configuration file next to the data directory, and the commands pgward runs (as the
 * PostgreSQL OS user, with that file). Each failure carries pgBackRest's own message and where its log is.
 */
public final class PgBackRest {

    /** Backup types of {@code pgbackrest backup --type}. */
    public static final List<String> TYPES = List.of("full", "diff", "incr");
    /** info reads a few small files: a repository that is silent this long is not answering. */
    private static final int INFO_IO_TIMEOUT_SECONDS = 10;

    /**
     * Where this node's PostgreSQL is.
     *
     * @param socketDir the Unix socket directory pgBackRest connects through
     * @param superuser the role pgBackRest connects as (its password, if any, goes in the environment)
     */
    public record Node(Path dataDir, int port, String socketDir, String superuser) {}

    private final BackupConfig backup;
    private final Node node;
    private final OsUser user;
    private final Map<String, String> env;

    /** @param env the environment of programs run as the PostgreSQL user (PGPASSWORD included when needed) */
    public PgBackRest(BackupConfig backup, Node node, OsUser user, Map<String, String> env) {
        this.backup = backup;
        this.node = node;
        this.user = user;
        this.env = Map.copyOf(env);
    }

    /** The file's content for this node (pure; see {@link #writeConfig}). */
    public String config() {
        return PgBackRestConf.render(backup, node);
    }

    /** Writes pgbackrest.conf (0600) and creates pgBackRest's lock, log and spool directories (0700), all the user's. */
    public void writeConfig(ConfFiles files) {
        Path work = BackupConfig.workDir(node.dataDir());
        try {
            for (Path dir : List.of(work, work.resolve("lock"), work.resolve("log"), work.resolve("spool"))) {
                if (!Files.isDirectory(dir)) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                    user.own(dir);
                }
            }
        } catch (IOException e) {
            throw new PgwardException(Code.OS_FAILED, "cannot create pgBackRest's directory " + work + ": " + e.getMessage(), e);
        }
        files.writeOwned(BackupConfig.confFile(node.dataDir()), config());
    }

    /** {@code stanza-create}: succeeds too when the stanza exists and belongs to this cluster. */
    public String stanzaCreate() {
        return run(Duration.ofMinutes(10), "stanza-create");
    }

    /** {@code check}: a WAL switch archived and found in every repository (needs the primary). */
    public String check() {
        return run(Duration.ofMinutes(5), "check");
    }

    public String backup(String type) {
        if (!TYPES.contains(type)) {
            throw new PgwardException(Code.BAD_REQUEST, "backup type '" + type + "' is not one of " + String.join(", ", TYPES));
        }
        return run(Duration.ofHours(24), "backup", "--repo=" + BackupTarget.repo(backup), "--type=" + type);
    }

    /**
     * {@code restore} of the latest backup as a delta (with {@code keep_data}, files already right are kept), leaving
     * recovery settings alone ({@code --type=preserve}): the caller writes them. Not yet wrapped for the OS user.
     */
    public List<String> restoreArgv() {
        List<String> cmd = new ArrayList<>(backup.command(node.dataDir()));
        cmd.addAll(List.of("--delta", "--type=preserve", "restore"));
        return cmd;
    }

    /**
     * {@code info --output=json} for this stanza: pgBackRest's JSON text. With a shorter I/O timeout than pgBackRest's
     * 60 s: it retries a repository host it cannot connect to for twice that, longer than a client or the health check
     * waits for the answer (with 10 s it gives up after about 20 s).
     */
    public String infoJson() {
        return infoJson(Duration.ofMinutes(2));
    }

    public String infoJson(Duration timeout) {
        return run(timeout, "info", "--output=json", "--io-timeout=" + INFO_IO_TIMEOUT_SECONDS);
    }

    public String stanza() {
        return backup.stanza();
    }

    private String run(Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>(backup.command(node.dataDir()));
        cmd.addAll(List.of(args));
        Exec.Result r = Exec.run(user.wrap(cmd), env, timeout);
        if (!r.ok()) {
            throw new PgwardException(Code.POSTGRES_FAILED, "pgbackrest " + args[0] + " for stanza '" + backup.stanza()
                    + "' failed (exit " + r.exitCode() + "): " + r.output().strip() + hint(r.output()) + " (pgBackRest's log: "
                    + BackupConfig.workDir(node.dataDir()).resolve("log") + ")");
        }
        return r.output();
    }

    /** What to check for pgBackRest's most common failures (its output or error message): "; check ..." or empty. */
    public static String hint(String output) {
        String o = output.toLowerCase(Locale.ROOT);
        if (o.contains("unable to verify certificate") || o.contains("certificate verify")
                || o.contains("does not match certificate")) {
            return "; the repository's TLS certificate does not verify: check that the repository's ca is the CA that"
                    + " signed the endpoint's certificate (ca must hold the CA that signed it) and that the certificate"
                    + " names the host connected to (with an S3 uri_style: host that is <bucket>.<endpoint>)";
        }
        String tls = RepositoryHostHint.of(o);
        if (tls != null) {
            return tls;
        }
        if (o.contains("invalidaccesskeyid") || o.contains("signaturedoesnotmatch") || o.contains("accessdenied")) {
            return "; the S3 endpoint refused the access key: check key and key_secret in the repository's credentials"
                    + " file on this node, and the region";
        }
        if (o.contains("nosuchbucket")) {
            return "; the S3 bucket does not exist: create it first (pgBackRest does not)";
        }
        if (o.contains("unable to connect") || o.contains("unable to get address") || o.contains("timeout") && o.contains("host")) {
            return "; check that the repository is reachable on its port from this node (an S3 repository's endpoint;"
                    + " for a repository host: check that the repository host runs 'pgbackrest server' and is reachable"
                    + " on its port)";
        }
        if (o.contains("permission denied")) {
            return "; check that the repository's directory is writable by the PostgreSQL user";
        }
        if (o.contains("does not exist") && o.contains("stanza")) {
            return "; the stanza is created by the primary after bootstrap: see the primary's log";
        }
        if (o.contains("archive_command") || o.contains("archive_mode")) {
            return "; PostgreSQL must run with the archive settings pgward writes (a restart may be pending)";
        }
        return "";
    }
}
