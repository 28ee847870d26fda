package io.pgward.agent;

import io.pgward.config.DynamicConfig;
import io.pgward.config.PostgresqlConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DivergedDataPolicyTest {

    private static PostgresqlConfig local(String extraLines) {
        return TestNodes.config("/tmp/x/data", extraLines).postgresql();
    }

    private static DynamicConfig dynamic(Map<String, Object> postgresql) {
        return DynamicConfig.fromMap(Map.of("postgresql", postgresql));
    }

    @Test
    void unsetEverywhereClonesAfreshInBothCases() {
        var policy = DivergedDataPolicy.of(local(""), DynamicConfig.defaults());
        assertThat(policy.recloneAfterRewindFailure()).isTrue();
        assertThat(policy.recloneWhenCannotRewind()).isTrue();
        assertThat(policy.usePgRewind()).isFalse();
    }

    @Test
    void anExplicitFalseKeepsADivergedNodeStoppedAsPatroniDoes() {
        var policy = DivergedDataPolicy.of(local("""
                  remove_data_directory_on_rewind_failure: false
                  remove_data_directory_on_diverged_timelines: false
                """), DynamicConfig.defaults());
        assertThat(policy.recloneAfterRewindFailure()).isFalse();
        assertThat(policy.recloneWhenCannotRewind()).isFalse();
    }

    @Test
    void theDynamicConfigurationDecidesWhenTheFileIsSilent() {
        var policy = DivergedDataPolicy.of(local(""), dynamic(Map.of("use_pg_rewind", true,
                "remove_data_directory_on_rewind_failure", "off", "remove_data_directory_on_diverged_timelines", false)));
        assertThat(policy.usePgRewind()).isTrue();
        assertThat(policy.recloneAfterRewindFailure()).isFalse();
        assertThat(policy.recloneWhenCannotRewind()).isFalse();
    }

    @Test
    void theLocalFileWinsOverTheDynamicConfigurationAsInPatroni() {
        var policy = DivergedDataPolicy.of(local("""
                  use_pg_rewind: false
                  remove_data_directory_on_rewind_failure: true
                """), dynamic(Map.of("use_pg_rewind", true, "remove_data_directory_on_rewind_failure", false)));
        assertThat(policy.usePgRewind()).as("a node set locally not to rewind is not rewound").isFalse();
        assertThat(policy.recloneAfterRewindFailure()).isTrue();
    }
}
