package io.pgward.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgward.ha.BackupHealth;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the output of {@code pgbackrest info --output=json} into a {@link BackupHealth} (pure). pgBackRest exits 0
 * also when it cannot read a repository: what went wrong is each repository's status code and message, so a
 * repository counts as reachable when its status is 0 (ok) or 2 (no valid backups).
 */
public final class InfoHealth {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> READABLE = Set.of(0, 2);
    private static final int MISSING_STANZA_PATH = 1;

    private InfoHealth() {}

    /** @param output what the command printed (warnings before the JSON are skipped) */
    public static BackupHealth parse(String output, String stanza, String checkedBy, Instant checkedAt) {
        Optional<JsonNode> info = json(output);
        if (info.isEmpty()) {
            return BackupHealth.failed(checkedBy, checkedAt, "pgbackrest info printed no JSON: " + shortened(output));
        }
        JsonNode st = null;
        for (JsonNode s : info.get()) {
            if (stanza.equals(s.path("name").asText())) {
                st = s;
            }
        }
        if (st == null) {
            return BackupHealth.failed(checkedBy, checkedAt, "pgbackrest info does not list stanza '" + stanza + "'");
        }
        List<String> errors = repositoryErrors(st, stanza);
        return new BackupHealth(checkedBy, checkedAt, errors.isEmpty(), errors.isEmpty() ? null
                : String.join("; ", errors), newestByType(st));
    }

    /**
     * One line per repository of the stanza (one of info's array) that pgBackRest could not read: "repoN: its
     * error".
     */
    public static List<String> repositoryErrors(JsonNode stanza, String name) {
        List<String> errors = new ArrayList<>();
        JsonNode repos = stanza.path("repo");
        if (repos.isEmpty()) {
            addError(errors, "stanza " + name, stanza.path("status"), name);
        }
        for (JsonNode repo : repos) {
            addError(errors, "repo" + repo.path("key").asInt(1), repo.path("status"), name);
        }
        return errors;
    }

    private static void addError(List<String> errors, String where, JsonNode status, String stanza) {
        int code = status.path("code").asInt(-1);
        if (READABLE.contains(code)) {
            return;
        }
        String message = status.path("message").asText("status " + code);
        if (code == MISSING_STANZA_PATH) {
            message += " (the repository has no directory for stanza '" + stanza + "': moved, not mounted, or the"
                    + " stanza was never created)";
        }
        errors.add(where + ": " + message);
    }

    /** The newest backup of each type; backups pgBackRest flags with errors (bad page checksums) do not count. */
    private static Map<BackupHealth.Type, BackupHealth.Backup> newestByType(JsonNode stanza) {
        Map<BackupHealth.Type, BackupHealth.Backup> newest = new EnumMap<>(BackupHealth.Type.class);
        for (JsonNode b : stanza.path("backup")) {
            Optional<BackupHealth.Type> type = BackupHealth.Type.parse(b.path("type").asText());
            if (type.isEmpty() || b.path("error").asBoolean(false) || !b.path("timestamp").path("stop").isNumber()) {
                continue;
            }
            var backup = new BackupHealth.Backup(b.path("label").asText(),
                    Instant.ofEpochSecond(b.path("timestamp").path("stop").asLong()));
            newest.merge(type.get(), backup, (a, c) -> c.stop().isAfter(a.stop()) ? c : a);
        }
        return newest;
    }

    /** The JSON array that starts at the first line beginning with '[' (pgBackRest may print warnings before it). */
    private static Optional<JsonNode> json(String output) {
        int start = output.startsWith("[") ? 0 : output.indexOf("\n[");
        if (start < 0) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(output.substring(start).strip());
            return node != null && node.isArray() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String shortened(String output) {
        String one = output.strip().replace('\n', ' ');
        return one.isEmpty() ? "(nothing)" : one.length() > 300 ? one.substring(0, 300) + "..." : one;
    }
}
