package io.pgward.backup;

import io.pgward.config.BackupConfig;
import io.pgward.config.BackupConfig.Scheduled;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which scheduled backup is due, from the schedule, the record of the slots already taken (kept in etcd) and the
 * time. Pure: the leader claims the new record in etcd before it runs anything, so each slot runs once in the whole
 * cluster, whichever node leads.
 * <p>
 * An entry seen for the first time starts at its latest slot without running it (adding a nightly schedule at noon
 * does not start a backup at once). Missed slots (the cluster was down) run once, not once per slot. When several
 * entries are due together, only the largest type runs (a full backup makes the incremental of the same minute moot).
 */
public final class BackupSchedule {

    /**
     * @param run    the backup to start now, if any
     * @param record the record of slots to store (equal to the one read when nothing changed)
     * @param why    one line: what is due and why, or why nothing is
     */
    public record Decision(Optional<Scheduled> run, Map<String, Instant> record, String why) {
        public boolean changed(Map<String, Instant> before) {
            return !record.equals(before);
        }
    }

    private BackupSchedule() {}

    public static Decision decide(List<Scheduled> schedule, Map<String, Instant> taken, Instant now) {
        Map<String, Instant> record = new LinkedHashMap<>();
        Scheduled run = null;
        Instant runSlot = null;
        StringBuilder started = new StringBuilder();
        for (Scheduled entry : schedule) {
            Optional<Instant> slot = entry.cron().latestAtOrBefore(now);
            Instant last = taken.get(entry.key());
            if (slot.isEmpty()) {
                if (last != null) {
                    record.put(entry.key(), last);
                }
                continue;
            }
            record.put(entry.key(), slot.get());
            if (last == null) {
                started.append(started.length() == 0 ? "" : "; ").append(entry.key()).append(" starts after ")
                        .append(slot.get());
            } else if (last.isBefore(slot.get()) && (run == null || larger(entry, run))) {
                run = entry;
                runSlot = slot.get();
            }
        }
        if (run != null) {
            return new Decision(Optional.of(run), record, "scheduled " + run.type() + " backup of " + runSlot + " ('"
                    + run.cron() + "') is due");
        }
        return new Decision(Optional.empty(), record, started.length() == 0 ? "no scheduled backup due"
                : "new schedule entries: " + started);
    }

    private static boolean larger(Scheduled a, Scheduled b) {
        return BackupConfig.SCHEDULE_TYPES.indexOf(a.type()) < BackupConfig.SCHEDULE_TYPES.indexOf(b.type());
    }
}
