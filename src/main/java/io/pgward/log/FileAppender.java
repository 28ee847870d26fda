package io.pgward.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.Layout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes each event's line to a {@link RotatingFile} at once (no buffering: a crash loses no written line). */
final class FileAppender extends AppenderBase<ILoggingEvent> {

    private final RotatingFile file;
    private final Layout<ILoggingEvent> layout;

    FileAppender(RotatingFile file, Layout<ILoggingEvent> layout) {
        this.file = file;
        this.layout = layout;
    }

    @Override
    protected void append(ILoggingEvent e) {
        try {
            file.write(layout.doLayout(e).getBytes(StandardCharsets.UTF_8));
        } catch (IOException ex) {
            addError("cannot write to the log file", ex);
        }
    }

    @Override
    public void stop() {
        super.stop();
        try {
            file.close();
        } catch (IOException ex) {
            addError("cannot close the log file", ex);
        }
    }
}
