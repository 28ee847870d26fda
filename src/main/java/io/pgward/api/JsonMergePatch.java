package io.pgward.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 7386 JSON merge patch over plain maps: objects merge recursively, {@code null} removes a key. */
final class JsonMergePatch {
    private JsonMergePatch() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> apply(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> result = new LinkedHashMap<>(target);
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            Object value = e.getValue();
            if (value == null) {
                result.remove(e.getKey());
            } else if (value instanceof Map && result.get(e.getKey()) instanceof Map) {
                result.put(e.getKey(), apply((Map<String, Object>) result.get(e.getKey()), (Map<String, Object>) value));
            } else if (value instanceof Map) {
                result.put(e.getKey(), apply(Map.of(), (Map<String, Object>) value));
            } else {
                result.put(e.getKey(), value);
            }
        }
        return result;
    }
}
