package io.pgward.agent;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StoredConfigCheckTest {

    @Test
    void aRefusedSettingWrittenStraightIntoEtcdIsNamedOncePerRevision() {
        StoredConfigCheck check = new StoredConfigCheck();
        Map<String, Object> raw = Map.of("ttl", 30, "synchronous_mode", "quorum");
        assertThat(check.review(7, raw)).singleElement().satisfies(p -> {
            assertThat(p.isError()).isTrue();
            assertThat(p.path()).isEqualTo("synchronous_mode");
            assertThat(p.format()).contains("revision 7").contains("synchronous_mode: quorum is not implemented by pgward yet");
        });
        assertThat(check.review(7, raw)).as("the same revision again").isEmpty();
        assertThat(check.review(8, Map.of("ttl", 30))).isEmpty();
    }
}
