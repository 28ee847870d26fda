package io.pgward.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgward.ha.DecisionHistory.Entry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The body of {@code GET /decisions}: oldest first, each {@code {"at": ISO-8601, "action": ..., "reason": ...}}. */
public final class DecisionsJson {
    private DecisionsJson() {}

    public static List<Map<String, Object>> write(List<Entry> entries) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", e.at() == null ? null : e.at().toString());
            m.put("action", e.action());
            m.put("reason", e.reason());
            out.add(m);
        }
        return out;
    }

    /**
     * Reads another agent's answer leniently: entries without a reason are skipped, an unreadable time is null. Not an
     * array: empty.
     */
    public static List<Entry> read(JsonNode body) {
        List<Entry> out = new ArrayList<>();
        if (body == null || !body.isArray()) {
            return out;
        }
        for (JsonNode e : body) {
            if (!e.hasNonNull("reason")) {
                continue;
            }
            Instant at = null;
            try {
                at = e.hasNonNull("at") ? Instant.parse(e.get("at").asText()) : null;
            } catch (RuntimeException ignored) {
                // shown as "at an unknown time"
            }
            out.add(new Entry(at, e.path("action").asText(""), e.get("reason").asText()));
        }
        return out;
    }
}
