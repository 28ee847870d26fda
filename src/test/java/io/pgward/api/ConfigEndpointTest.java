package io.pgward.api;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigEndpointTest {

    private final FakeOperations ops = new FakeOperations();
    private final ConfigEndpoint endpoint = new ConfigEndpoint(ops);

    @Test
    void validPatchIsMergedAndWrittenWithCompareAndSwap() {
        Reply r = endpoint.patch(Map.of("postgresql", Map.of("parameters", Map.of("work_mem", "8MB"))));
        assertThat(r.status()).isEqualTo(200);
        assertThat(ops.config).containsEntry("ttl", 30)
                .containsEntry("postgresql", Map.of("parameters", Map.of("work_mem", "8MB")));
        assertThat(ops.revision).isEqualTo(8);
        assertThat(ops.wakeups).isEqualTo(1);
    }

    @Test
    void nullInAPatchRemovesTheKey() {
        ops.config.put("pause", true);
        Map<String, Object> patch = new HashMap<>();
        patch.put("pause", null);
        assertThat(endpoint.patch(patch).status()).isEqualTo(200);
        assertThat(ops.config).doesNotContainKey("pause");
    }

    @Test
    void patchBreakingTheTimingRuleIsRefusedAndNothingIsWritten() {
        Reply r = endpoint.patch(Map.of("loop_wait", 20));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().toString()).contains("loop_wait").contains("etcd was not changed");
        assertThat(ops.revision).isEqualTo(7);
        assertThat(ops.config).containsEntry("loop_wait", 10);
    }

    @Test
    void patchWithAWrongTypeIsRefusedNamingTheField() {
        Reply r = endpoint.patch(Map.of("ttl", List.of(1, 2)));
        assertThat(r.status()).isEqualTo(400);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> problems = (List<Map<String, Object>>) ((Map<String, Object>) r.body()).get("problems");
        assertThat(problems).anySatisfy(p -> assertThat(p.get("path")).isEqualTo("ttl"));
    }

    @Test
    void patchWithAnInvalidPgHbaLineIsRefused() {
        Reply r = endpoint.patch(Map.of("postgresql", Map.of("pg_hba", List.of("host all all 10.0.0.0/33 md5"))));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().toString()).contains("pg_hba");
    }

    @Test
    void concurrentChangeGives409() {
        ops.casFails = true;
        assertThat(endpoint.patch(Map.of("ttl", 40)).status()).isEqualTo(409);
    }

    @Test
    void patchWithoutAConfigKeyGives503() {
        ops.config = null;
        assertThat(endpoint.patch(Map.of("ttl", 40)).status()).isEqualTo(503);
    }

    @Test
    void putReplacesTheWholeConfig() {
        Reply r = endpoint.put(Map.of("ttl", 40, "loop_wait", 5, "retry_timeout", 10));
        assertThat(r.status()).isEqualTo(200);
        assertThat(ops.config).isEqualTo(Map.of("ttl", 40, "loop_wait", 5, "retry_timeout", 10));
    }
}
