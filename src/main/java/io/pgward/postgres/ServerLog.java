package io.pgward.postgres;

import io.pgward.log.LogFiles;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What PostgreSQL writes to standard error, kept in {@code <data_dir>.postgres.log} next to the data directory:
 * created 0600 and given to PostgreSQL's user before the postmaster writes a byte, and rotated by size, keeping
 * {@code keep} numbered copies ({@code .1} the newest).
 *
 * <p>The postmaster holds the file open for its whole life and cannot be told to reopen it, so a running server's
 * log is rotated by copying it to {@code .1} and truncating it in place (it was opened for appending, so the next
 * line lands at the new start). A line written between the last copied byte and the truncation is lost; the copy is
 * repeated until it has caught up, which leaves a window of microseconds. Before a start the file is simply renamed.
 */
public final class ServerLog {

    static final int MODE = 0600;

    private final Path file;
    private final OsUser user;
    private volatile long maxBytes;
    private volatile int keep;

    public ServerLog(Path file, OsUser user, long maxBytes, int keep) {
        this.file = file;
        this.user = user;
        limits(maxBytes, keep);
    }

    public Path file() {
        return file;
    }

    /** Size after which the log is rotated and copies kept; either 0 turns rotation off. */
    public void limits(long maxBytes, int keep) {
        this.maxBytes = maxBytes;
        this.keep = keep;
    }

    private boolean over() throws IOException {
        return maxBytes > 0 && keep > 0 && Files.exists(file) && Files.size(file) >= maxBytes;
    }

    /**
     * Before the postmaster starts: a log over the size limit is moved to {@code .1}; the file then exists, empty
     * or not, with mode 0600 (a file left by an older version with a wider mode is narrowed before more is added).
     */
    synchronized void prepareForStart() throws IOException {
        if (over()) {
            LogFiles.shift(file, keep);
        }
        if (Files.exists(file)) {
            Files.setPosixFilePermissions(file, LogFiles.permissions(MODE));
        } else {
            LogFiles.createEmpty(file, MODE);
        }
        user.own(file);
    }

    /** While the postmaster runs: copy-and-truncate once the log reached the size limit; true if it did. */
    public synchronized boolean rotateIfOver() throws IOException {
        if (!over()) {
            return false;
        }
        LogFiles.shiftCopies(file, keep);
        Path first = LogFiles.numbered(file, 1);
        Files.deleteIfExists(first);
        LogFiles.createEmpty(first, MODE);
        user.own(first);
        try (FileChannel log = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileChannel copy = FileChannel.open(first, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            long copied = 0;
            long size;
            while ((size = log.size()) > copied) {
                copied += log.transferTo(copied, size - copied, copy);
            }
            log.truncate(0);
        }
        return true;
    }
}
