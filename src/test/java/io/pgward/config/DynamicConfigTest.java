package io.pgward.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DynamicConfigTest {

    @Test
    void defaultsArePatronis() {
        DynamicConfig d = DynamicConfig.defaults();

        assertThat(d.ttl()).isEqualTo(30);
        assertThat(d.loopWait()).isEqualTo(10);
        assertThat(d.retryTimeout()).isEqualTo(10);
        assertThat(d.maximumLagOnFailover()).isEqualTo(1048576L);
        assertThat(d.primaryStartTimeout()).isEqualTo(300);
        assertThat(d.pause()).isFalse();
        assertThat(d.synchronousMode()).isEqualTo("off");
        assertThat(d.synchronous()).isFalse();
        assertThat(d.synchronousModeStrict()).isFalse();
        assertThat(d.synchronousNodeCount()).isEqualTo(1);
        assertThat(d.checkTimeline()).isFalse();
        assertThat(d.maxTimelinesHistory()).isZero();
        assertThat(d.usePgRewind()).isFalse();
        assertThat(d.useSlots()).isTrue();
        assertThat(d.pgParameters()).isEmpty();
        assertThat(d.pgHba()).isNull();
        assertThat(d.pgIdent()).isNull();
        assertThat(d.raw()).isEmpty();
        assertThat(DynamicConfig.fromMap(null)).isEqualTo(d);
    }

    @Test
    void valuesAreCoercedAsPatroniDoes() {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("ttl", "40");
        raw.put("loop_wait", 5L);
        raw.put("retry_timeout", 12.0);
        raw.put("maximum_lag_on_failover", "2097152");
        raw.put("pause", "on");
        raw.put("synchronous_mode", true);
        raw.put("synchronous_mode_strict", "yes");
        raw.put("synchronous_node_count", "2");
        raw.put("check_timeline", 1);
        raw.put("max_timelines_history", "7");
        raw.put("postgresql", Map.of("use_pg_rewind", "true", "use_slots", "off",
                "parameters", Map.of("max_connections", 200, "hot_standby", true, "ratio", 0.5)));

        DynamicConfig d = DynamicConfig.fromMap(raw);

        assertThat(d.ttl()).isEqualTo(40);
        assertThat(d.loopWait()).isEqualTo(5);
        assertThat(d.retryTimeout()).isEqualTo(12);
        assertThat(d.maximumLagOnFailover()).isEqualTo(2097152L);
        assertThat(d.pause()).isTrue();
        assertThat(d.synchronousMode()).isEqualTo("on");
        assertThat(d.synchronousModeStrict()).isTrue();
        assertThat(d.synchronousNodeCount()).isEqualTo(2);
        assertThat(d.checkTimeline()).isTrue();
        assertThat(d.maxTimelinesHistory()).isEqualTo(7);
        assertThat(d.usePgRewind()).isTrue();
        assertThat(d.useSlots()).isFalse();
        assertThat(d.pgParameters()).containsEntry("max_connections", "200").containsEntry("hot_standby", "on")
                .containsEntry("ratio", "0.5");
    }

    @Test
    void synchronousModeValues() {
        assertThat(DynamicConfig.fromMap(Map.of("synchronous_mode", "quorum")).synchronousMode()).isEqualTo("quorum");
        assertThat(DynamicConfig.fromMap(Map.of("synchronous_mode", "Quorum")).synchronous()).isTrue();
        assertThat(DynamicConfig.fromMap(Map.of("synchronous_mode", "on")).synchronousMode()).isEqualTo("on");
        assertThat(DynamicConfig.fromMap(Map.of("synchronous_mode", false)).synchronousMode()).isEqualTo("off");
        assertThat(DynamicConfig.fromMap(Map.of("synchronous_mode", "bogus")).synchronousMode()).isEqualTo("off");
    }

    @Test
    void badValuesFallBackToTheDefaultOfThatKey() {
        Map<String, Object> raw = new HashMap<>();
        raw.put("ttl", "thirty");
        raw.put("loop_wait", List.of(1));
        raw.put("maximum_lag_on_failover", Map.of());
        raw.put("pause", null);
        raw.put("synchronous_node_count", true);
        raw.put("postgresql", "not a map");

        DynamicConfig d = DynamicConfig.fromMap(raw);

        assertThat(d.ttl()).isEqualTo(30);
        assertThat(d.loopWait()).isEqualTo(10);
        assertThat(d.maximumLagOnFailover()).isEqualTo(1048576L);
        assertThat(d.pause()).isFalse();
        assertThat(d.synchronousNodeCount()).isEqualTo(1);
        assertThat(d.useSlots()).isTrue();
        assertThat(d.raw()).containsEntry("pause", null).containsEntry("postgresql", "not a map");
    }

    @Test
    void timingBelowMinimumsIsRaisedAndTheRuleIsEnforcedAsPatroniDoes() {
        DynamicConfig low = DynamicConfig.fromMap(Map.of("ttl", 5, "loop_wait", 0, "retry_timeout", 1));
        assertThat(List.of(low.ttl(), low.loopWait(), low.retryTimeout())).containsExactly(20, 1, 3);

        DynamicConfig loopTooLong = DynamicConfig.fromMap(Map.of("ttl", 30, "loop_wait", 20, "retry_timeout", 10));
        assertThat(List.of(loopTooLong.loopWait(), loopTooLong.retryTimeout())).containsExactly(10, 10);

        DynamicConfig retryTooLong = DynamicConfig.fromMap(Map.of("ttl", 30, "loop_wait", 10, "retry_timeout", 20));
        assertThat(List.of(retryTooLong.loopWait(), retryTooLong.retryTimeout())).containsExactly(1, 14);
        assertThat(retryTooLong.loopWait() + 2 * retryTooLong.retryTimeout()).isLessThanOrEqualTo(retryTooLong.ttl());
    }

    @Test
    void theFastProfileLowersOnlyTheTtlMinimumTo8() {
        DynamicConfig fast = DynamicConfig.fromMap(Map.of("fast_profile", true, "ttl", 10, "loop_wait", 1,
                "retry_timeout", 3));
        assertThat(List.of(fast.ttl(), fast.loopWait(), fast.retryTimeout())).containsExactly(10, 1, 3);

        DynamicConfig tooLow = DynamicConfig.fromMap(Map.of("fast_profile", "on", "ttl", 4, "loop_wait", 0,
                "retry_timeout", 1));
        assertThat(List.of(tooLow.ttl(), tooLow.loopWait(), tooLow.retryTimeout())).containsExactly(8, 1, 3);

        DynamicConfig notOptedIn = DynamicConfig.fromMap(Map.of("ttl", 10, "loop_wait", 1, "retry_timeout", 3));
        assertThat(notOptedIn.ttl()).isEqualTo(20);
    }

    @Test
    void legacyMasterStartTimeoutIsRead() {
        assertThat(DynamicConfig.fromMap(Map.of("master_start_timeout", 60)).primaryStartTimeout()).isEqualTo(60);
        assertThat(DynamicConfig.fromMap(Map.of("master_start_timeout", 60, "primary_start_timeout", 0))
                .primaryStartTimeout()).isZero();
    }

    @Test
    void unknownKeysAreKeptInRawWhichIsImmutable() {
        Map<String, Object> raw = new HashMap<>();
        raw.put("my_tool_setting", Map.of("a", 1));
        raw.put("slots", new HashMap<>(Map.of("s1", Map.of("type", "physical"))));

        DynamicConfig d = DynamicConfig.fromMap(raw);
        raw.put("later", 1);

        assertThat(d.raw()).containsOnlyKeys("my_tool_setting", "slots");
        @SuppressWarnings("unchecked")
        Map<String, Object> slots = (Map<String, Object>) d.raw().get("slots");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> slots.put("s2", 1))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void pgHbaAndPgIdentAreRead() {
        DynamicConfig d = DynamicConfig.fromMap(Map.of("postgresql",
                Map.of("pg_hba", List.of("local all all peer"), "pg_ident", List.of("m a b"))));

        assertThat(d.pgHba()).containsExactly("local all all peer");
        assertThat(d.pgIdent()).containsExactly("m a b");
    }

    @Test
    void validateAcceptsAValidPatchBody() {
        Map<String, Object> body = Map.of("ttl", 30, "loop_wait", 10, "retry_timeout", 10, "pause", true,
                "synchronous_mode", "on", "postgresql", Map.of("parameters", Map.of("max_connections", 300),
                        "pg_hba", List.of("host all all 10.0.0.0/8 scram-sha-256")));

        assertThat(DynamicConfig.validate(body, "PATCH /config", "")).isEmpty();
    }

    @Test
    void validateReportsEveryProblemWithPathsRelativeToThePrefix() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ttl", 10);
        body.put("loop_wiat", 5);
        body.put("synchronous_mode", "sometimes");
        body.put("postgresql", Map.of("parameters", Map.of("max_connections", 10),
                "pg_hba", List.of("host all all 10.0.0.0/33 md5")));

        List<Problem> problems = DynamicConfig.validate(body, "PATCH /config", "");

        assertThat(problems).allSatisfy(p -> {
            assertThat(p.file()).isEqualTo("PATCH /config");
            assertThat(p.line()).isZero();
            assertThat(p.severity()).isEqualTo(Problem.Severity.ERROR);
        });
        assertThat(problems).extracting(Problem::path).containsExactlyInAnyOrder("ttl", "loop_wiat",
                "synchronous_mode", "postgresql.parameters.max_connections", "postgresql.pg_hba[0]");
        assertThat(problems).extracting(Problem::message).contains(
                "must be at least 20 (Patroni's minimum), found 10; a shorter lease needs the opt-in fast_profile: true"
                        + " (pgward only)",
                "unknown key 'loop_wiat' (did you mean 'loop_wait'?)",
                "expected on, off or quorum, found a string ('sometimes')",
                "must be an integer >= 25, found '10' (Patroni would silently use 100)",
                "malformed address '10.0.0.0/33' (the prefix length must be 0..32) in 'host all all 10.0.0.0/33 md5'");
    }

    @Test
    void validateWithAPrefix() {
        List<Problem> problems = DynamicConfig.validate(Map.of("ttl", 30, "loop_wait", 10, "retry_timeout", 15),
                "node1.yml", "bootstrap.dcs");

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("bootstrap.dcs");
            assertThat(p.message()).contains("loop_wait (10) + 2 * retry_timeout (15) = 40 exceeds ttl (30)");
        });
    }

    @Test
    void validateRefusesNodeLocalAndFixedSettings() {
        List<Problem> problems = DynamicConfig.validate(Map.of("postgresql", Map.of("listen", "0.0.0.0:5432",
                "parameters", Map.of("port", 5433))), "PUT /config", "");

        assertThat(problems).extracting(Problem::path)
                .containsExactlyInAnyOrder("postgresql.listen", "postgresql.parameters.port");
    }

    @Test
    void validateAcceptsEveryDocumentedDynamicKey() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ttl", 30);
        body.put("loop_wait", 10);
        body.put("retry_timeout", 10);
        body.put("maximum_lag_on_failover", 1048576);
        body.put("maximum_lag_on_syncnode", -1);
        body.put("primary_race_backoff", 0);
        body.put("primary_start_timeout", 300);
        body.put("primary_stop_timeout", 30);
        body.put("max_timelines_history", 0);
        body.put("check_timeline", false);
        body.put("synchronous_mode", "off");
        body.put("synchronous_mode_strict", false);
        body.put("synchronous_node_count", 1);
        body.put("failsafe_mode", false);
        body.put("pause", null);
        body.put("member_slots_ttl", "30min");
        body.put("slots", Map.of("s", Map.of("type", "physical")));
        body.put("ignore_slots", List.of(Map.of("name", "x", "type", "logical", "database", "d", "plugin", "p")));
        body.put("standby_cluster", Map.of());
        body.put("postgresql", Map.of("use_pg_rewind", true, "use_slots", true, "pg_ctl_timeout", 60,
                "remove_data_directory_on_rewind_failure", false, "basebackup", List.of("verbose"),
                "pg_hba", List.of("local all all peer"), "pg_ident", List.of("m a b")));

        assertThat(DynamicConfig.validate(body, "x", "")).isEmpty();
    }

    @Test
    void settingsWhoseAbsenceWouldChangeWhoWritesOrWhatDataThereIsAreRefused() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("failsafe_mode", true);    // implemented: no problem
        body.put("synchronous_mode", "quorum");
        body.put("slots", Map.of("cdc", Map.of("type", "logical", "database", "app", "plugin", "pgoutput"),
                "archiver", Map.of("type", "physical")));

        List<Problem> problems = DynamicConfig.validate(body, "PATCH /config", "");

        assertThat(problems).extracting(Problem::path).containsExactlyInAnyOrder("synchronous_mode", "slots.cdc");
        assertThat(problems).allSatisfy(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.ERROR);
            assertThat(p.message()).contains("is not implemented by pgward yet: refused, because pgward would");
        });
    }

    @Test
    void aStandbyClusterSectionWithEveryPatroniKeyIsAcceptedAndRead() {
        Map<String, Object> section = Map.of("host", "dc1-primary", "port", 5433, "primary_slot_name", "dc2",
                "create_replica_methods", List.of("basebackup"), "restore_command", "cp /a/%f %p",
                "archive_cleanup_command", "x", "recovery_min_apply_delay", "5min");

        assertThat(DynamicConfig.validate(Map.of("standby_cluster", section), "PATCH /config", "")).isEmpty();
        StandbyCluster standby = DynamicConfig.fromMap(Map.of("standby_cluster", section)).standbyCluster();
        assertThat(standby).isEqualTo(new StandbyCluster("dc1-primary", 5433, "dc2", List.of("basebackup"),
                "cp /a/%f %p", "x", "5min"));
        assertThat(standby.upstreamName()).isEqualTo("remote dc1-primary:5433");
        assertThat(StandbyCluster.isRemote(standby.upstreamName())).isTrue();
    }

    @Test
    void aStandbyClusterWithoutHostPortOrRestoreCommandIsRefusedAndNotAStandbyCluster() {
        Map<String, Object> section = Map.of("primary_slot_name", "dc2");

        assertThat(DynamicConfig.validate(Map.of("standby_cluster", section), "PATCH /config", ""))
                .singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("standby_cluster");
                    assertThat(p.message()).contains("needs host (and port)", "restore_command");
                });
        assertThat(DynamicConfig.fromMap(Map.of("standby_cluster", section)).standbyCluster()).isNull();
        assertThat(DynamicConfig.fromMap(Map.of("standby_cluster", Map.of())).standbyCluster()).isNull();
    }

    @Test
    void badStandbyClusterValuesAreNamedByPath() {
        List<Problem> problems = DynamicConfig.validate(Map.of("standby_cluster", Map.of("host", "h", "port", 70000,
                "create_replica_methods", "basebackup", "hots", "x")), "PATCH /config", "");

        assertThat(problems).extracting(Problem::path).containsExactlyInAnyOrder("standby_cluster.port",
                "standby_cluster.create_replica_methods", "standby_cluster.hots");
    }

    @Test
    void synchronousModeIsOffInAStandbyClusterWithAWarning() {
        Map<String, Object> body = Map.of("synchronous_mode", true, "standby_cluster", Map.of("host", "h"));

        assertThat(DynamicConfig.validate(body, "PATCH /config", "")).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
            assertThat(p.path()).isEqualTo("synchronous_mode");
        });
        assertThat(DynamicConfig.fromMap(body).synchronous()).isFalse();
        assertThat(DynamicConfig.fromMap(body).standbyCluster().portOrDefault()).isEqualTo(5432);
    }

    @Test
    void roleVariantsAndRecoveryConfAreAcceptedWithAWarning() {
        List<Problem> problems = DynamicConfig.validate(Map.of("postgresql", Map.of("recovery_conf", Map.of("a", "b"),
                "parameters_replica", Map.of("hot_standby_feedback", "on"),
                "pg_hba_primary", List.of("local all all peer"))), "x", "");

        assertThat(problems).allSatisfy(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
            assertThat(p.message()).contains("accepted for compatibility, not used by pgward");
        });
        assertThat(problems).extracting(Problem::path).containsExactlyInAnyOrder("postgresql.recovery_conf",
                "postgresql.parameters_replica", "postgresql.pg_hba_primary");
    }

    @Test
    void walKeepSegmentsInADynamicConfigIsAWarning() {
        List<Problem> problems = DynamicConfig.validate(Map.of("postgresql",
                Map.of("parameters", Map.of("wal_keep_segments", 8))), "x", "");

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
            assertThat(p.message()).contains("wal_keep_size = 8 x 16MB");
        });
    }
}
