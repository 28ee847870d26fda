package io.pgward.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

/** Plain lines: pgward's own, or a Python {@code log.format}; a stack trace follows on the next lines. */
final class LineLayout extends LayoutBase<ILoggingEvent> {

    private static final DateTimeFormatter PGWARD_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final Function<ILoggingEvent, String> line;
    private final Tracebacks tracebacks;

    private LineLayout(Function<ILoggingEvent, String> line, Tracebacks tracebacks) {
        this.line = line;
        this.tracebacks = tracebacks;
    }

    /** {@code 2024-05-01 12:00:00.123 INFO  HaLoop: message}: time, level, class, message. */
    static LineLayout pgward(Tracebacks tracebacks) {
        return new LineLayout(e -> PGWARD_TIME.format(e.getInstant()) + " " + String.format("%-5s", e.getLevel())
                + " " + e.getLoggerName().substring(e.getLoggerName().lastIndexOf('.') + 1) + ": "
                + e.getFormattedMessage(), tracebacks);
    }

    static LineLayout python(PythonFormat format, RecordAttributes attributes, Tracebacks tracebacks) {
        return new LineLayout(e -> format.render(name -> attributes.value(name, e)), tracebacks);
    }

    @Override
    public String doLayout(ILoggingEvent e) {
        String trace = tracebacks.of(e);
        return trace == null ? line.apply(e) + "\n" : line.apply(e) + "\n" + trace + "\n";
    }
}
