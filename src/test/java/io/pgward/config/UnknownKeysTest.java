package io.pgward.config;

import static io.pgward.config.TestConfigs.assertError;
import static io.pgward.config.TestConfigs.singleError;
import static io.pgward.config.TestConfigs.valid;
import static io.pgward.config.TestConfigs.with;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnknownKeysTest {

    @Test
    void misspeltDynamicKeyGetsASuggestion() {
        Problem p = singleError(with("""
                bootstrap:
                  dcs:
                    loop_wiat: 10
                """));

        assertError(p, 21, "bootstrap.dcs.loop_wiat");
        assertThat(p.message()).isEqualTo("unknown key 'loop_wiat' (did you mean 'loop_wait'?)");
        assertThat(p.format()).isEqualTo(
                "node1.yml:21: error: bootstrap.dcs.loop_wiat: unknown key 'loop_wiat' (did you mean 'loop_wait'?)");
    }

    @Test
    void misspeltTopLevelKey() {
        Problem p = singleError(with("tgas:\n  nofailover: true\n"));

        assertError(p, 19, "tgas", "unknown key 'tgas' (did you mean 'tags'?)");
    }

    @Test
    void misspeltPostgresqlKey() {
        Problem p = singleError(with("  pg_ctl_timout: 30\n"));

        assertError(p, 19, "postgresql.pg_ctl_timout", "unknown key 'pg_ctl_timout' (did you mean 'pg_ctl_timeout'?)");
    }

    @Test
    void prefixOfAKnownKeyIsSuggested() {
        Problem p = singleError(with("bootstrap:\n  dcs:\n    synchronous: true\n"));

        assertError(p, 21, "bootstrap.dcs.synchronous", "(did you mean 'synchronous_mode");
    }

    @Test
    void unknownKeyWithNothingCloseHasNoSuggestion() {
        Problem p = singleError(with("extra_settings: 1\n"));

        assertThat(p.message()).isEqualTo("unknown key 'extra_settings'");
    }

    @Test
    void everyUnknownKeyIsReportedInOnePass() {
        LoadResult result = with("""
                  foo: 1
                bar: 2
                bootstrap:
                  baz: 3
                """);

        assertThat(TestConfigs.paths(result.errors()))
                .containsExactly("postgresql.foo", "bar", "bootstrap.baz");
    }

    @Test
    void openMappingsAcceptAnyKey() {
        LoadResult r = TestConfigs.load(TestConfigs.MINIMAL + """
                  parameters:
                    my_extension.setting: 5
                    work_mem: 4MB
                bootstrap:
                  dcs:
                    slots:
                      anything:
                        whatever: [1, 2]
                log:
                  loggers:
                    some.module: DEBUG
                  static_fields:
                    app: pg
                tags:
                  my_custom_tag: hello
                """);
        assertThat(r.errors()).as("no key of an open mapping is unknown").isEmpty();
        assertThat(r.warnings()).extracting(Problem::path).containsOnly("log.static_fields");
    }

    @Test
    void customReplicaAndBootstrapMethodSectionsAreKnownKeys() {
        LoadResult result = with("""
                  create_replica_methods: [pgbackrest, basebackup]
                  pgbackrest:
                    command: /usr/bin/pgbackrest --stanza=main restore
                    keep_data: true
                    no_leader: true
                bootstrap:
                  method: restore
                  restore:
                    command: /usr/local/bin/restore.sh
                    keep_existing_recovery_conf: true
                """);

        assertThat(result.problems()).isEmpty();
    }

    @Test
    void aMethodSectionNotNamedAnywhereIsUnknown() {
        Problem p = singleError(with("  pgbackrest:\n    command: restore\n"));

        assertError(p, 19, "postgresql.pgbackrest", "unknown key 'pgbackrest'");
    }

    @Test
    void dynamicKeysAtTheTopLevelAreNotSilentlyIgnored() {
        Problem p = singleError(with("ttl: 30\n"));

        assertError(p, 19, "ttl", "Patroni ignores ttl at the top level", "bootstrap.dcs");
    }

    @Test
    void oldAuthenticationLayoutIsExplained() {
        Problem p = singleError(with("  superuser:\n    username: postgres\n"));

        assertError(p, 19, "postgresql.superuser", "put it under postgresql.authentication.superuser");
    }

    @Test
    void localOnlyKeysInTheDynamicConfigurationAreRefused() {
        Problem p = singleError(with("bootstrap:\n  dcs:\n    postgresql:\n      data_dir: /x\n"));

        assertError(p, 22, "bootstrap.dcs.postgresql.data_dir", "node-local", "Patroni drops it");
    }

    @Test
    void bootstrapPostgresqlWithoutPgHbaIsExplained() {
        Problem p = singleError(with("bootstrap:\n  postgresql:\n    parameters:\n      work_mem: 1MB\n"));

        assertError(p, 20, "bootstrap.postgresql", "Patroni ignores bootstrap.postgresql", "bootstrap.dcs.postgresql");
    }
}
