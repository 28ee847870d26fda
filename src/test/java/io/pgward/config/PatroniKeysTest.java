package io.pgward.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole of Patroni's YAML schema, one row per key (src/test/resources/patroni-keys.tsv), each with what pgward
 * does with it: used, warned about (accepted but not acted on) or refused. A key Patroni knows can therefore never
 * be silently ignored or rejected as unknown without this table changing.
 */
class PatroniKeysTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    record Row(String path, String value, String status, String what) {}

    static List<Row> rows() throws IOException {
        try (InputStream in = PatroniKeysTest.class.getResourceAsStream("/patroni-keys.tsv")) {
            List<Row> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                rows.add(new Row(f[0], f[1], f[2], f[3]));
            }
            return rows;
        }
    }

    @SuppressWarnings("unchecked")
    private static String withKey(Row row) throws IOException {
        Map<String, Object> root = YAML.readValue(TestConfigs.MINIMAL, LinkedHashMap.class);
        String[] parts = row.path().split("\\.");
        Map<String, Object> at = root;
        for (int i = 0; i < parts.length - 1; i++) {
            at = (Map<String, Object>) at.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
        }
        at.put(parts[parts.length - 1], JSON.readValue(row.value(), Object.class));
        return YAML.writeValueAsString(root);
    }

    private static boolean at(Problem p, Row row) {
        return p.path().equals(row.path()) || p.path().startsWith(row.path() + ".") || p.path().startsWith(row.path() + "[");
    }

    @Test
    void everyPatroniKeyIsUsedWarnedAboutOrRefusedAsTheTableSays() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Row row : rows()) {
            LoadResult r = ConfigLoader.loadString(withKey(row), "node1.yml", Map.of());
            boolean ok = switch (row.status()) {
                case "used" -> r.problems().isEmpty();
                case "warned" -> r.errors().isEmpty() && r.warnings().stream().anyMatch(p -> at(p, row));
                case "refused", "invalid" -> r.errors().stream().anyMatch(p -> at(p, row));
                default -> throw new IllegalArgumentException("status " + row.status() + " in row " + row.path());
            };
            if (!ok) {
                wrong.add(row.path() + "=" + row.value() + " should be " + row.status() + ", got " + r.problems());
            }
        }
        assertThat(wrong).as("keys whose handling differs from the table").isEmpty();
    }

    /** The README's list of refused settings is checked against the table: each refused key is named there. */
    @Test
    void everyRefusedKeyIsNamedInTheReadme() throws IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        List<String> missing = rows().stream().filter(r -> r.status().equals("refused"))
                .map(r -> r.path().substring(r.path().lastIndexOf('.') + 1))
                .filter(key -> !readme.contains("`" + key) && !readme.contains("." + key + "`")).distinct().toList();
        assertThat(missing).as("refused keys the README does not name").isEmpty();
    }

    @Test
    void theTableCoversEverySectionOfPatronisSchema() throws IOException {
        List<String> sections = rows().stream().map(r -> r.path().split("\\.")[0]).distinct().toList();
        assertThat(sections).contains("log", "ctl", "restapi", "bootstrap", "postgresql", "watchdog", "tags", "etcd3",
                "citus", "consul", "zookeeper", "kubernetes", "raft", "exhibitor");
    }
}
