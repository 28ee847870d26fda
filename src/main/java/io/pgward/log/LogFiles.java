package io.pgward.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** File mechanics shared by pgward's own log and PostgreSQL's server log: creation with a mode, numbered copies. */
public final class LogFiles {

    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

    private LogFiles() {
    }

    public static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BITS.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(BITS[bit]);
            }
        }
        return set;
    }

    /**
     * Creates {@code file} empty with exactly {@code mode}: created with no more than the mode allows, then set to
     * the mode (the umask may have taken bits away) while it is still empty.
     */
    public static void createEmpty(Path file, int mode) throws IOException {
        Set<PosixFilePermission> perms = permissions(mode);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(perms));
        Files.setPosixFilePermissions(file, perms);
    }

    /**
     * Shifts {@code file.1 .. file.(keep-1)} one number up (dropping {@code file.keep}) and moves {@code file} to
     * {@code file.1}: Python's RotatingFileHandler naming, which Patroni's users know.
     */
    public static void shift(Path file, int keep) throws IOException {
        shiftCopies(file, keep);
        if (Files.exists(file)) {
            Files.move(file, numbered(file, 1), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Shifts {@code file.1 .. file.(keep-1)} one number up, dropping {@code file.keep}; {@code file.1} stays. */
    public static void shiftCopies(Path file, int keep) throws IOException {
        for (int i = keep - 1; i >= 1; i--) {
            Path from = numbered(file, i);
            if (Files.exists(from)) {
                Files.move(from, numbered(file, i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    public static Path numbered(Path file, int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }
}
