package io.pgward.api;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonMergePatchTest {
    @Test
    void rfc7386Semantics() {
        Map<String, Object> target = Map.of("a", "b", "c", Map.of("d", "e", "f", "g"));
        Map<String, Object> inner = new HashMap<>();
        inner.put("f", null);
        Map<String, Object> patch = new HashMap<>();
        patch.put("a", "z");
        patch.put("c", inner);
        patch.put("n", Map.of("x", 1));
        assertThat(JsonMergePatch.apply(target, patch))
                .isEqualTo(Map.of("a", "z", "c", Map.of("d", "e"), "n", Map.of("x", 1)));
    }
}
