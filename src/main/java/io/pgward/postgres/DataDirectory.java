package io.pgward.postgres;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The data directory: created with the right owner and mode 0700, repaired when found wrong (with one log line
 * saying what was repaired), moved aside after a failed bootstrap.
 */
public final class DataDirectory {

    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
    private static final Set<PosixFilePermission> MODE_0700 = PosixFilePermissions.fromString("rwx------");

    private final Path path;
    private final OsUser user;

    public DataDirectory(Path path, OsUser user) {
        this.path = path;
        this.user = user;
    }

    public Path path() {
        return path;
    }

    /** Whether the directory holds a PostgreSQL cluster (PG_VERSION and global/pg_control). */
    public boolean hasCluster() {
        return Files.isRegularFile(path.resolve("PG_VERSION")) && Files.isRegularFile(path.resolve("global/pg_control"));
    }

    /**
     * Makes sure the directory exists, belongs to the PostgreSQL user and has mode 0700; creates missing parents
     * owned by that user too. Returns what it repaired (empty when all was right).
     */
    public List<String> ensure() {
        List<String> repaired = new ArrayList<>();
        try {
            Path parent = path.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                List<Path> created = createDirectories(parent);
                for (Path p : created) {
                    user.own(p);
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-x---"));
                }
                repaired.add("created " + parent + " for " + user.name());
            }
            if (!Files.isDirectory(path)) {
                Files.createDirectory(path);
                Files.setPosixFilePermissions(path, MODE_0700);
                user.own(path);
                repaired.add("created " + path + " (mode 0700, owner " + user.name() + ")");
                return logged(repaired);
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
            if (!mode.equals(MODE_0700)) {
                Files.setPosixFilePermissions(path, MODE_0700);
                repaired.add("mode of " + path + " was " + PosixFilePermissions.toString(mode) + ", set to rwx------");
            }
            if (user.agentIsRoot() && !user.owns(path)) {
                String was = Files.getOwner(path).getName();
                chownRecursively(path);
                repaired.add("owner of " + path + " was " + was + ", gave it and its contents to " + user.name());
            }
        } catch (IOException e) {
            throw new PgwardException(Code.OS_FAILED, "cannot prepare data directory " + path + ": " + e.getMessage(), e);
        }
        return logged(repaired);
    }

    private List<String> logged(List<String> repaired) {
        if (!repaired.isEmpty()) {
            log.info("data directory repaired: {}", String.join("; ", repaired));
        }
        return repaired;
    }

    private static List<Path> createDirectories(Path dir) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            Files.createDirectory(p);
        }
        return missing;
    }

    private void chownRecursively(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                user.own(p);
            }
        }
    }

    /** Renames the directory to {@code <name>.failed.<timestamp>} and recreates it empty; returns the new name. */
    public Path moveAside(String why) {
        if (!Files.exists(path)) {
            return null;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path aside = path.resolveSibling(path.getFileName() + "." + why + "." + stamp);
        try {
            Files.move(path, aside);
        } catch (IOException e) {
            throw new PgwardException(Code.OS_FAILED, "cannot move " + path + " aside: " + e.getMessage(), e);
        }
        ensure();
        return aside;
    }

    /** Removes everything inside the directory (before a clone), keeping the directory itself. */
    public void wipe() {
        if (!Files.isDirectory(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            List<Path> paths = all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
            for (Path p : paths) {
                if (!p.equals(path)) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new PgwardException(Code.OS_FAILED, "cannot empty " + path + ": " + e.getMessage(), e);
        }
    }
}
