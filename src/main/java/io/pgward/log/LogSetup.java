package io.pgward.log;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.pgward.config.LogConfig;

/**
 * Logging set up in code (found by Logback through its service file) until the configuration is read: pgward's
 * line on standard error, pgward's loggers at {@code PGWARD_LOG_LEVEL} (default INFO), libraries at WARN. A
 * {@code logback.xml} would make Logback load an XML parser and its configuration framework, some 400 classes the
 * agent would carry for its whole life. A file named with {@code -Dlogback.configurationFile} still takes precedence.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Logging.install(ctx, LogConfig.defaults());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
