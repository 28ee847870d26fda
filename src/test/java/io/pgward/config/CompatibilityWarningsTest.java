package io.pgward.config;

import static io.pgward.config.TestConfigs.assertWarning;
import static io.pgward.config.TestConfigs.singleWarning;
import static io.pgward.config.TestConfigs.valid;
import static io.pgward.config.TestConfigs.with;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What Patroni does and pgward does not is said once, at load time; cosmetics are accepted silently. */
class CompatibilityWarningsTest {

    @Test
    void watchdogRequiredIsWarned() {
        Problem p = singleWarning(with("watchdog:\n  mode: required\n"));

        assertWarning(p, 20, "watchdog.mode", "accepted for compatibility, not used by pgward");
    }

    @Test
    void watchdogOffAndAutomaticAreSilent() {
        valid(TestConfigs.MINIMAL + "watchdog:\n  mode: off\n  device: /dev/watchdog\n  safety_margin: -1\n");
        valid(TestConfigs.MINIMAL + "watchdog:\n  mode: automatic\n");
    }

    @Test
    void watchdogModeTypo() {
        Problem p = TestConfigs.singleError(with("watchdog:\n  mode: requird\n"));

        assertThat(p.message()).contains("(did you mean 'required'?)");
    }

    @Test
    void ofTheLogSectionOnlyTheQueueSizeIsNamedAsNotUsed() {
        LoadResult r = with("log:\n  level: DEBUG\n  type: json\n  format: ['asctime', 'message']\n"
                + "  file_num: 3\n  file_size: 1000\n  deduplicate_heartbeat_logs: true\n  max_queue_size: 100\n");
        assertThat(r.errors()).isEmpty();
        assertThat(r.config().log().level()).isEqualTo("DEBUG");
        assertThat(r.warnings()).extracting(Problem::path).containsExactly("log.max_queue_size");
    }

    @Test
    void citusIsRefused() {
        Problem p = TestConfigs.singleError(with("citus:\n  database: citus\n  group: 0\n"));

        TestConfigs.assertError(p, 19, "citus", "not implemented", "never register it with the Citus coordinator");
    }

    @Test
    void prePromoteAndBeforeStopAreUsedNotWarned() {
        LoadResult result = with("  pre_promote: /usr/local/bin/fence.sh\n  before_stop: /bin/true\n");

        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        assertThat(result.config().postgresql().callbacks()).containsEntry("pre_promote", "/usr/local/bin/fence.sh")
                .containsEntry("before_stop", "/bin/true");
    }

    @Test
    void otherPostgresqlKeysPgwardDoesNotUse() {
        LoadResult result = with("""
                  recovery_conf:
                    restore_command: cp /archive/%f %p
                  custom_conf: /etc/pg/base.conf
                  bin_name:
                    postgres: postgres15
                  use_unix_socket: true
                  proxy_address: 10.0.0.1:6432
                  parameters_replica:
                    hot_standby_feedback: on
                  pg_hba_primary:
                  - host all all 10.0.0.0/8 md5
                  use_slots: false
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(TestConfigs.paths(result.warnings())).containsExactly("postgresql.recovery_conf",
                "postgresql.custom_conf", "postgresql.bin_name", "postgresql.use_unix_socket",
                "postgresql.proxy_address", "postgresql.parameters_replica", "postgresql.pg_hba_primary",
                "postgresql.use_slots");
    }

    @Test
    void sslConnectionSettingsAreTheReplicationUsersOptions() {
        LoadResult result = with("      sslmode: verify-full\n      sslrootcert: /ca.pem\n");

        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        assertThat(result.config().postgresql().authentication().replication().options())
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("sslmode", "verify-full", "sslrootcert", "/ca.pem"));
    }

    @Test
    void aRevocationListIsWarnedAsUsedByLibpqConnectionsOnly() {
        Problem p = singleWarning(with("      sslmode: verify-full\n      sslcrl: /crl.pem\n"));

        assertWarning(p, 20, "postgresql.authentication.replication.sslcrl", "not by pgward's SQL connections");
    }

    @Test
    void anUnknownSslmodeIsAnErrorAtItsLine() {
        LoadResult result = with("      sslmode: verify_full\n");

        assertThat(result.errors()).singleElement().satisfies(e -> assertThat(e.format())
                .contains("postgresql.authentication.replication.sslmode").contains("verify-full"));
    }

    @Test
    void forcedGucInTheLocalFileIsWarnedAtItsLine() {
        Problem p = singleWarning(with("  parameters:\n    max_connections: 500\n"));

        assertWarning(p, 20, "postgresql.parameters.max_connections", "Patroni ignores max_connections",
                "bootstrap.dcs.postgresql.parameters");
    }

    @Test
    void portInTheLocalParametersIsWarned() {
        Problem p = singleWarning(with("  parameters:\n    port: 5433\n"));

        assertWarning(p, 20, "postgresql.parameters.port", "always set from postgresql.listen");
    }

    @Test
    void invalidForcedGucInBootstrapDcsIsAnError() {
        Problem p = TestConfigs.singleError(with("bootstrap:\n  dcs:\n    postgresql:\n      parameters:\n"
                + "        max_wal_senders: 1\n"));

        TestConfigs.assertError(p, 23, "bootstrap.dcs.postgresql.parameters.max_wal_senders",
                "must be an integer >= 3, found '1' (Patroni would silently use 10)");
    }

    @Test
    void restApiTlsCiphersAreWarned() {
        Problem p = singleWarning(TestConfigs.load(TestConfigs.MINIMAL.replace("  connect_address: 10.0.0.1:8008\n",
                "  connect_address: 10.0.0.1:8008\n  ciphers: HIGH\n")));

        assertWarning(p, 6, "restapi.ciphers", "not used by pgward");
    }
}
