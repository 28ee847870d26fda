package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.config.Credentials;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryTest {

    private final List<String> columns = List.of("name", "setting");
    private final List<List<Object>> rows = List.of(List.of("max_connections", 100), Arrays.asList("x", null));

    @Test
    void prettyIsATable() {
        assertThat(QueryCommand.render(columns, rows, ListCommand.Format.PRETTY)).isEqualTo("""
                +-----------------+---------+
                | name            | setting |
                +-----------------+---------+
                | max_connections | 100     |
                | x               |         |
                +-----------------+---------+
                """);
    }

    @Test
    void tsvJsonAndYaml() {
        assertThat(QueryCommand.render(columns, rows, ListCommand.Format.TSV))
                .isEqualTo("name\tsetting\nmax_connections\t100\nx\t\n");
        assertThat(QueryCommand.render(columns, rows, ListCommand.Format.JSON))
                .isEqualTo("[{\"name\":\"max_connections\",\"setting\":100},{\"name\":\"x\",\"setting\":null}]\n");
        assertThat(QueryCommand.render(columns, rows, ListCommand.Format.YAML))
                .startsWith("- name: max_connections\n  setting: 100\n");
    }

    @Test
    void loginIsTheConfigSuperuserUnlessGiven() {
        assertThatThrownBy(() -> QueryCommand.login(null, null, null)).isInstanceOf(PgwardException.class)
                .hasMessageContaining("give -U USER");
        assertThat(QueryCommand.login("app", "pw", null)).isEqualTo(new Credentials("app", "pw"));
        assertThat(QueryCommand.login("app", null, null)).isEqualTo(new Credentials("app", null));
    }
}
