package io.pgward.config;

import static io.pgward.config.TestConfigs.assertError;
import static io.pgward.config.TestConfigs.singleError;
import static io.pgward.config.TestConfigs.valid;
import static io.pgward.config.TestConfigs.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Patroni's log section read into a LogConfig; mistakes reported at the key, with the line. */
class LogSectionTest {

    @Test
    void withoutALogSectionPgwardWritesItsOwnLinesToStandardErrorAndRotatesAtPatronisDefaults() {
        LogConfig log = valid(TestConfigs.MINIMAL).log();

        assertThat(log).isEqualTo(LogConfig.defaults());
        assertThat(log.fileSize()).isEqualTo(25_000_000);
        assertThat(log.fileNum()).isEqualTo(4);
        assertThat(log.mode()).isEqualTo(0600);
        assertThat(log.file()).isNull();
    }

    @Test
    void patronisJsonExampleKeepsFieldOrderRenamesAndStaticFields() {
        LogConfig log = valid(TestConfigs.MINIMAL + """
                log:
                  type: json
                  level: WARNING
                  format:
                    - message
                    - module
                    - asctime: '@timestamp'
                    - levelname: level
                  static_fields:
                    app: patroni
                  dir: /var/log/patroni
                  mode: 0640
                  file_size: 1000
                  file_num: 2
                """).log();

        assertThat(log.type()).isEqualTo(LogConfig.Type.JSON);
        assertThat(log.level()).isEqualTo("WARN");
        assertThat(log.jsonFields()).containsExactly(new LogConfig.JsonField("message", "message"),
                new LogConfig.JsonField("module", "module"), new LogConfig.JsonField("asctime", "@timestamp"),
                new LogConfig.JsonField("levelname", "level"));
        assertThat(log.staticFields()).containsExactly(Map.entry("app", "patroni"));
        assertThat(log.file()).isEqualTo(Path.of("/var/log/patroni/patroni.log"));
        assertThat(log.mode()).as("YAML 1.1 reads 0640 as octal, as Patroni's loader").isEqualTo(0640);
        assertThat(log.fileSize()).isEqualTo(1000);
        assertThat(log.fileNum()).isEqualTo(2);
    }

    @Test
    void aJsonFormatStringNamesItsFields() {
        LogConfig log = valid(TestConfigs.MINIMAL + "log:\n  type: json\n  format: '%(asctime)s %(name)s: %(message)s'\n").log();

        assertThat(log.jsonFields()).extracting(LogConfig.JsonField::key).containsExactly("asctime", "name", "message");
    }

    @Test
    void plainFormatAndLoggersAreKept() {
        LogConfig log = valid(TestConfigs.MINIMAL + """
                log:
                  format: '%(asctime)s %(levelname)-8s %(name)s: %(message)s'
                  dateformat: '%Y-%m-%d %H:%M:%S'
                  traceback_level: debug
                  loggers:
                    io.pgward.postgres: WARNING
                    io.pgward.ha: 10
                    io.pgward.api: NOTSET
                """).log();

        assertThat(log.plainFormat()).isEqualTo("%(asctime)s %(levelname)-8s %(name)s: %(message)s");
        assertThat(log.dateFormat()).isEqualTo("%Y-%m-%d %H:%M:%S");
        assertThat(log.tracebackAtDebugOnly()).isTrue();
        assertThat(log.loggers()).containsEntry("io.pgward.postgres", "WARN").containsEntry("io.pgward.ha", "DEBUG")
                .containsEntry("io.pgward.api", null);
    }

    @Test
    void aModeGivenAsTextWithALeadingZeroIsOctalAsPatroniReadsIt() {
        LoadResult r = ConfigLoader.loadString(TestConfigs.MINIMAL, TestConfigs.FILE, Map.of("PATRONI_LOG_MODE", "0640"));

        assertThat(r.problems()).isEmpty();
        assertThat(r.config().log().mode()).isEqualTo(0640);
        assertThat(valid(TestConfigs.MINIMAL + "log:\n  mode: 416\n").log().mode()).isEqualTo(0640);
    }

    @Test
    void negativeFileSizeIsAnErrorAtItsLine() {
        assertError(singleError(with("log:\n  dir: /tmp\n  file_size: -1\n")), 21, "log.file_size",
                "must not be negative, found -1");
    }

    @Test
    void unknownTypeIsAnError() {
        assertError(singleError(with("log:\n  type: xml\n")), 20, "log.type", "expected one of plain, json, found 'xml'");
    }

    @Test
    void staticFieldsMustBeAMapping() {
        assertError(singleError(with("log:\n  type: json\n  static_fields: [app]\n")), 21, "log.static_fields",
                "expected a mapping");
    }

    @Test
    void aPlainFormatNamingNoRecordAttributeIsAnError() {
        assertError(singleError(with("log:\n  format: '%(asctime)s %(nosuch)s'\n")), 20, "log.format",
                "%(nosuch) is not a log record attribute");
        assertError(singleError(with("log:\n  format: '%s: %(message)s'\n")), 20, "log.format", "names no field");
        assertError(singleError(with("log:\n  format: '%(levelname)d'\n")), 20, "log.format", "levelname)s");
    }

    @Test
    void anEmptyJsonFieldListAndANonStringRenameAreErrors() {
        assertError(singleError(with("log:\n  type: json\n  format: []\n")), 21, "log.format", "empty");
        assertError(singleError(with("log:\n  type: json\n  format:\n    - asctime: [a]\n")), 22,
                "log.format[0].asctime", "expected the field's new name");
    }

    @Test
    void aLoggerLevelThatIsNoLevelIsAnError() {
        assertError(singleError(with("log:\n  loggers:\n    io.pgward: LOUD\n")), 21, "log.loggers.io.pgward",
                "expected a level");
    }

    @Test
    void lintRefusesALogDirThatDoesNotExistOrIsAFile(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "");
        for (String dir : new String[] {tmp.resolve("missing").toString(), file.toString()}) {
            LoadResult r = loadNode(tmp, "log:\n  dir: " + dir + "\n");
            assertThat(r.errors()).extracting(Problem::path).containsExactly("log.dir");
            assertThat(r.errors().get(0).line()).isEqualTo(20);
        }
        assertThat(loadNode(tmp, "log:\n  dir: " + tmp + "\n").errors()).isEmpty();
    }

    @Test
    void lintRefusesALogDirTheAgentCannotWrite(@TempDir Path tmp) throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
        Path dir = Files.createDirectory(tmp.resolve("ro"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("r-xr-xr-x")));
        LoadResult r = loadNode(tmp, "log:\n  dir: " + dir + "\n");
        assertThat(r.errors()).singleElement().satisfies(p -> assertThat(p.message()).contains("cannot be written"));
    }

    private static LoadResult loadNode(Path tmp, String extra) throws IOException {
        Path node = Files.writeString(tmp.resolve("node1.yml"), TestConfigs.MINIMAL + extra);
        return ConfigLoader.loadNode(node, Map.of("PATH", System.getenv("PATH")));
    }
}
