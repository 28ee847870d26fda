package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.config.Config;
import io.pgward.config.ConfigLoader;
import io.pgward.config.LoadResult;
import io.pgward.config.Problem;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code -c/--config-file} option shared by the commands that read a node's YAML. */
final class ConfigOption {

    @Option(names = {"-c", "--config-file"}, description = "pgward/Patroni YAML file (or directory of them)",
            paramLabel = "FILE")
    Path file;

    private Config loaded;

    /** Loads and validates (once); prints warnings to stderr; throws with every error when invalid. */
    Config load() {
        return load(false);
    }

    /** Like {@link #load()}, for the agent that runs with it: the files it names are checked too. */
    Config loadForNode() {
        return load(true);
    }

    private Config load(boolean node) {
        if (loaded != null) {
            return loaded;
        }
        if (file == null) {
            throw new PgwardException(Code.BAD_REQUEST, "no cluster given: use -c FILE (a node's configuration),"
                    + " or --dcs-url URL with --scope NAME");
        }
        LoadResult r = node ? ConfigLoader.loadNode(file, System.getenv()) : ConfigLoader.load(file, System.getenv());
        r.warnings().forEach(w -> System.err.println(w.format()));
        if (r.hasErrors()) {
            StringBuilder b = new StringBuilder("configuration " + file + " is invalid:");
            for (Problem p : r.errors()) {
                b.append("\n  ").append(p.format());
            }
            throw new PgwardException(Code.CONFIG_INVALID, b.toString());
        }
        loaded = r.config();
        return loaded;
    }

    boolean given() {
        return file != null;
    }

    /** The directory holding the configuration: the file's directory, or the directory itself; null without -c. */
    Path directory() {
        if (file == null) {
            return null;
        }
        Path abs = file.toAbsolutePath();
        return Files.isDirectory(abs) ? abs : abs.getParent();
    }
}
