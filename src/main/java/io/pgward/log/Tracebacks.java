package io.pgward.log;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;

/**
 * Patroni's {@code traceback_level}: ERROR (the default) writes an exception's stack trace under its line; DEBUG
 * writes it only where the logger is at DEBUG, so an operator at INFO sees the one-line message alone.
 */
final class Tracebacks {

    private final LoggerContext ctx;
    private final boolean atDebugOnly;

    Tracebacks(LoggerContext ctx, boolean atDebugOnly) {
        this.ctx = ctx;
        this.atDebugOnly = atDebugOnly;
    }

    /** The stack trace to write with {@code e}, without a final line break, or null. */
    String of(ILoggingEvent e) {
        IThrowableProxy t = e.getThrowableProxy();
        if (t == null || atDebugOnly && !ctx.getLogger(e.getLoggerName()).isDebugEnabled()) {
            return null;
        }
        return ThrowableProxyUtil.asString(t).stripTrailing();
    }
}
