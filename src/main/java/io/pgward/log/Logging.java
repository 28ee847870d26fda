package io.pgward.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.config.LogConfig;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Puts Patroni's {@code log} section into effect: where lines go (standard error, or {@code patroni.log} in
 * {@code log.dir} rotated by size), their shape (pgward's line, a Python format, or JSON), and levels. pgward's own
 * loggers take {@code log.level} (PGWARD_LOG_LEVEL overrides it), libraries stay at WARN unless {@code log.loggers}
 * says otherwise. Applying again (a reload) swaps the output only once the new one is open.
 */
public final class Logging {

    static final String APPENDER = "pgward";
    private static final Set<String> configuredLoggers = new HashSet<>();

    private Logging() {
    }

    /**
     * @throws PgwardException (OS_FAILED) when the log file cannot be opened; the previous output then stays.
     *                         Nothing happens when a Logback file given with -Dlogback.configurationFile rules.
     */
    public static synchronized void apply(LogConfig config) {
        if (System.getProperty("logback.configurationFile") != null
                || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        install(ctx, config);
    }

    static synchronized void install(LoggerContext ctx, LogConfig config) {
        Appender<ILoggingEvent> appender = appender(ctx, config);
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> old = root.getAppender(APPENDER);
        root.addAppender(appender);
        if (old != null) {
            root.detachAppender(old);
            old.stop();
        }
        root.setLevel(Level.WARN);
        String level = envLevel() != null ? envLevel() : config.level();
        ctx.getLogger("io.pgward").setLevel(Level.toLevel(level, Level.INFO));
        for (String name : configuredLoggers) {
            ctx.getLogger(name).setLevel(null);
        }
        configuredLoggers.clear();
        config.loggers().forEach((name, lvl) -> {
            ctx.getLogger(name).setLevel(lvl == null ? null : Level.toLevel(lvl));
            configuredLoggers.add(name);
        });
    }

    private static Appender<ILoggingEvent> appender(LoggerContext ctx, LogConfig config) {
        Layout<ILoggingEvent> layout = layout(ctx, config);
        layout.setContext(ctx);
        layout.start();
        Appender<ILoggingEvent> appender;
        if (config.dir() == null) {
            LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
            encoder.setContext(ctx);
            encoder.setLayout(layout);
            encoder.setCharset(StandardCharsets.UTF_8);
            encoder.start();
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setTarget("System.err");
            console.setEncoder(encoder);
            appender = console;
        } else {
            RotatingFile file = new RotatingFile(config.file(), config.mode(), config.fileSize(), config.fileNum());
            try {
                file.open();
            } catch (IOException | UnsupportedOperationException e) {
                throw new PgwardException(Code.OS_FAILED, "cannot open the log file " + config.file() + " (log.dir): "
                        + e.getMessage() + "; check that the directory exists and the agent's user may write there", e);
            }
            appender = new FileAppender(file, layout);
        }
        appender.setContext(ctx);
        appender.setName(APPENDER);
        appender.start();
        return appender;
    }

    private static Layout<ILoggingEvent> layout(LoggerContext ctx, LogConfig config) {
        Tracebacks tracebacks = new Tracebacks(ctx, config.tracebackAtDebugOnly());
        RecordAttributes attributes = new RecordAttributes(config.dateFormat());
        if (config.type() == LogConfig.Type.JSON) {
            return new JsonLayout(config.jsonFields(), config.staticFields(), attributes, tracebacks);
        }
        if (config.plainFormat() == null) {
            return LineLayout.pgward(tracebacks);
        }
        return LineLayout.python(PythonFormat.parse(config.plainFormat()), attributes, tracebacks);
    }

    private static String envLevel() {
        String fromProperty = System.getProperty("PGWARD_LOG_LEVEL");
        return fromProperty != null ? fromProperty : System.getenv("PGWARD_LOG_LEVEL");
    }
}
