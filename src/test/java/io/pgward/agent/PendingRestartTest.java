package io.pgward.agent;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PendingRestartTest {
    @Test
    void commandLineSettingThatDiffersFromTheRunningValueIsPending() {
        var reasons = PendingRestart.reasons(Map.of("max_connections", "200", "hot_standby", "on", "wal_level", "replica"),
                Map.of("max_connections", "100", "hot_standby", "on", "wal_level", "replica"), List.of());
        assertThat(reasons).containsOnlyKeys("max_connections");
        assertThat(reasons.get("max_connections")).isEqualTo(Map.of("old_value", "100", "new_value", "200"));
    }

    @Test
    void equivalentSpellingsAreNotPending() {
        assertThat(PendingRestart.reasons(Map.of("hot_standby", "true", "wal_level", "hot_standby"),
                Map.of("hot_standby", "on", "wal_level", "replica"), List.of())).isEmpty();
    }

    @Test
    void settingsPostgresReportsAreIncluded() {
        var reasons = PendingRestart.reasons(Map.of(), Map.of("shared_buffers", "16384"), List.of("shared_buffers"));
        assertThat(reasons).containsOnlyKeys("shared_buffers");
    }
}
