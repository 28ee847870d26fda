package io.pgward.log;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An append-only file rotated by size: when a write would take it to {@code maxBytes}, it becomes {@code file.1}
 * (older copies shift up, {@code keep} are kept) and a new file is created with {@code mode}. {@code maxBytes} or
 * {@code keep} 0 turns rotation off, as in Patroni. Not thread-safe: the appender serialises writes.
 */
final class RotatingFile implements AutoCloseable {

    private final Path file;
    private final int mode;
    private final long maxBytes;
    private final int keep;
    private OutputStream out;
    private long size;

    RotatingFile(Path file, int mode, long maxBytes, int keep) {
        this.file = file;
        this.mode = mode;
        this.maxBytes = maxBytes;
        this.keep = keep;
    }

    /**
     * Opens the file for appending. An existing file gets the configured mode before anything more is written to
     * it (a file left by an earlier run may have had another).
     */
    void open() throws IOException {
        if (Files.exists(file)) {
            Files.setPosixFilePermissions(file, LogFiles.permissions(mode));
        } else {
            LogFiles.createEmpty(file, mode);
        }
        out = new FileOutputStream(file.toFile(), true);
        size = Files.size(file);
    }

    void write(byte[] line) throws IOException {
        if (maxBytes > 0 && keep > 0 && size > 0 && size + line.length >= maxBytes) {
            out.close();
            LogFiles.shift(file, keep);
            LogFiles.createEmpty(file, mode);
            out = new FileOutputStream(file.toFile(), true);
            size = 0;
        }
        out.write(line);
        size += line.length;
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
