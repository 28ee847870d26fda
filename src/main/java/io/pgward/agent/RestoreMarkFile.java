package io.pgward.agent;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.ha.RestoreMark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The node's {@link RestoreMark}, kept in {@code <data_dir>.restore} next to the data directory (moved aside too). */
final class RestoreMarkFile {

    private final Path file;

    RestoreMarkFile(Path dataDir) {
        this.file = dataDir.resolveSibling(dataDir.getFileName() + ".restore");
    }

    /** The mark, or null when there is none (or the file cannot be read: nothing is then assumed done). */
    RestoreMark read() {
        try {
            return Files.exists(file) ? RestoreMark.parse(Files.readString(file, StandardCharsets.UTF_8)) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Written whole or not at all (a rename), so a crash never leaves half a mark. */
    void write(RestoreMark mark) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, mark.text() + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PgwardException(Code.OS_FAILED, "cannot record the restore's progress in " + file + ": "
                    + e.getMessage(), e);
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new PgwardException(Code.OS_FAILED, "cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    Path path() {
        return file;
    }
}
