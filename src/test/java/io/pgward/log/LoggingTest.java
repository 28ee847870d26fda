package io.pgward.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgward.config.LogConfig;
import io.pgward.config.LogConfig.JsonField;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log section in effect: lines written to patroni.log in log.dir, read back and parsed. */
class LoggingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final LoggerContext ctx = new LoggerContext();

    @AfterEach
    void stop() {
        ctx.stop();
    }

    private static LogConfig config(LogConfig.Type type, String plainFormat, List<JsonField> fields, String dateFormat,
                                    Map<String, Object> staticFields, Path dir, int mode, long size, int num,
                                    boolean tracebackAtDebugOnly) {
        return new LogConfig(type, null, tracebackAtDebugOnly, plainFormat, fields, dateFormat, staticFields, dir,
                mode, size, num, Map.of());
    }

    private LogConfig json(List<JsonField> fields, Map<String, Object> staticFields) {
        return config(LogConfig.Type.JSON, null, fields, null, staticFields, dir, 0600, 0, 0, false);
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(dir.resolve("patroni.log"));
    }

    @Test
    void jsonLinesCarryPatronisDefaultFieldsWithPythonsLevelNamesAndTheStaticFields() throws IOException {
        Map<String, Object> staticFields = new LinkedHashMap<>();
        staticFields.put("app", "patroni");
        staticFields.put("dc", Map.of("rack", 7));
        Logging.install(ctx, json(LogConfig.DEFAULT_JSON_FIELDS, staticFields));
        Logger log = ctx.getLogger("io.pgward.ha.HaLoop");
        log.info("decision: {}", "acquire the leader key");
        log.warn("etcd is slow");

        List<String> lines = lines();
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.fieldNames()).toIterable().containsExactly("asctime", "levelname", "message", "app", "dc");
        assertThat(first.get("asctime").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}");
        assertThat(first.get("levelname").asText()).isEqualTo("INFO");
        assertThat(first.get("message").asText()).isEqualTo("decision: acquire the leader key");
        assertThat(first.get("app").asText()).isEqualTo("patroni");
        assertThat(first.get("dc").get("rack").asInt()).isEqualTo(7);
        assertThat(JSON.readTree(lines.get(1)).get("levelname").asText()).isEqualTo("WARNING");
    }

    @Test
    void jsonFieldsAreRenamedTypedAndAnExceptionGoesToExcInfo() throws IOException {
        Logging.install(ctx, json(List.of(new JsonField("message", "message"), new JsonField("module", "module"),
                new JsonField("asctime", "@timestamp"), new JsonField("levelname", "level"),
                new JsonField("levelno", "levelno"), new JsonField("process", "process"),
                new JsonField("created", "created"), new JsonField("nosuch", "nosuch")), Map.of()));
        ctx.getLogger("io.pgward.postgres.Postmaster").error("start failed", new IllegalStateException("boom"));

        JsonNode line = JSON.readTree(lines().get(0));
        assertThat(line.fieldNames()).toIterable().containsExactly("message", "module", "@timestamp", "level",
                "levelno", "process", "created", "nosuch", "exc_info");
        assertThat(line.get("module").asText()).isEqualTo("Postmaster");
        assertThat(line.get("level").asText()).isEqualTo("ERROR");
        assertThat(line.get("levelno").isIntegralNumber()).isTrue();
        assertThat(line.get("levelno").asInt()).isEqualTo(40);
        assertThat(line.get("process").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(line.get("created").isFloatingPointNumber()).isTrue();
        assertThat(line.get("nosuch").isNull()).isTrue();
        assertThat(line.get("exc_info").asText()).startsWith("java.lang.IllegalStateException: boom")
                .contains("\tat ");
    }

    @Test
    void plainLinesFollowAPythonFormatAndDateformat() throws IOException {
        Logging.install(ctx, config(LogConfig.Type.PLAIN, "%(asctime)s %(levelname)-8s [%(name)s] 100%% %(message)s",
                LogConfig.DEFAULT_JSON_FIELDS, "%d/%m/%Y %H:%M:%S", Map.of(), dir, 0600, 0, 0, false));
        ctx.getLogger("io.pgward.agent.Agent").warn("leader lost");

        assertThat(lines()).singleElement().asString()
                .matches("\\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d:\\d\\d WARNING  \\[io.pgward.agent.Agent] 100% leader lost");
    }

    @Test
    void withoutAFormatPlainLinesArePgwardsOwn() throws IOException {
        Logging.install(ctx, config(LogConfig.Type.PLAIN, null, LogConfig.DEFAULT_JSON_FIELDS, null, Map.of(), dir,
                0600, 0, 0, false));
        ctx.getLogger("io.pgward.agent.Agent").warn("leader lost");

        assertThat(lines()).singleElement().asString()
                .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  Agent: leader lost");
    }

    @Test
    void tracebackLevelDebugHidesStackTracesFromALoggerAtInfo() throws IOException {
        Logging.install(ctx, config(LogConfig.Type.PLAIN, "%(levelname)s %(message)s", LogConfig.DEFAULT_JSON_FIELDS,
                null, Map.of(), dir, 0600, 0, 0, true));
        ctx.getLogger("io.pgward.ha.HaLoop").error("HA cycle failed: boom", new IllegalStateException("boom"));

        assertThat(lines()).containsExactly("ERROR HA cycle failed: boom");
    }

    @Test
    void logFilesRotateBySizeKeepFileNumCopiesAndAreCreated0600() throws IOException {
        Logging.install(ctx, config(LogConfig.Type.PLAIN, "%(message)s", LogConfig.DEFAULT_JSON_FIELDS, null,
                Map.of(), dir, LogConfig.DEFAULT_MODE, 100, 3, false));
        Logger log = ctx.getLogger("io.pgward.ha.HaLoop");
        for (int i = 0; i < 40; i++) {
            log.info("line {} of forty, long enough", String.format("%02d", i));    // 30 bytes: 3 lines a file
        }

        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("patroni.log", "patroni.log.1", "patroni.log.2", "patroni.log.3");
        for (Path f : files) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                    .isEqualTo("rw-------");
            assertThat(Files.size(f)).as(f.toString()).isLessThan(100);
        }
        assertThat(lines()).last().asString().startsWith("line 39 ");
        assertThat(Files.readAllLines(dir.resolve("patroni.log.3"))).first().asString().startsWith("line 30 ");
    }

    @Test
    void logModeIsTheFilesModeWhateverTheUmask() throws IOException {
        Logging.install(ctx, config(LogConfig.Type.PLAIN, null, LogConfig.DEFAULT_JSON_FIELDS, null, Map.of(), dir,
                0664, 0, 0, false));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("patroni.log"))))
                .isEqualTo("rw-rw-r--");
    }

    @Test
    void reapplyingSwitchesTheOutputAndResetsLoggerLevels() throws IOException {
        LogConfig withLoggers = new LogConfig(LogConfig.Type.PLAIN, "DEBUG", false, "%(message)s",
                LogConfig.DEFAULT_JSON_FIELDS, null, Map.of(), dir, 0600, 0, 0, Map.of("org.example", "DEBUG"));
        Logging.install(ctx, withLoggers);
        assertThat(ctx.getLogger("org.example").isDebugEnabled()).isTrue();
        Path other = Files.createDirectory(dir.resolve("other"));
        Logging.install(ctx, new LogConfig(LogConfig.Type.PLAIN, null, false, "%(message)s",
                LogConfig.DEFAULT_JSON_FIELDS, null, Map.of(), other, 0600, 0, 0, Map.of()));
        ctx.getLogger("io.pgward.ha.HaLoop").info("after");

        assertThat(ctx.getLogger("org.example").isDebugEnabled()).isFalse();
        assertThat(lines()).isEmpty();
        assertThat(Files.readAllLines(other.resolve("patroni.log"))).containsExactly("after");
        int appenders = 0;
        for (var it = ctx.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders(); it.hasNext(); it.next()) {
            appenders++;
        }
        assertThat(appenders).isEqualTo(1);
    }
}
