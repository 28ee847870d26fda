package io.pgward.cli;

import io.pgward.PgwardException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YamlTextTest {

    @Test
    void dumpSortsKeysAndQuotesOnlyWhereNeededLikePatronictl() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("ttl", 30);
        config.put("loop_wait", 10);
        config.put("postgresql", Map.of("pg_hba", List.of("host all all 0.0.0.0/0 scram-sha-256"),
                "parameters", Map.of("wal_log_hints", "on", "max_connections", 100)));
        assertThat(YamlText.dump(config)).isEqualTo("""
                loop_wait: 10
                postgresql:
                  parameters:
                    max_connections: 100
                    wal_log_hints: "on"
                  pg_hba:
                  - host all all 0.0.0.0/0 scram-sha-256
                ttl: 30
                """);
    }

    @Test
    void stringsThatLookLikeOtherTypesReadBackAsStrings() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> tricky = List.of("5", "1e3", "0x10", "1_000", ".inf", "null", "~", "yes", "off", "true", "",
                " lead", "a: b", "#x", "multi\nline", "12:30", "- item", "{}", "[]");
        for (int i = 0; i < tricky.size(); i++) {
            m.put("k" + i, tricky.get(i));
        }
        assertThat(YamlText.parse(YamlText.dump(m))).isEqualTo(m);
    }

    @Test
    void parseMappingAcceptsEmptyTextAndRefusesNonMappings() {
        assertThat(YamlText.parseMapping("", "f.yml")).isEmpty();
        assertThatThrownBy(() -> YamlText.parseMapping("- a\n- b\n", "f.yml")).isInstanceOf(PgwardException.class)
                .hasMessageContaining("f.yml must be a YAML mapping");
        assertThatThrownBy(() -> YamlText.parseMapping("a: [1,\n", "f.yml")).hasMessageContaining("f.yml is not valid YAML");
    }
}
