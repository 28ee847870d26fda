package io.pgward.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Python's logging format strings and strftime patterns, rendered as Python would. */
class PythonFormatTest {

    private static final Map<String, Object> RECORD = Map.of("asctime", "2024-05-01 12:00:00,123",
            "levelname", "WARNING", "message", "leader lost", "name", "io.pgward.ha.HaLoop", "levelno", 30L,
            "created", 1714564800.5, "lineno", 42L);

    private static String render(String format) {
        return PythonFormat.parse(format).render(RECORD::get);
    }

    @Test
    void patronisDefaultFormat() {
        assertThat(render("%(asctime)s %(levelname)s: %(message)s"))
                .isEqualTo("2024-05-01 12:00:00,123 WARNING: leader lost");
    }

    @Test
    void widthPrecisionFlagsAndPercentSigns() {
        assertThat(render("[%(levelname)-8s|%(levelname)8s|%(levelname).4s] 100%%"))
                .isEqualTo("[WARNING | WARNING|WARN] 100%");
        assertThat(render("%(levelno)03d %(lineno)-5d| %(created).2f %(created)d %(levelno)x"))
                .isEqualTo("030 42   | 1714564800.50 1714564800 1e");
        assertThat(render("%(created)s %(missing)s")).isEqualTo("1714564800.5 None");
    }

    @Test
    void namesAreListedAndNumericConversionsFound() {
        PythonFormat f = PythonFormat.parse("%(asctime)s %(levelno)d %(message)s");
        assertThat(f.names()).containsExactly("asctime", "levelno", "message");
        assertThat(f.numericNames()).containsExactly("levelno");
        assertThat(PythonFormat.names("%(asctime)s - %(message)")).containsExactly("asctime", "message");
    }

    @Test
    void placeholdersWithoutANameOrUnfinishedAreRefused() {
        assertThatThrownBy(() -> PythonFormat.parse("%s %(message)s")).hasMessageContaining("names no field");
        assertThatThrownBy(() -> PythonFormat.parse("%(message)")).hasMessageContaining("not a complete placeholder");
        assertThatThrownBy(() -> PythonFormat.parse("50%")).hasMessageContaining("%%");
    }

    @Test
    void strftimeDirectivesMapToJavasAndUnknownOnesAreWrittenAsIs() {
        Instant t = ZonedDateTime.of(2024, 5, 1, 14, 3, 9, 0, ZoneId.systemDefault()).toInstant();
        assertThat(Strftime.compile("%Y-%m-%d %H:%M:%S").format(t)).isEqualTo("2024-05-01 14:03:09");
        assertThat(Strftime.compile("%a %b %e %I%p %j %y %%").format(t)).isEqualTo("Wed May  1 02PM 122 24 %");
        assertThat(Strftime.compile("%H:%M:%S.%f").format(t)).isEqualTo("14:03:09.%f");
        assertThat(Strftime.unsupported("%H:%M:%S.%f %%")).containsExactly("%f");
    }
}
