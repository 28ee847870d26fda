package io.pgward.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logging set up in code (found by Logback through its service file): one line per event on stderr, pgward's own
 * loggers at {@code PGWARD_LOG_LEVEL} (default INFO), libraries at WARN. A {@code logback.xml} would make Logback
 * load an XML parser and its configuration framework, some 400 classes the agent would carry for its whole life.
 * A file named with {@code -Dlogback.configurationFile} still takes precedence.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{0}: %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(ctx);
        appender.setName("STDERR");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(appender);
        ctx.getLogger("io.pgward").setLevel(Level.toLevel(level(), Level.INFO));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Applies Patroni's {@code log.level} to pgward's loggers, unless PGWARD_LOG_LEVEL overrides it. Patroni's names
     * map to Logback's: WARNING is WARN, FATAL and CRITICAL are ERROR.
     */
    static void useConfiguredLevel(String patroniLevel) {
        if (patroniLevel == null || level() != null
                || !(org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        String mapped = switch (patroniLevel) {
            case "WARNING" -> "WARN";
            case "FATAL", "CRITICAL" -> "ERROR";
            default -> patroniLevel;
        };
        ctx.getLogger("io.pgward").setLevel(Level.toLevel(mapped, Level.INFO));
    }

    private static String level() {
        String fromProperty = System.getProperty("PGWARD_LOG_LEVEL");
        return fromProperty != null ? fromProperty : System.getenv("PGWARD_LOG_LEVEL");
    }
}
