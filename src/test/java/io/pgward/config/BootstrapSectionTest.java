package io.pgward.config;

import static io.pgward.config.TestConfigs.assertError;
import static io.pgward.config.TestConfigs.assertWarning;
import static io.pgward.config.TestConfigs.singleError;
import static io.pgward.config.TestConfigs.singleWarning;
import static io.pgward.config.TestConfigs.valid;
import static io.pgward.config.TestConfigs.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BootstrapSectionTest {

    @Test
    void initdbFlagsAndSingleKeyMappingsAreRendered() {
        Config c = valid(TestConfigs.MINIMAL + """
                bootstrap:
                  initdb:
                  - data-checksums
                  - encoding: UTF8
                  - locale: '"C.UTF-8"'
                  - wal-segsize: 32
                """);

        assertThat(c.bootstrap().initdbArgs())
                .containsExactly("--data-checksums", "--encoding=UTF8", "--locale=C.UTF-8", "--wal-segsize=32");
    }

    @Test
    void initdbAsOneMappingIsAcceptedAsPatroniDoes() {
        Config c = valid(TestConfigs.MINIMAL + "bootstrap:\n  initdb:\n    encoding: UTF8\n    locale: C\n");

        assertThat(c.bootstrap().initdbArgs()).containsExactly("--encoding=UTF8", "--locale=C");
    }

    @Test
    void initdbMappingWithSeveralKeysIsRefused() {
        Problem p = singleError(with("bootstrap:\n  initdb:\n  - encoding: UTF8\n    locale: C\n"));

        assertError(p, 21, "bootstrap.initdb[0]", "must be its own list item", "2 keys (encoding, locale)");
    }

    @Test
    void initdbOptionsPgwardControlsAreRefused() {
        LoadResult result = with("bootstrap:\n  initdb:\n  - pgdata: /tmp/x\n  - D: /tmp/y\n  - pwfile: /tmp/pw\n");

        assertThat(result.errors()).hasSize(3);
        assertError(result.errors().get(0), 21, "bootstrap.initdb[0]", "option 'pgdata' is not allowed for initdb",
                "postgresql.data_dir");
        assertError(result.errors().get(1), 22, "bootstrap.initdb[1]", "option 'D' is not allowed");
        assertError(result.errors().get(2), 23, "bootstrap.initdb[2]", "option 'pwfile' is not allowed",
                "superuser password");
    }

    @Test
    void initdbFlagWithDashesIsRefusedWithTheFix() {
        Problem p = singleError(with("bootstrap:\n  initdb:\n  - --data-checksums\n"));

        assertError(p, 21, "bootstrap.initdb[0]", "without leading dashes: 'data-checksums'");
    }

    @Test
    void initdbMustBeAList() {
        Problem p = singleError(with("bootstrap:\n  initdb: data-checksums\n"));

        assertError(p, 20, "bootstrap.initdb", "expected a list of initdb options");
    }

    @Test
    void initdbItemThatIsAList() {
        Problem p = singleError(with("bootstrap:\n  initdb:\n  - [a, b]\n"));

        assertError(p, 21, "bootstrap.initdb[0]", "found a list");
    }

    @Test
    void postInitIsTheOldNameOfPostBootstrap() {
        Config c = valid(TestConfigs.MINIMAL + "bootstrap:\n  post_init: /usr/local/bin/init.sh\n");

        assertThat(c.bootstrap().postBootstrap()).isEqualTo("/usr/local/bin/init.sh");
    }

    @Test
    void postBootstrapWinsOverPostInit() {
        LoadResult result = with("bootstrap:\n  post_bootstrap: /a.sh\n  post_init: /b.sh\n");

        assertWarning(singleWarning(result), 21, "bootstrap.post_init", "post_bootstrap is used");
        assertThat(result.config().bootstrap().postBootstrap()).isEqualTo("/a.sh");
    }

    @Test
    void postBootstrapMustBeAString() {
        Problem p = singleError(with("bootstrap:\n  post_bootstrap: [a, b]\n"));

        assertError(p, 20, "bootstrap.post_bootstrap", "expected a string, found a list");
    }

    @Test
    void bootstrapUsersWasRemovedInPatroni4() {
        Problem p = singleWarning(with("bootstrap:\n  users:\n    admin:\n      password: x\n"));

        assertWarning(p, 20, "bootstrap.users", "removed in Patroni 4", "post_bootstrap");
    }

    @Test
    void customBootstrapMethodNeedsItsSection() {
        LoadResult result = with("bootstrap:\n  method: wal_e\n");

        assertThat(result.errors()).anySatisfy(p -> assertError(p, 20, "bootstrap.method", "no bootstrap.wal_e section"));
    }

    @Test
    void aCustomBootstrapMethodKeepsItsCommandFlagsArgumentsAndRecoverySettings() {
        Config c = valid(TestConfigs.MINIMAL + """
                bootstrap:
                  method: restore
                  restore:
                    command: /usr/local/bin/restore.sh --fast
                    keep_existing_recovery_conf: true
                    target: "2026-12-03 10:00:00+00"
                    verbose: true
                    recovery_conf:
                      recovery_target_action: promote
                      recovery_target_timeline: latest
                """);

        BootstrapMethod m = c.bootstrap().method();
        assertThat(m.name()).isEqualTo("restore");
        assertThat(m.command()).isEqualTo("/usr/local/bin/restore.sh --fast");
        assertThat(m.keepExistingRecoveryConf()).isTrue();
        assertThat(m.noParams()).isFalse();
        assertThat(m.options()).containsExactly(Map.entry("target", "2026-12-03 10:00:00+00"), Map.entry("verbose", "True"));
        assertThat(m.recoveryConf()).containsExactly(Map.entry("recovery_target_action", "promote"),
                Map.entry("recovery_target_timeline", "latest"));
    }

    @Test
    void aCustomBootstrapMethodWithoutCommandIsRefusedWherePatroniWouldQuietlyRunInitdb() {
        Problem p = singleError(with("bootstrap:\n  method: restore\n  restore:\n    keep_existing_recovery_conf: true\n"));

        assertError(p, 21, "bootstrap.restore", "has no command: Patroni would quietly run initdb instead");
    }

    @Test
    void pgbackrestWithoutCommandNeedsTheBackupSection() {
        Problem p = singleError(with("bootstrap:\n  method: pgbackrest\n  pgbackrest:\n    recovery_conf: {recovery_target: immediate}\n"));

        assertError(p, 21, "bootstrap.pgbackrest", "restores from the backup section, and bootstrap.dcs has none");
    }

    @Test
    void pgbackrestWithoutCommandRestoresFromTheBackupSection() {
        Config c = valid(TestConfigs.MINIMAL + """
                bootstrap:
                  dcs:
                    backup:
                      stanza: main
                      repos: [{path: /var/lib/pgbackrest}]
                      retention: {full: 2}
                  method: pgbackrest
                  pgbackrest:
                    recovery_conf:
                      recovery_target_time: "2026-12-03 10:00:00+00"
                """);

        assertThat(c.bootstrap().method().command()).isNull();
        assertThat(c.bootstrap().method().recoveryConf()).containsEntry("recovery_target_time", "2026-12-03 10:00:00+00");
    }

    @Test
    void bootstrapDcsIsKeptAsPlainValues() {
        Config c = valid(TestConfigs.MINIMAL + """
                bootstrap:
                  dcs:
                    ttl: 30
                    synchronous_mode: true
                    postgresql:
                      parameters:
                        max_connections: 250
                        hot_standby: on
                    slots:
                      archiver: {type: physical}
                """);

        Map<String, Object> dcs = c.bootstrap().dcs();
        assertThat(dcs).containsEntry("ttl", 30).containsEntry("synchronous_mode", true);
        assertThat(dcs.get("postgresql")).isEqualTo(Map.of("parameters",
                Map.of("max_connections", 250, "hot_standby", true)));
        assertThat(dcs.get("slots")).isEqualTo(Map.of("archiver", Map.of("type", "physical")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dcs.put("x", 1))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void basebackupOptionsPgwardControlsAreRefused() {
        Problem p = singleError(with("  basebackup:\n  - wal-method: fetch\n"));

        assertError(p, 20, "postgresql.basebackup[0]", "option 'wal-method' is not allowed for pg_basebackup");
    }

    @Test
    void rewindOptionsPgwardControlsAreRefused() {
        Problem p = singleError(with("  rewind:\n  - source-server: host=x\n"));

        assertError(p, 20, "postgresql.rewind[0]", "option 'source-server' is not allowed for pg_rewind");
    }

    @Test
    void emptyInitdbListIsFine() {
        Config c = valid(TestConfigs.MINIMAL + "bootstrap:\n  initdb: []\n");

        assertThat(c.bootstrap().initdbArgs()).isEqualTo(List.of());
    }
}
