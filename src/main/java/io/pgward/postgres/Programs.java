package io.pgward.postgres;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where PostgreSQL's programs are. As in Patroni, {@code postgresql.bin_dir} when set, else the programs on
 * {@code PATH}; nothing assumes a major version.
 */
public final class Programs {

    /** What the agent runs: a directory lacking one of these is not a PostgreSQL bin directory. */
    public static final List<String> REQUIRED = List.of("postgres", "pg_ctl", "initdb");

    private Programs() {}

    /** The configured directory, else the first PATH entry holding the PostgreSQL programs; throws naming them. */
    public static Path directory(Path configured, String path) {
        if (configured != null) {
            return configured;
        }
        return onPath(path).orElseThrow(() -> new PgwardException(Code.CONFIG_INVALID, "postgresql.bin_dir is not set"
                + " and no directory on PATH (" + (path == null ? "" : path) + ") holds " + String.join(", ", REQUIRED)
                + ": set postgresql.bin_dir, e.g. " + newestInstalled(Path.of("/usr/lib/postgresql"))
                .map(Path::toString).orElse("/usr/lib/postgresql/<major>/bin")));
    }

    static Optional<Path> onPath(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String entry : path.split(File.pathSeparator)) {
            try {
                Path dir = Path.of(entry.isEmpty() ? "." : entry);
                if (REQUIRED.stream().allMatch(p -> Files.isExecutable(dir.resolve(p)))) {
                    return Optional.of(dir);
                }
            } catch (InvalidPathException e) {
                // not a usable PATH entry
            }
        }
        return Optional.empty();
    }

    /** Debian's layout: the bin directory of the newest major version installed under {@code root}. */
    public static Optional<Path> newestInstalled(Path root) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> majors = Files.list(root)) {
            return majors.filter(d -> d.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .map(d -> d.resolve("bin"))
                    .filter(bin -> REQUIRED.stream().allMatch(p -> Files.isExecutable(bin.resolve(p))))
                    .max(Comparator.comparingDouble(bin -> Double.parseDouble(bin.getParent().getFileName().toString())));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }
}
