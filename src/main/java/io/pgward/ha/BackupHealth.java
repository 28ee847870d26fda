package io.pgward.ha;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the leader last learned of the backup repository from {@code pgbackrest info}: the newest backup of each type
 * and whether pgBackRest could read the stanza in every repository. The leader publishes it in its member key, so
 * every node and {@code pgward list} show the same record.
 *
 * @param checkedBy the member that asked pgBackRest (the leader at the time)
 * @param checkedAt when it asked
 * @param reachable pgBackRest read the stanza in every repository (status "ok" or "no valid backups")
 * @param error     why not (pgBackRest's status message per repository, or the command's failure); null when reachable
 * @param last      the newest backup of each type that exists; a type without one is absent
 */
public record BackupHealth(String checkedBy, Instant checkedAt, boolean reachable, String error,
                           Map<Type, Backup> last) {

    /** pgBackRest's backup types. */
    public enum Type {
        FULL, DIFF, INCR;

        /** As pgBackRest and the wire format spell it. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Type> parse(String text) {
            for (Type t : values()) {
                if (t.wire().equals(text)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    /** One backup: pgBackRest's label and when it ended. */
    public record Backup(String label, Instant stop) {}

    /** Longer errors are cut: the record is published in the member key every cycle. */
    public static final int MAX_ERROR = 1000;

    public BackupHealth {
        if (error != null && error.length() > MAX_ERROR) {
            error = error.substring(0, MAX_ERROR) + "...";
        }
        Map<Type, Backup> copy = new EnumMap<>(Type.class);
        copy.putAll(last);
        last = java.util.Collections.unmodifiableMap(copy);
    }

    /** A check that could not ask pgBackRest at all (the command failed or timed out). */
    public static BackupHealth failed(String checkedBy, Instant checkedAt, String error) {
        return new BackupHealth(checkedBy, checkedAt, false, error, Map.of());
    }

    /**
     * This check, with the backups {@code previous} knew filled in for the types this one could not see because the
     * repository was unreachable (they still exist as far as anyone knows).
     */
    public BackupHealth after(BackupHealth previous) {
        if (reachable || previous == null) {
            return this;
        }
        Map<Type, Backup> merged = new EnumMap<>(Type.class);
        merged.putAll(previous.last());
        merged.putAll(last);
        return new BackupHealth(checkedBy, checkedAt, false, error, merged);
    }

    /** A leader's check older than this is named with its age: the leader may have stopped checking. */
    public static final java.time.Duration STALE_AFTER = java.time.Duration.ofMinutes(5);

    /** Whether this check is older than {@link #STALE_AFTER} at {@code now}. */
    public boolean staleAt(Instant now) {
        return java.time.Duration.between(checkedAt, now).compareTo(STALE_AFTER) > 0;
    }

    /** Whether anything is known of the backups: a readable repository (even without backups) or an earlier look. */
    public boolean backupsKnown() {
        return reachable || !last.isEmpty();
    }
}
