package io.pgward.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Patroni's {@code log} section, validated.
 *
 * @param level        Logback's name of {@code log.level} (WARNING is WARN, FATAL and CRITICAL are ERROR), or null
 * @param tracebackAtDebugOnly {@code traceback_level: DEBUG}: stack traces only where the logger is at DEBUG
 * @param plainFormat  a Python format string for plain lines, or null for pgward's own line
 * @param jsonFields   the fields of a JSON line, in order (Patroni's default: asctime, levelname, message)
 * @param dateFormat   a strftime pattern for asctime, or null for Python's default
 * @param dir          where {@link #FILE_NAME} is written, or null for standard error
 * @param mode         permissions of the files created in {@code dir}
 * @param fileSize     bytes after which a file is rotated; 0: never (also used for PostgreSQL's server log)
 * @param fileNum      rotated files kept; 0: never rotated (also used for PostgreSQL's server log)
 * @param loggers      level by logger name, in Logback's names; null (Python's NOTSET) inherits
 */
public record LogConfig(Type type, String level, boolean tracebackAtDebugOnly, String plainFormat,
                        List<JsonField> jsonFields, String dateFormat, Map<String, Object> staticFields, Path dir,
                        int mode, long fileSize, int fileNum, Map<String, String> loggers) {

    public enum Type { PLAIN, JSON }

    /** One field of a JSON line: the record attribute {@code name}, written under {@code key}. */
    public record JsonField(String name, String key) {}

    /** Patroni's name for its own log file in {@code log.dir}. */
    public static final String FILE_NAME = "patroni.log";
    public static final long DEFAULT_FILE_SIZE = 25_000_000;
    public static final int DEFAULT_FILE_NUM = 4;
    /** pgward's default for created log files, where Patroni takes 0666 minus the umask. */
    public static final int DEFAULT_MODE = 0600;
    public static final List<JsonField> DEFAULT_JSON_FIELDS = List.of(new JsonField("asctime", "asctime"),
            new JsonField("levelname", "levelname"), new JsonField("message", "message"));

    public LogConfig {
        jsonFields = List.copyOf(jsonFields);
        staticFields = staticFields == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(staticFields));
        loggers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(loggers));
    }

    public static LogConfig defaults() {
        return new LogConfig(Type.PLAIN, null, false, null, DEFAULT_JSON_FIELDS, null, Map.of(), null, DEFAULT_MODE,
                DEFAULT_FILE_SIZE, DEFAULT_FILE_NUM, Map.of());
    }

    /** The log file, or null when pgward logs to standard error. */
    public Path file() {
        return dir == null ? null : dir.resolve(FILE_NAME);
    }
}
