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
        return directories(path).filter(dir -> REQUIRED.stream().allMatch(p -> Files.isExecutable(dir.resolve(p))))
                .findFirst();
    }

    /** The first executable {@code name} in a directory of {@code path} (a PATH value), if any. */
    public static Optional<Path> which(String name, String path) {
        return directories(path).map(dir -> dir.resolve(name))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    /** The directories of a PATH value, in order, without entries that are no path. */
    private static Stream<Path> directories(String path) {
        if (path == null) {
            return Stream.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).flatMap(entry -> {
            try {
                return Stream.of(Path.of(entry.isEmpty() ? "." : entry));
            } catch (InvalidPathException e) {
                return Stream.empty();
            }
        });
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
