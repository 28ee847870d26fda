package io.pgward.config;

import io.pgward.PgwardException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of loading a configuration: the sealed {@link Config} when there are no errors, and every problem found.
 *
 * @param config   null when {@code problems} holds at least one error
 * @param problems errors and warnings, ordered by file and line
 */
public record LoadResult(Config config, List<Problem> problems) {

    public LoadResult {
        problems = List.copyOf(problems);
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    /** The configuration, or a {@code CONFIG_INVALID} exception listing every error. */
    public Config configOrThrow() {
        if (config == null) {
            String lines = errors().stream().map(Problem::format).collect(Collectors.joining("\n  "));
            throw new PgwardException(PgwardException.Code.CONFIG_INVALID, "invalid configuration:\n  " + lines);
        }
        return config;
    }
}
