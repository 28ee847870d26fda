package io.pgward.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.pgward.config.TestConfigs.singleError;
import static io.pgward.config.TestConfigs.with;
import static org.assertj.core.api.Assertions.assertThat;

class ReplicaMethodsTest {

    @Test
    void withoutTheKeyReplicasAreCreatedWithBasebackupAlone() {
        Config c = TestConfigs.valid(TestConfigs.MINIMAL);

        assertThat(c.postgresql().createReplicaMethods()).containsExactly(ReplicaMethod.basebackup());
    }

    @Test
    void aCustomMethodKeepsItsCommandFlagsAndParametersInTheOrderWritten() {
        Config c = TestConfigs.valid(TestConfigs.MINIMAL + """
                  create_replica_methods: [pgbackrest, basebackup]
                  pgbackrest:
                    command: /usr/bin/pgbackrest --stanza=main --delta restore
                    keep_data: true
                    no_params: true
                    process-max: 4
                """);

        List<ReplicaMethod> methods = c.postgresql().createReplicaMethods();
        assertThat(methods).extracting(ReplicaMethod::name).containsExactly("pgbackrest", "basebackup");
        ReplicaMethod m = methods.get(0);
        assertThat(m.command()).isEqualTo("/usr/bin/pgbackrest --stanza=main --delta restore");
        assertThat(m.keepData()).isTrue();
        assertThat(m.noParams()).isTrue();
        assertThat(m.noLeader()).isFalse();
        assertThat(m.options()).containsExactly(Map.entry("keep_data", "True"), Map.entry("no_params", "True"),
                Map.entry("process-max", "4"));
    }

    @Test
    void patronisOldNoMasterFlagMeansNoLeader() {
        Config c = TestConfigs.valid(TestConfigs.MINIMAL + """
                  create_replica_methods: [wal_g]
                  wal_g:
                    command: wal-g backup-fetch
                    no_master: 1
                """);

        assertThat(c.postgresql().createReplicaMethods().get(0).noLeader()).isTrue();
    }

    @Test
    void aMethodWithoutSectionRunsItsNameAsTheCommand() {
        Config c = TestConfigs.valid(TestConfigs.MINIMAL + "  create_replica_methods: [my_clone]\n");

        ReplicaMethod m = c.postgresql().createReplicaMethods().get(0);
        assertThat(m.command()).isNull();
        assertThat(m.options()).isEmpty();
    }

    @Test
    void aNestedValueInAMethodSectionIsAnErrorAtItsPath() {
        Problem p = singleError(with("""
                  create_replica_methods: [restore]
                  restore:
                    command: restore.sh
                    env: {A: b}
                """));

        assertThat(p.path()).isEqualTo("postgresql.restore.env");
        assertThat(p.line()).isEqualTo(22);
        assertThat(p.message()).contains("expected a single value (it is passed as --env=value)");
    }

    @Test
    void anEmptyCommandIsAnError() {
        Problem p = singleError(with("""
                  create_replica_methods: [restore]
                  restore:
                    command: ""
                """));

        assertThat(p.path()).isEqualTo("postgresql.restore.command");
        assertThat(p.message()).contains("must not be empty");
    }
}
