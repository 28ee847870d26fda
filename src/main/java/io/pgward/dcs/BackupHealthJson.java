package io.pgward.dcs;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgward.ha.BackupHealth;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code backup} object of the leader's member key (pgward's own field; Patroni's tools ignore it), which
 * {@code GET /patroni} and {@code pgward list -f json} show too, there with each backup's age.
 */
public final class BackupHealthJson {

    private BackupHealthJson() {}

    /** As published in the member key. */
    public static Map<String, Object> write(BackupHealth h) {
        return write(h, null);
    }

    /** With {@code age_seconds} beside each backup's stop time when {@code now} is given. */
    public static Map<String, Object> write(BackupHealth h, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("checked_by", h.checkedBy());
        m.put("checked_at", h.checkedAt().toString());
        m.put("reachable", h.reachable());
        if (h.error() != null) {
            m.put("error", h.error());
        }
        Map<String, Object> last = new LinkedHashMap<>();
        h.last().forEach((type, b) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("label", b.label());
            one.put("stop", b.stop().toString());
            if (now != null) {
                one.put("age_seconds", Math.max(0, Duration.between(b.stop(), now).toSeconds()));
            }
            last.put(type.wire(), one);
        });
        m.put("last", last);
        return m;
    }

    /** The record in a member's JSON, or null when it has none or it cannot be read. */
    public static BackupHealth read(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        try {
            Map<BackupHealth.Type, BackupHealth.Backup> last = new EnumMap<>(BackupHealth.Type.class);
            node.path("last").fields().forEachRemaining(e -> BackupHealth.Type.parse(e.getKey()).ifPresent(t ->
                    last.put(t, new BackupHealth.Backup(e.getValue().path("label").asText(),
                            Instant.parse(e.getValue().path("stop").asText())))));
            String error = node.path("error").isTextual() ? node.path("error").asText() : null;
            return new BackupHealth(node.path("checked_by").asText(""), Instant.parse(node.path("checked_at").asText()),
                    node.path("reachable").asBoolean(false), error, last);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
