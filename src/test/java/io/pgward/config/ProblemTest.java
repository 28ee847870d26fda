package io.pgward.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void formatWithFileLineAndPath() {
        Problem p = new Problem(Problem.Severity.ERROR, "node1.yml", 12, "postgresql.pg_hba[2]",
                "unknown authentication method 'trsut' (did you mean 'trust'?)");

        assertThat(p.format()).isEqualTo("node1.yml:12: error: postgresql.pg_hba[2]: unknown authentication method "
                + "'trsut' (did you mean 'trust'?)");
    }

    @Test
    void lineZeroIsOmitted() {
        Problem p = new Problem(Problem.Severity.WARNING, "node1.yml", 0, "tags", "x");

        assertThat(p.format()).isEqualTo("node1.yml: warning: tags: x");
    }

    @Test
    void nullFileIsConfigAndEmptyPathIsOmitted() {
        assertThat(new Problem(Problem.Severity.ERROR, null, 3, "", "bad").format()).isEqualTo("<config>:3: error: bad");
        assertThat(new Problem(Problem.Severity.ERROR, null, 0, null, "bad").format()).isEqualTo("<config>: error: bad");
    }

    @Test
    void loadResultSplitsErrorsAndWarnings() {
        Problem e = new Problem(Problem.Severity.ERROR, "f", 1, "a", "e");
        Problem w = new Problem(Problem.Severity.WARNING, "f", 2, "b", "w");
        LoadResult r = new LoadResult(null, List.of(w, e));

        assertThat(r.hasErrors()).isTrue();
        assertThat(r.errors()).containsExactly(e);
        assertThat(r.warnings()).containsExactly(w);
        assertThat(new LoadResult(null, List.of(w)).hasErrors()).isFalse();
    }

    @Test
    void problemsAreSortedByLine() {
        LoadResult r = TestConfigs.with("tags:\n  nofailover: maybe\nbogus: 1\n  x: 1\n");

        assertThat(r.problems()).extracting(Problem::line).isSorted();
    }
}
