package io.pgward.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PgIdentLineTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "# comment", "omicron bryanh bryanh", "krb /^(.*)@EXAMPLE\\.COM$ \\1",
        "map \"robert smith\" bob # comment", "include ident.d/extra.conf", "include_dir ident.d"})
    void validLines(String line) {
        assertThat(PgIdentLine.check(line)).as(line).isEmpty();
    }

    @Test
    void wrongNumberOfFields() {
        assertThat(PgIdentLine.check("map alice")).contains("expected 3 fields (map-name system-user database-user), found 2");
        assertThat(PgIdentLine.check("map alice bob carol")).contains("expected 3 fields (map-name system-user database-user), found 4");
        assertThat(PgIdentLine.check("include a b")).contains("include takes exactly one file name, found 2");
        assertThat(PgIdentLine.check("map \"alice bob")).contains("unterminated quoted string");
    }
}
