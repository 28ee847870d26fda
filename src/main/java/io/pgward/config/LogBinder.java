package io.pgward.config;

import io.pgward.log.PythonFormat;
import io.pgward.log.RecordAttributes;
import io.pgward.log.Strftime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads Patroni's {@code log} section into a {@link LogConfig}. */
final class LogBinder {

    private static final List<String> LEVELS = List.of("DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL", "CRITICAL");

    private LogBinder() {
    }

    static LogConfig bind(Section log) {
        LogConfig d = LogConfig.defaults();
        boolean json = "json".equals(log.oneOf("type", true, List.of("plain", "json")));
        String level = logbackLevel(log.oneOf("level", true, LEVELS));
        boolean tracebackAtDebugOnly = "DEBUG".equals(log.oneOf("traceback_level", false, List.of("DEBUG", "ERROR")));
        String dateFormat = dateFormat(log);
        Map<String, Object> staticFields = log.anyMapping("static_fields");
        if (staticFields != null && !json) {
            log.warning("static_fields", "static_fields are written only in JSON lines (type: json), as in Patroni;"
                    + " plain lines leave them out");
        }
        String plainFormat = null;
        List<LogConfig.JsonField> jsonFields = d.jsonFields();
        if (json) {
            jsonFields = jsonFields(log, jsonFields);
        } else {
            plainFormat = plainFormat(log);
        }
        log.integer("max_queue_size", 1, Integer.MAX_VALUE);
        log.unused("max_queue_size", "pgward writes each line when it is logged, without an in-memory queue");
        Path dir = dir(log);
        int mode = mode(log, d.mode());
        long fileSize = integer(log, "file_size", d.fileSize());
        int fileNum = (int) integer(log, "file_num", d.fileNum());
        // pgward logs a decision at INFO only when it changes (repeats at DEBUG): what true asks for, always
        log.bool("deduplicate_heartbeat_logs");
        Map<String, String> loggers = loggers(log);
        log.finish();
        return new LogConfig(json ? LogConfig.Type.JSON : LogConfig.Type.PLAIN, level, tracebackAtDebugOnly,
                plainFormat, jsonFields, dateFormat, staticFields, dir, mode, fileSize, fileNum, loggers);
    }

    /** Patroni's level names as Logback's: WARNING is WARN, FATAL and CRITICAL are ERROR. */
    static String logbackLevel(String patroni) {
        if (patroni == null) {
            return null;
        }
        return switch (patroni) {
            case "WARNING" -> "WARN";
            case "FATAL", "CRITICAL" -> "ERROR";
            default -> patroni;
        };
    }

    private static long integer(Section log, String key, long defaultValue) {
        YNode node = log.node(key);
        if (node instanceof YNode.Scalar s && PlainValues.parseLong(s.value()).orElse(0L) < 0) {
            log.error(key, key + " must not be negative, found " + s.text() + " (0 turns rotation off, as in Patroni)");
            return defaultValue;
        }
        Long value = log.integer(key, 0, key.equals("file_num") ? Integer.MAX_VALUE : Long.MAX_VALUE);
        return value == null ? defaultValue : value;
    }

    /**
     * Permissions, as Patroni reads them: a YAML integer (YAML 1.1 reads {@code 0640} as octal), or text read like
     * C's strtol with base 0, so {@code PATRONI_LOG_MODE=0640} is octal too.
     */
    private static int mode(Section log, int defaultValue) {
        YNode node = log.node("mode");
        if (node instanceof YNode.Scalar s && s.value() instanceof String text && text.strip().matches("0[0-7]+")) {
            int value = Integer.parseInt(text.strip(), 8);
            if (value > 0777) {
                log.error("mode", "must be between 0 and 0777, found " + text.strip());
                return defaultValue;
            }
            return value;
        }
        return log.integer("mode", defaultValue, 0, 511);
    }

    private static String dateFormat(Section log) {
        String value = log.string("dateformat");
        if (value == null || value.isEmpty()) {
            return null;
        }
        List<String> unsupported = Strftime.unsupported(value);
        if (!unsupported.isEmpty()) {
            log.warning("dateformat", "pgward has no equivalent for " + String.join(", ", unsupported)
                    + " and writes it as is; supported: %a %A %b %B %d %e %H %I %j %m %M %p %S %y %Y %z %Z %F %T %D %R");
        }
        return value;
    }

    private static String plainFormat(Section log) {
        YNode node = log.node("format");
        if (node == null) {
            return null;
        }
        if (!(node instanceof YNode.Scalar s)) {
            if (node instanceof YNode.Sequence) {
                log.warning("format", "a list of fields is a format for type: json; plain lines use the default"
                        + " format, as in Patroni");
            } else {
                log.error("format", "expected a string or a list, found " + YNode.describe(node));
            }
            return null;
        }
        PythonFormat format;
        try {
            format = PythonFormat.parse(s.text());
        } catch (IllegalArgumentException e) {
            log.error("format", e.getMessage());
            return null;
        }
        for (String name : format.names()) {
            if (!RecordAttributes.known(name)) {
                log.error("format", "%(" + name + ") is not a log record attribute (Python would fail on every line);"
                        + " known: asctime, levelname, levelno, message, name, module, funcName, lineno, filename,"
                        + " pathname, thread, threadName, process, processName, created, msecs, relativeCreated");
                return null;
            }
        }
        for (String name : format.numericNames()) {
            if (!RecordAttributes.numeric(name)) {
                log.error("format", "%(" + name + ") is text: use the conversion s, e.g. %(" + name + ")s");
                return null;
            }
        }
        return s.text();
    }

    private static List<LogConfig.JsonField> jsonFields(Section log, List<LogConfig.JsonField> defaults) {
        YNode node = log.node("format");
        List<LogConfig.JsonField> fields = new ArrayList<>();
        if (node == null) {
            return defaults;
        }
        if (node instanceof YNode.Scalar s) {
            PythonFormat.names(s.text()).forEach(n -> fields.add(new LogConfig.JsonField(n, n)));
        } else if (node instanceof YNode.Sequence seq) {
            if (seq.items().isEmpty()) {
                log.error("format", "the list of fields is empty: name at least one, e.g. [asctime, levelname, message]");
                return defaults;
            }
            for (int i = 0; i < seq.items().size(); i++) {
                jsonField(log, i, seq.items().get(i), fields);
            }
        } else {
            log.error("format", "expected a string or a list, found " + YNode.describe(node));
            return defaults;
        }
        List<String> unknown = fields.stream().map(LogConfig.JsonField::name).filter(n -> !RecordAttributes.known(n))
                .distinct().toList();
        if (!unknown.isEmpty()) {
            log.warning("format", String.join(", ", unknown) + (unknown.size() == 1 ? " is" : " are")
                    + " not a log record attribute: written as null, as in Patroni");
        }
        return fields.isEmpty() ? defaults : fields;
    }

    private static void jsonField(Section log, int i, YNode item, List<LogConfig.JsonField> fields) {
        String where = log.path("format") + "[" + i + "]";
        if (item instanceof YNode.Scalar s && !s.isNull()) {
            fields.add(new LogConfig.JsonField(s.text(), s.text()));
            return;
        }
        if (item instanceof YNode.Mapping m && !m.entries().isEmpty()) {
            for (YNode.Entry e : m.entries().values()) {
                if (e.value() instanceof YNode.Scalar v && !v.isNull()) {
                    fields.add(new LogConfig.JsonField(e.key(), v.text()));
                } else {
                    log.problems().error(e.value().origin(), where + "." + e.key(), "expected the field's new name"
                            + " (a string), found " + YNode.describe(e.value()));
                }
            }
            return;
        }
        log.problems().error(item.origin(), where, "expected a field name or {field: new name}, found "
                + YNode.describe(item));
    }

    private static Path dir(Section log) {
        String dir = log.file("dir", FileChecks.Kind.WRITABLE_DIRECTORY);
        if (dir == null) {
            return null;
        }
        if (dir.isBlank()) {
            log.error("dir", "must not be empty: name the directory for " + LogConfig.FILE_NAME
                    + ", or leave dir out to log to standard error");
            return null;
        }
        try {
            return Path.of(dir);
        } catch (java.nio.file.InvalidPathException e) {
            log.error("dir", "'" + dir + "' is not a valid path");
            return null;
        }
    }

    private static Map<String, String> loggers(Section log) {
        Map<String, String> result = new LinkedHashMap<>();
        YNode node = log.node("loggers");
        if (node == null) {
            return result;
        }
        if (!(node instanceof YNode.Mapping m)) {
            log.error("loggers", "expected a mapping of logger name to level, found " + YNode.describe(node));
            return result;
        }
        List<String> pythonNames = new ArrayList<>();
        for (YNode.Entry e : m.entries().values()) {
            String path = log.path("loggers") + "." + e.key();
            Object value = e.value() instanceof YNode.Scalar s ? s.value() : null;
            String level = loggerLevel(value);
            if (level == null) {
                log.problems().error(e.value().origin(), path, "expected a level (DEBUG, INFO, WARNING, ERROR,"
                        + " CRITICAL, NOTSET or a number), found " + YNode.describe(e.value()));
                continue;
            }
            result.put(e.key(), level.equals("NOTSET") ? null : level);
            if (e.key().equals("patroni") || e.key().startsWith("patroni.") || e.key().startsWith("urllib3")) {
                pythonNames.add(e.key());
            }
        }
        if (!pythonNames.isEmpty()) {
            log.warning("loggers", String.join(", ", pythonNames) + ": accepted for compatibility, not used by"
                    + " pgward (Patroni's Python loggers do not exist in pgward: its loggers are named after its Java"
                    + " classes and packages, e.g. io.pgward.postgres.Postmaster or io.pgward.ha)");
        }
        return result;
    }

    /** A level Python's setLevel takes, as Logback's name; NOTSET for "inherit"; null when invalid. */
    private static String loggerLevel(Object value) {
        if (value instanceof Number n) {
            int v = n.intValue();
            return v <= 0 ? "NOTSET" : v <= 10 ? "DEBUG" : v <= 20 ? "INFO" : v <= 30 ? "WARN" : "ERROR";
        }
        if (value instanceof String s) {
            return s.equals("NOTSET") ? "NOTSET" : LEVELS.contains(s) ? logbackLevel(s) : null;
        }
        return null;
    }
}
