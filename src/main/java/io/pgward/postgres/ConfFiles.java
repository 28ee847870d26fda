package io.pgward.postgres;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the configuration files pgward owns in the data directory: {@code postgresql.conf} (generated; the
 * initdb original is kept as {@code postgresql.base.conf} and included), {@code pg_hba.conf}, {@code pg_ident.conf}
 * and {@code standby.signal}. Files are written atomically, mode 0600, owned by the PostgreSQL user.
 */
public final class ConfFiles {

    static final String UPSTREAM_MARK = "# pgward upstream member: ";
    private static final String HEADER = "# Written by pgward. Do not edit: change pgward's configuration"
            + " (pgward edit-config, or the node's YAML) instead.\n";

    private final Path dataDir;
    private final OsUser user;

    public ConfFiles(Path dataDir, OsUser user) {
        this.dataDir = dataDir;
        this.user = user;
    }

    /** After initdb: keep initdb's postgresql.conf as the included base (once). */
    public void keepInitdbConfAsBase() {
        Path conf = dataDir.resolve("postgresql.conf");
        Path base = dataDir.resolve("postgresql.base.conf");
        try {
            if (Files.exists(conf) && !Files.exists(base)) {
                Files.move(conf, base);
            }
        } catch (IOException e) {
            throw failure(base, e);
        }
    }

    public void writePostgresqlConf(Map<String, String> parameters, StandbySettings standby) {
        StringBuilder b = new StringBuilder(HEADER);
        b.append("include_if_exists 'postgresql.base.conf'\n\n");
        parameters.forEach((k, v) -> b.append(k).append(" = ").append(quote(v)).append('\n'));
        if (standby != null) {
            b.append("\n# standby\n");
            if (standby.upstreamName() != null) {
                b.append(UPSTREAM_MARK).append(standby.upstreamName()).append('\n');
            }
            if (standby.hasUpstream()) {
                b.append("primary_conninfo = ").append(quote(standby.conninfo())).append('\n');
                if (standby.slotName() != null) {
                    b.append("primary_slot_name = ").append(quote(standby.slotName())).append('\n');
                }
            }
            b.append("recovery_target_timeline = 'latest'\n");
        }
        write(dataDir.resolve("postgresql.conf"), b.toString());
    }

    public void writeHba(List<String> lines) {
        write(dataDir.resolve("pg_hba.conf"), HEADER + String.join("\n", lines) + "\n");
    }

    public void writeIdent(List<String> lines) {
        write(dataDir.resolve("pg_ident.conf"), HEADER + String.join("\n", lines) + "\n");
    }

    public void setStandbySignal(boolean standby) {
        Path signal = dataDir.resolve("standby.signal");
        try {
            if (standby) {
                write(signal, "");
            } else {
                Files.deleteIfExists(signal);
            }
            Files.deleteIfExists(dataDir.resolve("recovery.signal"));
        } catch (IOException e) {
            throw failure(signal, e);
        }
    }

    /** recovery.signal (and no standby.signal): the next start recovers from the archive, then promotes. */
    public void setRecoverySignal() {
        Path signal = dataDir.resolve("recovery.signal");
        try {
            Files.deleteIfExists(dataDir.resolve("standby.signal"));
            write(signal, "");
        } catch (IOException e) {
            throw failure(signal, e);
        }
    }

    /** The member the current postgresql.conf follows, read back (so a restarted agent knows it). */
    public Optional<String> upstream() {
        Path conf = dataDir.resolve("postgresql.conf");
        if (!Files.isRegularFile(conf) || !Files.exists(dataDir.resolve("standby.signal"))) {
            return Optional.empty();
        }
        try {
            return Files.readAllLines(conf).stream().filter(l -> l.startsWith(UPSTREAM_MARK))
                    .map(l -> l.substring(UPSTREAM_MARK.length()).trim()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Writes another file pgward owns (e.g. pgBackRest's configuration next to the data directory), as the others. */
    public void writeOwned(Path file, String content) {
        write(file, content);
    }

    public static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private void write(Path file, String content) {
        Path tmp = file.resolveSibling(file.getFileName() + ".pgward-tmp");
        try {
            // Created 0600 before anything is written: primary_conninfo holds the replication password.
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            user.own(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    private static PgwardException failure(Path file, IOException e) {
        return new PgwardException(Code.OS_FAILED, "cannot write " + file + ": " + e.getMessage(), e);
    }
}
