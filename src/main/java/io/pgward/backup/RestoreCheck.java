package io.pgward.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a restore target against the repository ({@code pgbackrest info --output=json}) before anything is stopped,
 * and turns it into the recovery settings of the bootstrap: a target before the oldest backup's end, after now, or
 * beyond the archive is refused with the range that is possible.
 */
public final class RestoreCheck {

    /** PostgreSQL's default WAL segment size; pgBackRest's info does not name the cluster's. */
    static final long SEGMENT_BYTES = 16L * 1024 * 1024;

    /**
     * @param recoveryConf the recovery settings (recovery_target_*), empty for the end of the archive
     * @param backupSet    the backup pgBackRest restores ({@code --set}): the newest that ends by the target; null for
     *                     the end of the archive (the newest backup)
     */
    public record Plan(Map<String, String> recoveryConf, String backupSet, String description) {}

    private record Backup(String label, Instant stop, long lsnStop) {}

    private RestoreCheck() {}

    public static Plan check(RestoreTarget target, JsonNode info, String stanza, Instant now) {
        JsonNode st = stanza(info, stanza);
        List<Backup> backups = backups(st);
        if (backups.isEmpty()) {
            throw refused("the repository has no backup of stanza '" + stanza + "': take one (pgward backup --type full)");
        }
        Backup oldest = backups.get(0);
        Map<String, String> conf = new LinkedHashMap<>();
        if (target instanceof RestoreTarget.Latest) {
            return new Plan(conf, null, "the end of the archive (after backup " + backups.get(backups.size() - 1).label() + ")");
        }
        if (target instanceof RestoreTarget.Label l) {
            if (backups.stream().noneMatch(b -> b.label().equals(l.label()))) {
                throw refused("no backup " + l.label() + " in the repository; it has " + String.join(", ",
                        backups.stream().map(Backup::label).toList()));
            }
            conf.put("recovery_target", "immediate");
            conf.put("recovery_target_action", "promote");
            return new Plan(conf, l.label(), "backup " + l.label() + " (its consistent end, no WAL after it)");
        }
        if (target instanceof RestoreTarget.Time t) {
            if (t.at().isBefore(oldest.stop())) {
                throw refused("--to " + t.at() + " is before the end of the oldest backup (" + oldest.label() + ", ended "
                        + oldest.stop() + "): the earliest possible target is " + oldest.stop());
            }
            if (t.at().isAfter(now)) {
                throw refused("--to " + t.at() + " is in the future (now " + now + "); use --to latest for the end of"
                        + " the archive");
            }
            conf.put("recovery_target_time", postgresTime(t.at()));
            conf.put("recovery_target_action", "promote");
            return new Plan(conf, newestEndingBy(backups, b -> !b.stop().isAfter(t.at())), "time " + t.at());
        }
        long lsn = ((RestoreTarget.Lsn) target).lsn();
        if (lsn < oldest.lsnStop()) {
            throw refused("--to " + RestoreTarget.lsnText(lsn) + " is before the end of the oldest backup ("
                    + oldest.label() + ", " + RestoreTarget.lsnText(oldest.lsnStop()) + ")");
        }
        long archiveEnd = archiveEnd(st);
        if (archiveEnd >= 0 && lsn > archiveEnd) {
            throw refused("--to " + RestoreTarget.lsnText(lsn) + " is beyond the end of the archive ("
                    + RestoreTarget.lsnText(archiveEnd) + ")");
        }
        conf.put("recovery_target_lsn", RestoreTarget.lsnText(lsn));
        conf.put("recovery_target_action", "promote");
        return new Plan(conf, newestEndingBy(backups, b -> b.lsnStop() <= lsn), "LSN " + RestoreTarget.lsnText(lsn));
    }

    private static final java.time.format.DateTimeFormatter POSTGRES_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(java.time.ZoneOffset.UTC);

    /** A time as recovery_target_time takes it: PostgreSQL refuses ISO-8601's "T" and "Z" there. */
    static String postgresTime(Instant at) {
        return POSTGRES_TIME.format(at) + "+00";
    }

    /**
     * The newest backup that ends by the target: named explicitly, as a newer backup (past the target) cannot
     * recover back to it and pgBackRest would take the newest by default.
     */
    private static String newestEndingBy(List<Backup> backups, java.util.function.Predicate<Backup> endsByTarget) {
        String label = null;
        for (Backup b : backups) {
            if (endsByTarget.test(b)) {
                label = b.label();
            }
        }
        return label;
    }

    private static JsonNode stanza(JsonNode info, String name) {
        for (JsonNode s : info) {
            if (name.equals(s.path("name").asText())) {
                return s;
            }
        }
        throw refused("the repository has no stanza '" + name + "'");
    }

    private static List<Backup> backups(JsonNode stanza) {
        List<Backup> list = new ArrayList<>();
        for (JsonNode b : stanza.path("backup")) {
            if (b.path("error").asBoolean(false)) {
                continue;
            }
            list.add(new Backup(b.path("label").asText(), Instant.ofEpochSecond(b.path("timestamp").path("stop").asLong()),
                    parseLsn(b.path("lsn").path("stop").asText("0/0"))));
        }
        list.sort(java.util.Comparator.comparing(Backup::stop));
        return list;
    }

    /** The end of the newest WAL segment in the archive, or -1 when it names none. */
    static long archiveEnd(JsonNode stanza) {
        long end = -1;
        for (JsonNode a : stanza.path("archive")) {
            String max = a.path("max").asText("");
            if (max.length() == 24) {
                long log = Long.parseLong(max.substring(8, 16), 16);
                long seg = Long.parseLong(max.substring(16, 24), 16);
                end = Math.max(end, (log << 32) + (seg + 1) * SEGMENT_BYTES - 1);
            }
        }
        return end;
    }

    private static long parseLsn(String text) {
        RestoreTarget t = RestoreTarget.parse(text);
        return t instanceof RestoreTarget.Lsn l ? l.lsn() : 0;
    }

    private static PgwardException refused(String why) {
        return new PgwardException(Code.BAD_REQUEST, "restore refused before anything was stopped: " + why);
    }
}
