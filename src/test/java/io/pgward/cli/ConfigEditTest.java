package io.pgward.cli;

import io.pgward.PgwardException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigEditTest {

    @Test
    void setSplitsThePathOnDots() {
        ConfigEdit.Change c = ConfigEdit.parseSet("postgresql.use_pg_rewind=true");
        assertThat(c.path()).containsExactly("postgresql", "use_pg_rewind");
        assertThat(c.value()).isEqualTo(true);
    }

    @Test
    void setValuesAreTypedAsYaml() {
        assertThat(ConfigEdit.parseSet("ttl=30").value()).isEqualTo(30);
        assertThat(ConfigEdit.parseSet("maximum_lag_on_failover=10485760000").value()).isEqualTo(10485760000L);
        assertThat(ConfigEdit.parseSet("x=0.5").value()).isEqualTo(0.5);
        assertThat(ConfigEdit.parseSet("synchronous_mode=on").value()).isEqualTo(true);
        assertThat(ConfigEdit.parseSet("synchronous_mode=quorum").value()).isEqualTo("quorum");
        assertThat(ConfigEdit.parseSet("x='30'").value()).isEqualTo("30");
        assertThat(ConfigEdit.parseSet("x=[a, b]").value()).isEqualTo(List.of("a", "b"));
        assertThat(ConfigEdit.parseSet("x=a=b").value()).isEqualTo("a=b");
    }

    @Test
    void nullTildeOrNothingMeansRemove() {
        assertThat(ConfigEdit.parseSet("pause=null").value()).isNull();
        assertThat(ConfigEdit.parseSet("pause=~").value()).isNull();
        assertThat(ConfigEdit.parseSet("pause=").value()).isNull();
    }

    @Test
    void dottedParameterNamesStayOneKey() {
        ConfigEdit.Change c = ConfigEdit.parseSet("postgresql.parameters.auto_explain.log_min_duration=100ms");
        assertThat(c.path()).containsExactly("postgresql", "parameters", "auto_explain.log_min_duration");
        assertThat(c.value()).isEqualTo("100ms");
    }

    @Test
    void pgIsSetUnderPostgresqlParameters() {
        ConfigEdit.Change c = ConfigEdit.parsePg("max_connections=200");
        assertThat(c.path()).containsExactly("postgresql", "parameters", "max_connections");
        assertThat(c.value()).isEqualTo(200);
        assertThat(ConfigEdit.parsePg("pg_stat_statements.track=all").path())
                .containsExactly("postgresql", "parameters", "pg_stat_statements.track");
    }

    @Test
    void malformedSetsAreUsageErrorsThatShowTheForm() {
        assertThatThrownBy(() -> ConfigEdit.parseSet("ttl")).isInstanceOf(PgwardException.class)
                .hasMessageContaining("key.path=value");
        assertThatThrownBy(() -> ConfigEdit.parseSet("=5")).hasMessageContaining("key.path=value");
        assertThatThrownBy(() -> ConfigEdit.parseSet("postgresql..x=5")).hasMessageContaining("empty part");
        assertThatThrownBy(() -> ConfigEdit.parsePg("work_mem")).hasMessageContaining("name=value");
        assertThatThrownBy(() -> ConfigEdit.parseSet("x=[unclosed")).hasMessageContaining("--set x")
                .hasMessageContaining("quote it");
    }

    @Test
    void setCreatesMissingMapsAndReplacesNonMaps() {
        Map<String, Object> config = new LinkedHashMap<>(Map.of("postgresql", "oops"));
        ConfigEdit.set(config, List.of("postgresql", "parameters", "work_mem"), "64MB");
        ConfigEdit.set(config, List.of("standby_cluster", "host"), "10.0.0.9");
        assertThat(config).isEqualTo(Map.of("postgresql", Map.of("parameters", Map.of("work_mem", "64MB")),
                "standby_cluster", Map.of("host", "10.0.0.9")));
    }

    @Test
    void removingTheLastKeyRemovesTheMapsLeftEmpty() {
        Map<String, Object> config = ConfigEdit.copy(Map.of("ttl", 30,
                "postgresql", Map.of("use_pg_rewind", true, "parameters", Map.of("work_mem", "4MB"))));
        ConfigEdit.set(config, List.of("postgresql", "parameters", "work_mem"), null);
        assertThat(config).isEqualTo(Map.of("ttl", 30, "postgresql", Map.of("use_pg_rewind", true)));
        ConfigEdit.set(config, List.of("nothing", "here"), null);
        assertThat(config).doesNotContainKey("nothing");
    }

    @Test
    void mergePatchCarriesChangesAdditionsAndRemovalsAsNull() {
        Map<String, Object> before = Map.of("ttl", 30, "loop_wait", 10, "pause", true,
                "postgresql", Map.of("use_pg_rewind", true, "parameters", Map.of("work_mem", "4MB", "x", 1)));
        Map<String, Object> after = Map.of("ttl", 30, "loop_wait", 5,
                "postgresql", Map.of("use_pg_rewind", true, "parameters", Map.of("work_mem", "64MB", "x", 1)),
                "synchronous_mode", true);
        Map<String, Object> patch = ConfigEdit.mergePatch(before, after);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("pause", null);
        expected.put("loop_wait", 5);
        expected.put("postgresql", Map.of("parameters", Map.of("work_mem", "64MB")));
        expected.put("synchronous_mode", true);
        assertThat(patch).isEqualTo(expected);
        assertThat(ConfigEdit.applyPatch(before, patch)).isEqualTo(after);
    }

    @Test
    void mergePatchRemovesANestedKeyWithNullAndReplacesListsWhole() {
        Map<String, Object> before = Map.of("postgresql", Map.of("parameters", Map.of("work_mem", "4MB")),
                "ignore_slots", List.of(Map.of("name", "a")));
        Map<String, Object> after = Map.of("ignore_slots", List.of(Map.of("name", "a"), Map.of("name", "b")));
        Map<String, Object> patch = ConfigEdit.mergePatch(before, after);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("postgresql", null);
        expected.put("ignore_slots", List.of(Map.of("name", "a"), Map.of("name", "b")));
        assertThat(patch).isEqualTo(expected);
        assertThat(io.pgward.dcs.WireFormat.write(patch)).contains("\"postgresql\":null");
    }

    @Test
    void numbersOfDifferentJavaTypesAreTheSameValue() {
        assertThat(ConfigEdit.mergePatch(Map.of("ttl", 30L, "x", 1.0), Map.of("ttl", 30, "x", 1))).isEmpty();
        assertThat(ConfigEdit.same(List.of(1, "a"), List.of(1L, "a"))).isTrue();
        assertThat(ConfigEdit.same("30", 30)).isFalse();
    }

    @Test
    void unchangedConfigGivesAnEmptyPatch() {
        Map<String, Object> c = Map.of("ttl", 30, "postgresql", Map.of("parameters", Map.of("a", "b")));
        assertThat(ConfigEdit.mergePatch(c, ConfigEdit.copy(c))).isEmpty();
    }

    @Test
    void withoutNullsDropsNullKeysAtEveryLevel() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("a", null);
        inner.put("b", 1);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pause", null);
        m.put("postgresql", inner);
        assertThat(ConfigEdit.withoutNulls(m)).isEqualTo(Map.of("postgresql", Map.of("b", 1)));
    }

    @Test
    void applyingAFileMergesAndItsNullsRemove() {
        Map<String, Object> file = YamlText.parseMapping("""
                loop_wait: 5
                pause:
                postgresql:
                  parameters:
                    work_mem: 64MB
                """, "test.yml");
        Map<String, Object> result = ConfigEdit.applyPatch(Map.of("ttl", 30, "pause", true,
                "postgresql", Map.of("use_slots", true)), file);
        assertThat(result).isEqualTo(Map.of("ttl", 30, "loop_wait", 5,
                "postgresql", Map.of("use_slots", true, "parameters", Map.of("work_mem", "64MB"))));
    }

    @Test
    void editConfigCollectsSetsThenPgsAndChecksTheResultLocally() {
        List<ConfigEdit.Change> changes = EditConfigCommand.changes(List.of("ttl=10"), List.of("work_mem=64MB"));
        assertThat(changes).extracting(ConfigEdit.Change::path)
                .containsExactly(List.of("ttl"), List.of("postgresql", "parameters", "work_mem"));
        Map<String, Object> config = ConfigEdit.copy(Map.of("ttl", 30, "loop_wait", 10, "retry_timeout", 10));
        changes.forEach(c -> ConfigEdit.set(config, c.path(), c.value()));
        assertThat(EditConfigCommand.localProblems(config)).anyMatch(p -> p.isError() && p.path().contains("ttl"));
        assertThat(EditConfigCommand.localProblems(Map.of("ttl", 30, "loop_wait", 10, "retry_timeout", 10)))
                .noneMatch(io.pgward.config.Problem::isError);
    }
}
