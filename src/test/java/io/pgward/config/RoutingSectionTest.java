package io.pgward.config;

import static io.pgward.config.TestConfigs.assertError;
import static io.pgward.config.TestConfigs.singleError;
import static io.pgward.config.TestConfigs.valid;
import static io.pgward.config.TestConfigs.with;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

class RoutingSectionTest {

    @Test
    void withoutTheSectionsNothingIsNotified() {
        assertThat(valid(TestConfigs.MINIMAL).routing()).isEqualTo(RoutingConfig.none());
    }

    @Test
    void haproxyRuntimeApisAreUnixSocketsOrHostPorts() {
        var haproxy = valid(TestConfigs.MINIMAL + """
                haproxy:
                  runtime_api: [/run/haproxy/admin.sock, 10.0.0.9:9999]
                  primary_backend: pg_rw
                """).routing().haproxy();

        assertThat(haproxy.runtimeApis()).containsExactly(new RuntimeApi(Path.of("/run/haproxy/admin.sock"), null),
                new RuntimeApi(null, new HostPort("10.0.0.9", 9999)));
        assertThat(haproxy.primaryBackend()).isEqualTo("pg_rw");
        assertThat(haproxy.replicaBackend()).isNull();
        assertThat(haproxy.server()).isNull();
    }

    @Test
    void oneRuntimeApiMayBeGivenWithoutAList() {
        assertThat(valid(TestConfigs.MINIMAL + "haproxy:\n  runtime_api: 127.0.0.1:9999\n").routing().haproxy()
                .runtimeApis()).containsExactly(new RuntimeApi(null, new HostPort("127.0.0.1", 9999)));
    }

    @Test
    void aBadRuntimeApiIsReportedAtItsOwnLine() {
        Problem p = singleError(with("haproxy:\n  runtime_api:\n    - /run/haproxy/admin.sock\n    - haproxy.sock\n"));

        assertError(p, 22, "haproxy.runtime_api[1]", "'haproxy.sock' (no port)", "absolute path of a Unix socket");
    }

    @Test
    void theHaproxySectionNeedsARuntimeApi() {
        assertError(singleError(with("haproxy:\n  server: db1\n")), 19, "haproxy.runtime_api",
                "missing required key 'runtime_api'");
        assertError(singleError(with("haproxy:\n  runtime_api: []\n")), 20, "haproxy.runtime_api", "the list is empty");
    }

    @Test
    void backendAndServerNamesMustBeNamesHaproxyAccepts() {
        Problem p = singleError(with("haproxy:\n  runtime_api: [127.0.0.1:9999]\n  server: db 1\n"));

        assertError(p, 21, "haproxy.server", "'db 1' is not a name HAProxy accepts");
    }

    @Test
    void anUnknownKeyInTheHaproxySectionIsReportedWithASuggestion() {
        Problem p = singleError(with("haproxy:\n  runtime_api: [127.0.0.1:9999]\n  primary_backends: x\n"));

        assertError(p, 21, "haproxy.primary_backends", "unknown key", "primary_backend");
    }

    @Test
    void pgbouncerNeedsItsAdminConsoleAndTheDatabasesFile() {
        var pgbouncer = valid(TestConfigs.MINIMAL + """
                pgbouncer:
                  admin_uri: postgresql://pgward:s3cret@127.0.0.1:6432/pgbouncer
                  databases_file: /etc/pgbouncer/pgward-databases.ini
                """).routing().pgbouncer();

        assertThat(pgbouncer.databasesFile()).isEqualTo(Path.of("/etc/pgbouncer/pgward-databases.ini"));
        assertThat(pgbouncer.pauseTimeoutSeconds()).isEqualTo(PgBouncerConfig.DEFAULT_PAUSE_TIMEOUT);
        assertThat(pgbouncer.toString()).doesNotContain("s3cret").contains("postgresql://pgward:***@127.0.0.1:6432");

        assertError(singleError(with("pgbouncer:\n  admin_uri: postgresql://pgward@h:6432/pgbouncer\n")), 19,
                "pgbouncer.databases_file", "missing required key 'databases_file'");
    }

    @Test
    void theAdminUriMustNameThePgbouncerDatabase() {
        assertError(singleError(with("pgbouncer:\n  admin_uri: postgresql://pgward@h:6432/app\n"
                + "  databases_file: /etc/x.ini\n")), 20, "pgbouncer.admin_uri", "names no database 'pgbouncer'");
        assertError(singleError(with("pgbouncer:\n  admin_uri: host=h port=6432 dbname=pgbouncer\n"
                + "  databases_file: /etc/x.ini\n")), 20, "pgbouncer.admin_uri", "starting with postgresql://");
    }

    @Test
    void theDatabasesFileIsAnAbsolutePathAndThePauseTimeoutIsBounded() {
        assertError(singleError(with("pgbouncer:\n  admin_uri: postgresql://pgward@h:6432/pgbouncer\n"
                + "  databases_file: databases.ini\n")), 21, "pgbouncer.databases_file", "not an absolute path");
        assertError(singleError(with("pgbouncer:\n  admin_uri: postgresql://pgward@h:6432/pgbouncer\n"
                + "  databases_file: /etc/x.ini\n  pause_timeout: 600\n")), 22, "pgbouncer.pause_timeout");
    }

    @Test
    void theShippedExampleSectionIsValid() throws Exception {
        var routing = valid(TestConfigs.MINIMAL + java.nio.file.Files.readString(
                Path.of("examples/pgbouncer/pgward-section.yml"))).routing();

        assertThat(routing.pgbouncer().databasesFile()).isEqualTo(Path.of("/etc/pgbouncer/pgward-databases.ini"));
        assertThat(routing.haproxy().runtimeApis()).hasSize(1);
    }

    @Test
    void bothSectionsMayBeUsedTogether() {
        var routing = valid(TestConfigs.MINIMAL + """
                haproxy: {runtime_api: [/run/haproxy/admin.sock]}
                pgbouncer: {admin_uri: 'postgresql://pgward@127.0.0.1:6432/pgbouncer?sslmode=disable',
                            databases_file: /etc/pgbouncer/db.ini, pause_timeout: 10}
                """).routing();

        assertThat(routing.haproxy().runtimeApis()).hasSize(1);
        assertThat(routing.pgbouncer().pauseTimeoutSeconds()).isEqualTo(10);
        assertThat(List.of(routing.pgbouncer().adminUri())).containsExactly(
                "postgresql://pgward@127.0.0.1:6432/pgbouncer?sslmode=disable");
    }
}
