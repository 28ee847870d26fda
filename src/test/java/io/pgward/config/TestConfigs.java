package io.pgward.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/** A minimal valid configuration, and helpers to load variations of it. */
final class TestConfigs {

    /**
     * 18 lines; postgresql is the last top-level section and authentication.replication the last nested one, so
     * text appended with two spaces of indentation continues the postgresql section, without indentation adds a
     * top-level key. Appended text starts on line 19.
     */
    static final String MINIMAL = """
            name: node1
            scope: demo
            restapi:
              listen: 0.0.0.0:8008
              connect_address: 10.0.0.1:8008
            etcd3:
              hosts: 10.0.0.5:2379
            postgresql:
              listen: 0.0.0.0:5432
              connect_address: 10.0.0.1:5432
              data_dir: /var/lib/postgresql/data
              authentication:
                superuser:
                  username: postgres
                  password: secret
                replication:
                  username: replicator
                  password: rep
            """;

    static final String FILE = "node1.yml";

    private TestConfigs() {
    }

    static LoadResult load(String yaml) {
        return ConfigLoader.loadString(yaml, FILE, Map.of());
    }

    /** MINIMAL with {@code extra} appended (starting on line 19). */
    static LoadResult with(String extra) {
        return load(MINIMAL + extra);
    }

    static Config valid(String yaml) {
        LoadResult result = load(yaml);
        assertThat(result.problems()).as("problems").isEmpty();
        assertThat(result.config()).isNotNull();
        return result.config();
    }

    /** The one problem of the result (failing if there are none or several). */
    static Problem single(LoadResult result) {
        assertThat(result.problems()).as("problems").hasSize(1);
        return result.problems().get(0);
    }

    /** The one error of the result, which has no config. */
    static Problem singleError(LoadResult result) {
        assertThat(result.errors()).as("errors").hasSize(1);
        assertThat(result.config()).isNull();
        return result.errors().get(0);
    }

    /** The one warning of a result without errors. */
    static Problem singleWarning(LoadResult result) {
        assertThat(result.problems()).as("problems").hasSize(1);
        assertThat(result.config()).isNotNull();
        Problem p = result.problems().get(0);
        assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
        return p;
    }

    static List<String> paths(List<Problem> problems) {
        return problems.stream().map(Problem::path).toList();
    }

    /** Asserts severity, file, line, path and that the message contains every fragment. */
    static void assertProblem(Problem p, Problem.Severity severity, int line, String path, String... fragments) {
        assertThat(p.severity()).as("severity of %s", p).isEqualTo(severity);
        assertThat(p.file()).as("file of %s", p).isEqualTo(FILE);
        assertThat(p.line()).as("line of %s", p).isEqualTo(line);
        assertThat(p.path()).as("path of %s", p).isEqualTo(path);
        for (String fragment : fragments) {
            assertThat(p.message()).as("message of %s", p).contains(fragment);
        }
    }

    static void assertError(Problem p, int line, String path, String... fragments) {
        assertProblem(p, Problem.Severity.ERROR, line, path, fragments);
    }

    static void assertWarning(Problem p, int line, String path, String... fragments) {
        assertProblem(p, Problem.Severity.WARNING, line, path, fragments);
    }
}
