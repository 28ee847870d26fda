package io.pgward.postgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The fence's deadline kept next to the data directory, so that it survives the agent: an agent restarted after a
 * crash starts its fence armed where the previous one stood, instead of disarmed until its first renewal. The
 * deadline is absolute on the boot clock ({@code /proc/uptime}, the clock the fence itself reads) and tagged with the
 * boot id, so a deadline from before a reboot is never applied. The record names the etcd lease the deadline belongs
 * to: the fence a restarted agent starts with it revokes that lease, and no other, if that agent dies too.
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

    /** A recorded deadline: milliseconds left (negative: passed) and its lease (0: the record names none). */
    record Recorded(long remainingMillis, long lease) {}

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

    /**
     * PostgreSQL may stay up for {@code millis} more on {@code lease}: written before the fence is told, replaced
     * atomically.
     */
    void save(long millis, long lease) {
        String line = clock.bootId() + " " + (clock.uptimeMillis() + Math.max(0, millis)) + " " + Math.max(0, lease)
                + "\n";
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
     * The recorded deadline; empty when none is recorded, it is unreadable, or it belongs to an earlier boot. A record
     * without a valid lease (written before records named it) still counts as a deadline, with lease 0: stopping
     * PostgreSQL in time matters more than the takeover, which needs the lease.
     */
    Optional<Recorded> recorded() {
        String text;
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            log.warn("cannot read the fence deadline {}: {}", file, e.getMessage());
            return Optional.empty();
        }
        String[] parts = text.split(" ");
        if (parts.length < 2 || parts.length > 3 || !parts[0].equals(clock.bootId())) {
            return Optional.empty();
        }
        try {
            long remaining = Long.parseLong(parts[1]) - clock.uptimeMillis();
            return Optional.of(new Recorded(remaining, parts.length == 3 ? lease(parts[2]) : 0));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long lease(String text) {
        try {
            return Math.max(0, Long.parseLong(text));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
