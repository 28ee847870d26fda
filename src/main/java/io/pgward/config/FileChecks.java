package io.pgward.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks the files a configuration names against the filesystem, as the agent will use them: TLS certificates,
 * keys and CA files must exist and be readable by the user running the check (the agent's user at start), the
 * {@code log.dir} must be a writable directory, and a {@code bin_dir} must hold PostgreSQL's programs. Run only for
 * configurations read from real files.
 */
final class FileChecks {

    /** What the named path must be. */
    enum Kind { READABLE_FILE, UNENCRYPTED_KEY, WRITABLE_DIRECTORY, POSTGRES_BIN_DIR, POSTGRES_ON_PATH, S3_CREDENTIALS }

    /** A path named at {@code yamlPath}. */
    record Reference(YNode.Origin origin, String yamlPath, String value, Kind kind) {}

    static final List<String> POSTGRES_PROGRAMS = List.of("postgres", "pg_ctl", "initdb");

    private FileChecks() {}

    /** @param path the PATH a node without bin_dir takes PostgreSQL's programs from */
    static void verify(Problems problems, String searchPath) {
        String user = System.getProperty("user.name");
        for (Reference r : problems.fileReferences()) {
            if (r.kind() == Kind.POSTGRES_ON_PATH) {
                if (!onPath(searchPath)) {
                    problems.error(r.origin(), r.yamlPath(), "bin_dir is not set and no directory on PATH (" + searchPath
                            + ") holds " + String.join(", ", POSTGRES_PROGRAMS) + ": set postgresql.bin_dir, e.g."
                            + " /usr/lib/postgresql/<major>/bin");
                }
                continue;
            }
            Path path;
            try {
                path = Path.of(r.value());
            } catch (InvalidPathException e) {
                problems.error(r.origin(), r.yamlPath(), "'" + r.value() + "' is not a valid path");
                continue;
            }
            String problem = switch (r.kind()) {
                case READABLE_FILE -> readableFile(path, user);
                case UNENCRYPTED_KEY -> unencryptedKey(path, user);
                case S3_CREDENTIALS -> s3Credentials(path, user);
                case WRITABLE_DIRECTORY -> writableDirectory(path, user);
                case POSTGRES_BIN_DIR -> binDir(path);
                case POSTGRES_ON_PATH -> null;    // handled above
            };
            if (problem != null) {
                problems.error(r.origin(), r.yamlPath(), problem);
            }
        }
    }

    private static boolean onPath(String path) {
        if (path == null) {
            return false;
        }
        for (String entry : path.split(java.io.File.pathSeparator)) {
            try {
                Path dir = Path.of(entry.isEmpty() ? "." : entry);
                if (Files.isDirectory(dir) && binDir(dir) == null) {
                    return true;
                }
            } catch (InvalidPathException e) {
                // not a usable PATH entry
            }
        }
        return false;
    }

    private static String readableFile(Path path, String user) {
        if (!Files.exists(path)) {
            return path + " does not exist";
        }
        if (Files.isDirectory(path)) {
            return path + " is a directory, not a file";
        }
        if (!Files.isReadable(path)) {
            return path + " cannot be read by user " + user + " (the agent must read it: check its owner and mode)";
        }
        return null;
    }

    /**
     * A readable private key that needs no password: the etcd3 section has no setting for one (nor has Patroni's), and
     * the fence's curl uses the same file to revoke a dead agent's lease.
     */
    private static String unencryptedKey(Path path, String user) {
        String problem = readableFile(path, user);
        if (problem != null) {
            return problem;
        }
        try {
            String text = Files.readString(path, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (text.contains("ENCRYPTED PRIVATE KEY") || text.contains("Proc-Type: 4,ENCRYPTED")) {
                return path + " holds an encrypted private key, and etcd3 has no setting for its password (as in"
                        + " Patroni): give the key unencrypted, readable only by the agent's user ('openssl pkcs8"
                        + " -topk8 -nocrypt -in " + path + " -out etcd-client.key')";
            }
            return null;
        } catch (java.io.IOException e) {
            return path + " cannot be read: " + e.getMessage();
        }
    }

    /** A readable file holding an S3 access key (its content is not repeated in the message). */
    private static String s3Credentials(Path path, String user) {
        String problem = readableFile(path, user);
        if (problem != null) {
            return problem;
        }
        try {
            S3Keys.read(path);
            return null;
        } catch (io.pgward.PgwardException e) {
            return e.getMessage();
        }
    }

    private static String writableDirectory(Path path, String user) {
        if (!Files.exists(path)) {
            return path + " does not exist (create it; the agent does not, as in Patroni)";
        }
        if (!Files.isDirectory(path)) {
            return path + " is not a directory";
        }
        if (!Files.isWritable(path) || !Files.isExecutable(path)) {
            return path + " cannot be written by user " + user + " (the agent creates its log files there: check its"
                    + " owner and mode)";
        }
        return null;
    }

    private static String binDir(Path dir) {
        if (!Files.isDirectory(dir)) {
            return dir + " is not a directory (bin_dir must hold postgres, pg_ctl and initdb; leave it out to use"
                    + " the programs on PATH)";
        }
        List<String> missing = POSTGRES_PROGRAMS.stream().filter(p -> !Files.isExecutable(dir.resolve(p))).toList();
        return missing.isEmpty() ? null : dir + " has no executable " + String.join(", ", missing)
                + " (is it a PostgreSQL bin directory? e.g. /usr/lib/postgresql/<major>/bin)";
    }
}
