package io.pgward.config;

import static io.pgward.config.TestConfigs.MINIMAL;
import static io.pgward.config.TestConfigs.assertError;
import static io.pgward.config.TestConfigs.load;
import static io.pgward.config.TestConfigs.singleError;
import static io.pgward.config.TestConfigs.valid;
import static io.pgward.config.TestConfigs.with;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TypesTest {

    @Test
    void parameterValueThatIsAListNamesExpectedAndFound() {
        Problem p = singleError(with("  parameters:\n    max_connections: [100]\n"));

        assertError(p, 20, "postgresql.parameters.max_connections");
        assertThat(p.message()).isEqualTo("expected a number or string, found a list");
    }

    @Test
    void parameterValueThatIsAMapping() {
        Problem p = singleError(with("  parameters:\n    work_mem:\n      size: 4MB\n"));

        assertError(p, 20, "postgresql.parameters.work_mem", "expected a number or string, found a mapping");
    }

    @Test
    void parameterWithoutValue() {
        Problem p = singleError(with("  parameters:\n    archive_command:\n"));

        assertError(p, 20, "postgresql.parameters.archive_command", "found nothing (null)", "write ''");
    }

    @Test
    void parametersThatAreNotAMapping() {
        Problem p = singleError(with("  parameters: [work_mem=4MB]\n"));

        assertError(p, 19, "postgresql.parameters", "expected a mapping of PostgreSQL parameter names to values, found a list");
    }

    @Test
    void parameterValuesAreRenderedForPostgresql() {
        Config c = valid(MINIMAL + """
                  parameters:
                    jit: off
                    log_connections: true
                    quoted_on: 'on'
                    max_parallel_workers: 8
                    checkpoint_completion_target: 0.90
                    random_page_cost: 1.0
                    search_path: '"$user", public'
                    unix_socket_permissions: 0777
                """);

        assertThat(c.postgresql().parameters()).containsEntry("jit", "off").containsEntry("log_connections", "on")
                .containsEntry("quoted_on", "on").containsEntry("max_parallel_workers", "8")
                .containsEntry("checkpoint_completion_target", "0.9").containsEntry("random_page_cost", "1")
                .containsEntry("search_path", "\"$user\", public").containsEntry("unix_socket_permissions", "511");
    }

    @Test
    void sectionThatIsNotAMapping() {
        Problem p = singleError(with("tags: [nofailover]\n"));

        assertError(p, 19, "tags", "expected a mapping, found a list");
    }

    @Test
    void stringExpectedButMappingFound() {
        Problem p = singleError(with("  pgpass:\n    path: /tmp/x\n"));

        assertError(p, 19, "postgresql.pgpass", "expected a string, found a mapping");
    }

    @Test
    void portOutOfRange() {
        Problem p = singleError(load(MINIMAL.replace("0.0.0.0:8008", "0.0.0.0:80080")));

        assertError(p, 4, "restapi.listen", "port 80080 in '0.0.0.0:80080' is out of range 1..65535");
    }

    @Test
    void portZero() {
        Problem p = singleError(load(MINIMAL.replace("0.0.0.0:5432", "0.0.0.0:0")));

        assertError(p, 9, "postgresql.listen", "out of range 1..65535");
    }

    @Test
    void listenWithoutPort() {
        Problem p = singleError(load(MINIMAL.replace("listen: 0.0.0.0:5432", "listen: 0.0.0.0")));

        assertError(p, 9, "postgresql.listen", "expected ip[,ip2,...]:port, found '0.0.0.0'");
    }

    @Test
    void postgresqlListenTakesSeveralAddresses() {
        Config c = valid(MINIMAL.replace("listen: 0.0.0.0:5432", "listen: '10.0.0.1, 127.0.0.1,[::1]:5433'"));

        assertThat(c.postgresql().listenAddresses()).containsExactly("10.0.0.1", "127.0.0.1", "::1");
        assertThat(c.postgresql().port()).isEqualTo(5433);
    }

    @Test
    void ipv6ConnectAddress() {
        Config c = valid(MINIMAL.replace("connect_address: 10.0.0.1:5432", "connect_address: '[fd00::1]:5432'"));

        assertThat(c.postgresql().connectAddress()).isEqualTo(new HostPort("fd00::1", 5432));
    }

    @Test
    void integerExpected() {
        Problem p = singleError(with("  pg_ctl_timeout: soon\n"));

        assertError(p, 19, "postgresql.pg_ctl_timeout", "expected an integer, found a string ('soon')");
    }

    @Test
    void integerGivenAsDigitsInAStringIsAccepted() {
        Config c = valid(MINIMAL + "  pg_ctl_timeout: '120'\n");

        assertThat(c.postgresql().pgCtlTimeout()).isEqualTo(120);
    }

    @Test
    void negativeTimeoutIsRefused() {
        Problem p = singleError(with("  pg_ctl_timeout: -1\n"));

        assertError(p, 19, "postgresql.pg_ctl_timeout", "must be at least 0, found -1");
    }

    @Test
    void booleanExpected() {
        Problem p = singleError(with("  use_pg_rewind: sometimes\n"));

        assertError(p, 19, "postgresql.use_pg_rewind", "expected true or false, found a string ('sometimes')");
    }

    @Test
    void booleanWordsArePatroniStyle() {
        Config c = valid(MINIMAL + "  use_pg_rewind: 'yes'\n  remove_data_directory_on_rewind_failure: 'on'\n");

        assertThat(c.postgresql().usePgRewind()).isTrue();
        assertThat(c.postgresql().removeDataDirectoryOnRewindFailure()).isTrue();
    }

    @Test
    void enumValueWithSuggestion() {
        Problem p = singleError(load(MINIMAL.replace("  connect_address: 10.0.0.1:8008\n",
                "  connect_address: 10.0.0.1:8008\n  verify_client: requried\n")));

        assertError(p, 6, "restapi.verify_client",
                "expected one of none, optional, required, found 'requried' (did you mean 'required'?)");
    }

    @Test
    void callbacksMustBeKnownCommands() {
        Problem p = singleError(with("  callbacks:\n    on_roll_change: /bin/true\n"));

        assertError(p, 20, "postgresql.callbacks.on_roll_change", "(did you mean 'on_role_change'?)");
    }

    @Test
    void verifyClientNeedsTls() {
        Problem p = singleError(load(MINIMAL.replace("  connect_address: 10.0.0.1:8008\n",
                "  connect_address: 10.0.0.1:8008\n  verify_client: required\n")));

        assertError(p, 6, "restapi.verify_client", "needs certfile (HTTPS) and cafile");
    }

    @Test
    void restApiAuthenticationNeedsBothFields() {
        Problem p = singleError(load(MINIMAL.replace("  connect_address: 10.0.0.1:8008\n",
                "  connect_address: 10.0.0.1:8008\n  authentication:\n    username: admin\n")));

        assertError(p, 6, "restapi.authentication.password", "missing required key 'password'");
    }
}
