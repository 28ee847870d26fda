package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.config.Config;
import io.pgward.config.ConfigLoader;
import io.pgward.config.LoadResult;
import io.pgward.config.Problem;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code -c/--config-file} option shared by the commands that read a node's YAML. */
final class ConfigOption {

    @Option(names = {"-c", "--config-file"}, description = "pgward/Patroni YAML file (or directory of them)",
            paramLabel = "FILE")
    Path file;

    /** Loads and validates; prints warnings to stderr; throws with every error when invalid. */
    Config load() {
        if (file == null) {
            throw new PgwardException(Code.BAD_REQUEST, "no configuration given: use -c FILE");
        }
        LoadResult r = ConfigLoader.load(file, System.getenv());
        r.warnings().forEach(w -> System.err.println(w.format()));
        if (r.hasErrors()) {
            StringBuilder b = new StringBuilder("configuration " + file + " is invalid:");
            for (Problem p : r.errors()) {
                b.append("\n  ").append(p.format());
            }
            throw new PgwardException(Code.CONFIG_INVALID, b.toString());
        }
        return r.config();
    }
}
