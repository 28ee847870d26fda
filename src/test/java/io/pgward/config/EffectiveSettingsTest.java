package io.pgward.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Precedence: forced defaults < dynamic parameters < local non-forced parameters < listen/port/cluster_name. */
class EffectiveSettingsTest {

    private static Config local(String parameters) {
        String extra = parameters.isEmpty() ? "" : "  parameters:\n" + parameters.indent(4);
        return ConfigLoader.loadString(TestConfigs.MINIMAL + extra, "n.yml", Map.of()).config();
    }

    private static DynamicConfig dynamic(Map<String, Object> parameters) {
        return DynamicConfig.fromMap(Map.of("postgresql", Map.of("parameters", parameters)));
    }

    @Test
    void defaultsOfTheForcedGucsAndTheLocalAddress() {
        EffectiveSettings.Result r = EffectiveSettings.parameters(local(""), DynamicConfig.defaults());

        assertThat(r.warnings()).isEmpty();
        assertThat(r.parameters()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.ofEntries(
                Map.entry("hot_standby", "on"), Map.entry("wal_level", "replica"),
                Map.entry("max_connections", "100"), Map.entry("max_wal_senders", "10"),
                Map.entry("max_replication_slots", "10"), Map.entry("max_worker_processes", "8"),
                Map.entry("max_prepared_transactions", "0"), Map.entry("max_locks_per_transaction", "64"),
                Map.entry("track_commit_timestamp", "off"), Map.entry("wal_keep_size", "128MB"),
                Map.entry("wal_log_hints", "on"), Map.entry("listen_addresses", "0.0.0.0"),
                Map.entry("port", "5432"), Map.entry("cluster_name", "demo"),
                Map.entry("wal_receiver_timeout", "20s"), Map.entry("wal_sender_timeout", "20s"),
                Map.entry("wal_retrieve_retry_interval", "1s"))));
    }

    @Test
    void theReplicationDefaultsGiveWayToTheUsersParameters() {
        EffectiveSettings.Result r = EffectiveSettings.parameters(local("wal_receiver_timeout: 60s\n"),
                dynamic(Map.of("wal_sender_timeout", "1min")));

        assertThat(r.warnings()).isEmpty();
        assertThat(r.parameters()).containsEntry("wal_receiver_timeout", "60s").containsEntry("wal_sender_timeout", "1min")
                .containsEntry("wal_retrieve_retry_interval", "1s");
    }

    @Test
    void keysAreSorted() {
        EffectiveSettings.Result r = EffectiveSettings.parameters(local("work_mem: 4MB\n"), DynamicConfig.defaults());

        assertThat(List.copyOf(r.parameters().keySet())).isSorted();
    }

    @Test
    void dynamicOverridesForcedDefaults() {
        EffectiveSettings.Result r = EffectiveSettings.parameters(local(""),
                dynamic(Map.of("max_connections", 300, "wal_level", "logical", "wal_log_hints", false)));

        assertThat(r.warnings()).isEmpty();
        assertThat(r.parameters()).containsEntry("max_connections", "300").containsEntry("wal_level", "logical")
                .containsEntry("wal_log_hints", "off");
    }

    @Test
    void invalidDynamicValueFallsBackToTheDefaultWithAReason() {
        EffectiveSettings.Result r = EffectiveSettings.parameters(local(""),
                dynamic(Map.of("max_connections", 10, "hot_standby", "off", "wal_level", "minimal")));

        assertThat(r.parameters()).containsEntry("max_connections", "100").containsEntry("hot_standby", "on")
                .containsEntry("wal_level", "replica");
        assertThat(r.warnings()).containsExactlyInAnyOrder(
                "dynamic postgresql.parameters.max_connections='10' is invalid (it must be an integer >= 25); using the default 100",
                "dynamic postgresql.parameters.hot_standby='off' is invalid (it must be on); using the default on",
                "dynamic postgresql.parameters.wal_level='minimal' is invalid (it must be one of replica, logical, hot_standby); using the default replica");
    }

    @Test
    void walLevelHotStandbyIsWrittenAsReplica() {
        EffectiveSettings.Result r = EffectiveSettings.parameters(local(""), dynamic(Map.of("wal_level", "hot_standby")));

        assertThat(r.parameters()).containsEntry("wal_level", "replica");
    }

    @Test
    void walKeepSizeWithUnits() {
        assertThat(EffectiveSettings.parameters(local(""), dynamic(Map.of("wal_keep_size", "2GB"))).parameters())
                .containsEntry("wal_keep_size", "2GB");
        EffectiveSettings.Result tooSmall = EffectiveSettings.parameters(local(""), dynamic(Map.of("wal_keep_size", "8MB")));
        assertThat(tooSmall.parameters()).containsEntry("wal_keep_size", "128MB");
        assertThat(tooSmall.warnings()).singleElement().asString().contains("wal_keep_size='8MB' is invalid");
    }

    @Test
    void walKeepSegmentsIsConvertedAsPatroniDoes() {
        EffectiveSettings.Result r = EffectiveSettings.parameters(local(""), dynamic(Map.of("wal_keep_segments", 64)));

        assertThat(r.parameters()).containsEntry("wal_keep_size", "1024MB").doesNotContainKey("wal_keep_segments");
        assertThat(r.warnings()).singleElement().asString().contains("converted to wal_keep_size=1024MB");
    }

    @Test
    void localOverridesDynamicForOrdinaryParameters() {
        EffectiveSettings.Result r = EffectiveSettings.parameters(local("work_mem: 64MB\nshared_buffers: 1GB\n"),
                dynamic(Map.of("work_mem", "4MB", "archive_mode", "on")));

        assertThat(r.warnings()).isEmpty();
        assertThat(r.parameters()).containsEntry("work_mem", "64MB").containsEntry("shared_buffers", "1GB")
                .containsEntry("archive_mode", "on");
    }

    @Test
    void forcedGucsSetLocallyAreIgnoredWithAWarning() {
        EffectiveSettings.Result r = EffectiveSettings.parameters(local("max_connections: 500\n"),
                dynamic(Map.of("max_connections", 200)));

        assertThat(r.parameters()).containsEntry("max_connections", "200");
        assertThat(r.warnings()).singleElement().asString()
                .startsWith("local postgresql.parameters.max_connections is ignored");
    }

    @Test
    void listenPortAndClusterNameCannotBeOverridden() {
        Config c = local("port: 6000\ncluster_name: other\nlisten_addresses: '*'\n");
        EffectiveSettings.Result r = EffectiveSettings.parameters(c,
                dynamic(Map.of("port", 7000, "cluster_name", "x")));

        assertThat(r.parameters()).containsEntry("port", "5432").containsEntry("cluster_name", "demo")
                .containsEntry("listen_addresses", "0.0.0.0");
        assertThat(r.warnings()).hasSize(5);
    }

    @Test
    void parameterNamesAreCaseInsensitive() {
        EffectiveSettings.Result r = EffectiveSettings.parameters(local("Work_Mem: 8MB\n"),
                dynamic(Map.of("MAX_CONNECTIONS", 150, "work_mem", "4MB")));

        assertThat(r.parameters()).containsEntry("max_connections", "150").containsEntry("work_mem", "8MB");
    }

    @Test
    void pgHbaLocalWinsOverDynamic() {
        Config withLocal = ConfigLoader.loadString(TestConfigs.MINIMAL + "  pg_hba:\n  - local all all peer\n", "n",
                Map.of()).configOrThrow();
        DynamicConfig dyn = DynamicConfig.fromMap(Map.of("postgresql",
                Map.of("pg_hba", List.of("host all all 10.0.0.0/8 md5"), "pg_ident", List.of("m a b"))));

        assertThat(EffectiveSettings.pgHba(withLocal, dyn)).containsExactly("local all all peer");
        assertThat(EffectiveSettings.pgHba(local(""), dyn)).containsExactly("host all all 10.0.0.0/8 md5");
        assertThat(EffectiveSettings.pgHba(local(""), DynamicConfig.defaults())).isNull();
        assertThat(EffectiveSettings.pgIdent(local(""), dyn)).containsExactly("m a b");
        assertThat(EffectiveSettings.pgIdent(local(""), DynamicConfig.defaults())).isNull();
    }

    @Test
    void commandLineGucsAreTheForcedOnesExceptWalKeep() {
        assertThat(EffectiveSettings.commandLineGucs()).containsExactlyInAnyOrder("listen_addresses", "port",
                "cluster_name", "hot_standby", "wal_level", "max_connections", "max_wal_senders",
                "max_replication_slots", "max_worker_processes", "max_prepared_transactions",
                "max_locks_per_transaction", "track_commit_timestamp", "wal_log_hints");
    }
}
