package io.pgward.agent;

import io.pgward.config.ConfigLoader;
import io.pgward.config.DynamicConfig;
import io.pgward.config.PostgresqlConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DivergedDataPolicyTest {

    private static PostgresqlConfig local(String extraLines) {
        String yaml = """
                scope: demo
                name: n1
                restapi: {listen: 127.0.0.1:8008, connect_address: 127.0.0.1:8008}
                etcd3: {hosts: 127.0.0.1:2379}
                postgresql:
                  listen: 127.0.0.1:5432
                  connect_address: 127.0.0.1:5432
                  data_dir: /tmp/x/data
                  authentication:
                    superuser: {username: postgres, password: a}
                    replication: {username: repl, password: b}
                %s""".formatted(extraLines);
        return ConfigLoader.loadString(yaml, "n1.yml", Map.of()).configOrThrow().postgresql();
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
