package io.pgward.config;

import static io.pgward.config.TestConfigs.assertError;
import static io.pgward.config.TestConfigs.load;
import static io.pgward.config.TestConfigs.singleError;
import static io.pgward.config.TestConfigs.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlParsingTest {

    @Test
    void duplicateKeyIsAnErrorAtTheSecondOccurrence() {
        Problem p = singleError(load(TestConfigs.MINIMAL.replace("scope: demo\n", "scope: demo\nname: node2\n")));

        assertError(p, 3, "name", "duplicate key 'name' (first on line 1)");
    }

    @Test
    void nestedDuplicateKey() {
        Problem p = singleError(TestConfigs.with("  data_dir: /other\n"));

        assertError(p, 19, "postgresql.data_dir", "duplicate key 'data_dir' (first on line 11)");
    }

    @Test
    void syntaxErrorHasItsLine() {
        Problem p = singleError(load("name: a\nscope: [unclosed\nrestapi: {}\n"));

        assertThat(p.file()).isEqualTo(TestConfigs.FILE);
        assertThat(p.line()).isGreaterThanOrEqualTo(2);
        assertThat(p.message()).startsWith("invalid YAML: ");
    }

    @Test
    void badIndentationIsASyntaxError() {
        Problem p = singleError(load("name: a\n  scope: b\n"));

        assertThat(p.line()).isEqualTo(2);
        assertThat(p.message()).startsWith("invalid YAML: mapping values are not allowed here");
    }

    @Test
    void topLevelMustBeAMapping() {
        Problem p = singleError(load("- name: a\n"));

        assertError(p, 1, "", "the configuration must be a mapping", "found a list");
    }

    @Test
    void severalDocumentsAreRefused() {
        Problem p = singleError(load("name: a\n---\nname: b\n"));

        assertThat(p.message()).startsWith("invalid YAML: ");
    }

    @Test
    void anchorsAliasesAndMergeKeysWork() {
        Config c = valid(TestConfigs.MINIMAL.replace("restapi:\n", "x-defaults: &auth\n  username: admin\n  password: pw\nrestapi:\n")
                .replace("x-defaults", "tags").replace("  username: admin\n  password: pw\n", "  region: eu\n")
                + "  parameters:\n    <<: {work_mem: 4MB, jit: 'off'}\n    jit: 'on'\n");

        assertThat(c.postgresql().parameters()).containsEntry("work_mem", "4MB").containsEntry("jit", "on");
        assertThat(c.tags().published()).containsEntry("region", "eu");
    }

    @Test
    void yaml11BooleansAndOctalsAsPatroniReadsThem() {
        Config c = valid(TestConfigs.MINIMAL + "  parameters:\n    a: yes\n    b: Off\n    c: 010\n    d: '010'\n");

        assertThat(c.postgresql().parameters()).containsEntry("a", "on").containsEntry("b", "off")
                .containsEntry("c", "8").containsEntry("d", "010");
    }

    @Test
    void nonStringKeysAreReadAsText() {
        Config c = valid(TestConfigs.MINIMAL + "tags:\n  1: one\n  true: yes\n");

        assertThat(c.tags().published()).containsEntry("1", "one").containsEntry("true", true);
    }

    @Test
    void missingFileIsAProblemNotAnException() {
        LoadResult result = ConfigLoader.load(Path.of("/nonexistent/pgward.yml"), Map.of());

        Problem p = singleError(result);
        assertThat(p.file()).isEqualTo("/nonexistent/pgward.yml");
        assertThat(p.message()).isEqualTo("configuration file or directory does not exist");
    }

    @Test
    void emptyDirectoryIsAProblem(@TempDir Path dir) {
        Problem p = singleError(ConfigLoader.load(dir, Map.of()));

        assertThat(p.message()).isEqualTo("the directory holds no *.yml or *.yaml file");
    }

    @Test
    void syntaxErrorsOfEveryFileOfADirectoryAreReported(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("1.yml"), "a: [\n");
        Files.writeString(dir.resolve("2.yml"), "b: {\n");

        LoadResult result = ConfigLoader.load(dir, Map.of());

        assertThat(result.errors()).extracting(Problem::file)
                .containsExactly(dir.resolve("1.yml").toString(), dir.resolve("2.yml").toString());
    }

    @Test
    void unreadableFileIsAProblem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yml");
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00});

        Problem p = singleError(ConfigLoader.load(file, Map.of()));

        assertThat(p.message()).isEqualTo("cannot read the file: it is not UTF-8 text");
    }

    @Test
    void nullSourceNameIsPrintedAsConfig() {
        Problem p = ConfigLoader.loadString("name: [", null, Map.of()).problems().get(0);

        assertThat(p.format()).startsWith("<config>");
    }
}
