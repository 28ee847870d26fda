package io.pgward.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * The attributes of a Python log record that a {@code log.format} may name, taken from a Logback event. Where Java
 * has no exact counterpart the nearest is used: {@code module} is the logger's last name part (pgward names its
 * loggers after classes), {@code thread} is the thread's name, {@code processName} is "pgward". The caller's file,
 * function and line are looked up only when the format asks for them.
 */
public final class RecordAttributes {

    private static final Set<String> TEXT = Set.of("name", "levelname", "pathname", "filename", "module", "funcName",
            "asctime", "thread", "threadName", "processName", "message", "taskName");
    private static final Set<String> NUMBERS = Set.of("levelno", "lineno", "created", "msecs", "relativeCreated",
            "process");
    /** Python's default asctime: the comma before the milliseconds is Python's. */
    private static final DateTimeFormatter DEFAULT_ASCTIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS").withZone(ZoneId.systemDefault());
    private static final long PID = ProcessHandle.current().pid();

    private final Strftime dateFormat;

    /** @param dateFormat {@code log.dateformat}, or null for Python's default (with milliseconds) */
    RecordAttributes(String dateFormat) {
        this.dateFormat = dateFormat == null || dateFormat.isEmpty() ? null : Strftime.compile(dateFormat);
    }

    public static boolean known(String name) {
        return TEXT.contains(name) || NUMBERS.contains(name);
    }

    public static boolean numeric(String name) {
        return NUMBERS.contains(name);
    }

    /** The attribute's value: a String, Long, Double, or null (unknown attributes are null, as in Patroni's JSON). */
    Object value(String name, ILoggingEvent e) {
        return switch (name) {
            case "name" -> e.getLoggerName();
            case "levelname" -> levelName(e.getLevel());
            case "levelno" -> (long) levelNumber(e.getLevel());
            case "message" -> e.getFormattedMessage();
            case "asctime" -> asctime(e.getTimeStamp());
            case "created" -> e.getTimeStamp() / 1000.0;
            case "msecs" -> (double) (e.getTimeStamp() % 1000);
            case "relativeCreated" -> (double) (e.getTimeStamp() - e.getLoggerContextVO().getBirthTime());
            case "module" -> e.getLoggerName().substring(e.getLoggerName().lastIndexOf('.') + 1);
            case "thread", "threadName" -> e.getThreadName();
            case "process" -> PID;
            case "processName" -> "pgward";
            case "pathname", "filename", "funcName", "lineno" -> caller(name, e);
            default -> null;
        };
    }

    String asctime(long millis) {
        Instant t = Instant.ofEpochMilli(millis);
        return dateFormat == null ? DEFAULT_ASCTIME.format(t) : dateFormat.format(t);
    }

    private static Object caller(String name, ILoggingEvent e) {
        StackTraceElement[] callers = e.getCallerData();
        if (callers == null || callers.length == 0) {
            return null;
        }
        StackTraceElement c = callers[0];
        return switch (name) {
            case "pathname" -> c.getClassName().replace('.', '/') + ".java";
            case "filename" -> c.getFileName();
            case "funcName" -> c.getMethodName();
            default -> (long) c.getLineNumber();
        };
    }

    /** Python's level names: WARNING, not WARN. */
    static String levelName(Level level) {
        return level.toInt() == Level.WARN_INT ? "WARNING" : level.toString();
    }

    static int levelNumber(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> 40;
            case Level.WARN_INT -> 30;
            case Level.INFO_INT -> 20;
            case Level.DEBUG_INT -> 10;
            default -> 5;
        };
    }
}
