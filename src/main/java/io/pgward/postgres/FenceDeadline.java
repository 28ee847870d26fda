package io.pgward.postgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;

/**
 * The fence's deadline kept next to the data directory, so that it survives the agent: an agent restarted after a
 * crash starts its fence armed where the previous one stood, instead of disarmed until its first renewal. The
 * deadline is absolute on the boot clock ({@code /proc/uptime}, the clock the fence itself reads) and tagged with the
 * boot id, so a deadline from before a reboot is never applied.
 */
final class FenceDeadline {

    private static final Logger log = LoggerFactory.getLogger(FenceDeadline.class);

    /** The machine's boot clock; replaced in tests. */
    interface BootClock {
        String bootId();

        long uptimeMillis();
    }

    static final BootClock SYSTEM = new BootClock() {
        @Override
        public String bootId() {
            try {
                return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
            } catch (IOException e) {
                return "unknown";
            }
        }

        @Override
        public long uptimeMillis() {
            try {
                String first = Files.readString(Path.of("/proc/uptime")).trim().split("\\s+")[0];
                return Math.round(Double.parseDouble(first) * 1000);
            } catch (IOException | NumberFormatException e) {
                throw new IllegalStateException("cannot read /proc/uptime: " + e.getMessage(), e);
            }
        }
    };

    private final Path file;
    private final BootClock clock;

    FenceDeadline(Path file, BootClock clock) {
        this.file = file;
        this.clock = clock;
    }

    static FenceDeadline of(Path dataDir) {
        return new FenceDeadline(dataDir.resolveSibling(dataDir.getFileName() + ".fence.deadline"), SYSTEM);
    }

    Path file() {
        return file;
    }

    /** PostgreSQL may stay up for {@code millis} more: written before the fence is told, replaced atomically. */
    void save(long millis) {
        String line = clock.bootId() + " " + (clock.uptimeMillis() + Math.max(0, millis)) + "\n";
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, line, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.error("cannot record the fence deadline in {} ({}): an agent restarted after a crash would start its"
                    + " fence disarmed", file, e.getMessage());
        }
    }

    void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot remove the fence deadline {}: {}", file, e.getMessage());
        }
    }

    /**
     * Milliseconds left before the recorded deadline, negative when it passed; empty when no deadline is recorded,
     * it is unreadable, or it belongs to an earlier boot.
     */
    OptionalLong remainingMillis() {
        String text;
        try {
            if (!Files.exists(file)) {
                return OptionalLong.empty();
            }
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            log.warn("cannot read the fence deadline {}: {}", file, e.getMessage());
            return OptionalLong.empty();
        }
        String[] parts = text.split(" ");
        if (parts.length != 2 || !parts[0].equals(clock.bootId())) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(parts[1]) - clock.uptimeMillis());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
