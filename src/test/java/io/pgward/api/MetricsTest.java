package io.pgward.api;

import io.pgward.config.DynamicConfig;
import io.pgward.ha.ClusterView;
import io.pgward.ha.LocalState;
import io.pgward.ha.SyncState;
import io.pgward.ha.LocalState.DataDir;
import io.pgward.ha.LocalState.PgState;
import io.pgward.postgres.PgStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsTest {


    @Test
    void primaryGaugesWithPatroniNamesAndLabels() {
        var config = TestNode.config(8008, "");
        var local = new LocalState(DataDir.PRESENT, "1", PgState.RUNNING, false, 3, 4096, null, false);
        var status = new PgStatus(false, 3, 4096, 0, 0, null, null, false, "2026-01-01 00:00:10+00", 150020,
                List.of(), List.of());
        var view = new ClusterView("n1", "1", List.of(), DynamicConfig.defaults(), true, 1, null, 0, List.of(),
                SyncState.EMPTY);
        Instant now = Instant.parse("2026-01-01T00:01:00Z");
        String text = Metrics.render(config, new NodeSnapshot(view, local, status, "running", now, now, List.of(),
                Map.of()), now);
        assertThat(text).contains("# TYPE patroni_primary gauge")
                .contains("patroni_primary{scope=\"demo\",name=\"n1\"} 1")
                .contains("patroni_replica{scope=\"demo\",name=\"n1\"} 0")
                .contains("patroni_xlog_location{scope=\"demo\",name=\"n1\"} 4096")
                .contains("patroni_postgres_timeline{scope=\"demo\",name=\"n1\"} 3")
                .contains("patroni_postgres_server_version{scope=\"demo\",name=\"n1\"} 150020")
                .contains("patroni_postmaster_start_time{scope=\"demo\",name=\"n1\"} 1767225610")
                .contains("patroni_cluster_unlocked{scope=\"demo\",name=\"n1\"} 0");
    }

    @Test
    void thePostgresStateIsNumberedAsInPatroni4() {
        var config = TestNode.config(8008, "");
        Instant now = Instant.parse("2026-01-01T00:01:00Z");
        for (var expected : Map.of("running", 5, "stopped", 12, "creating replica", 4, "restarting", 9,
                "initializing new cluster", 0, "bootstrap failed", 1, "something new", -1).entrySet()) {
            String text = Metrics.render(config, new NodeSnapshot(null, LocalState.noData(), null, expected.getKey(),
                    now, now, List.of(), Map.of()), now);
            assertThat(text).as(expected.getKey())
                    .contains("# TYPE patroni_postgres_state gauge\npatroni_postgres_state{scope=\"demo\",name=\"n1\"} "
                            + expected.getValue() + "\n");
        }
    }

    @Test
    void postgresTimestampsToEpoch() {
        assertThat(Metrics.epoch("2026-01-01 00:00:10.5+00")).isEqualTo(1767225610L);
        assertThat(Metrics.epoch("2026-01-01 02:00:10+02")).isEqualTo(1767225610L);
        assertThat(Metrics.epoch(null)).isZero();
        assertThat(Metrics.epoch("garbage")).isZero();
    }

    private static String primaryText(io.pgward.ha.AgentCounters.Snapshot counters) {
        var config = TestNode.config(8008, "");
        var local = new LocalState(DataDir.PRESENT, "1", PgState.RUNNING, false, 3, 4096, null, false);
        var view = new ClusterView("n1", "1", List.of(), DynamicConfig.defaults(), true, 1, null, 0, List.of(),
                SyncState.EMPTY);
        Instant now = Instant.parse("2026-01-01T00:01:00Z");
        return Metrics.render(config, new NodeSnapshot(view, local, null, "running", now, now, List.of(), Map.of(),
                null, counters), now);
    }

    @Test
    void dashboardsBuiltOnPatroni3FindPatroniMasterBesidePatroniPrimary() {
        assertThat(primaryText(null)).contains("# TYPE patroni_master gauge\npatroni_master{scope=\"demo\",name=\"n1\"} 1")
                .contains("patroni_primary{scope=\"demo\",name=\"n1\"} 1");
    }

    @Test
    void walPositionsAndTimelineAreCountersAsInPatroni() {
        String text = primaryText(null);
        for (String name : List.of("patroni_xlog_location", "patroni_xlog_received_location",
                "patroni_xlog_replayed_location", "patroni_postgres_timeline")) {
            assertThat(text).contains("# TYPE " + name + " counter");
        }
        assertThat(text).contains("# TYPE patroni_replica gauge");
    }

    @Test
    void theStandbyLeaderIsPatroniStandbyLeaderNotAPrimaryOrAReplica() {
        var config = TestNode.config(8008, "");
        var local = new LocalState(DataDir.PRESENT, "1", PgState.RUNNING, true, 1, 4096, "remote dc1:5432", true);
        var view = new ClusterView("n1", "1", List.of(), DynamicConfig.fromMap(Map.of("standby_cluster",
                Map.of("host", "dc1"))), true, 1, null, 0, List.of(), SyncState.EMPTY);
        Instant now = Instant.parse("2026-01-01T00:01:00Z");
        String text = Metrics.render(config, new NodeSnapshot(view, local, null, "running", now, now, List.of(),
                Map.of()), now);
        assertThat(text).contains("patroni_standby_leader{scope=\"demo\",name=\"n1\"} 1\n")
                .contains("patroni_primary{scope=\"demo\",name=\"n1\"} 0\n")
                .contains("patroni_replica{scope=\"demo\",name=\"n1\"} 0\n");
        assertThat(primaryText(null)).contains("patroni_standby_leader{scope=\"demo\",name=\"n1\"} 0\n");
    }

    @Test
    void theVersionIsEncodedAsPatroniDoes() {
        assertThat(Metrics.paddedVersion("3.0.2")).isEqualTo("030002");
        assertThat(Metrics.paddedVersion("4.0.10")).isEqualTo("040010");
        assertThat(Metrics.paddedVersion("0.1.0-SNAPSHOT")).isEqualTo("000100");
    }

    @Test
    void labelValuesAreEscaped() {
        assertThat(Metrics.labelValue("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
    }

    @Test
    void pgwardCountsPromotionsDemotionsEtcdErrorsAndCycleDurations() {
        var counters = new io.pgward.ha.AgentCounters();
        counters.promoted();
        counters.demoted(io.pgward.ha.Action.DemoteMode.IMMEDIATE_NOLOCK);
        counters.demoted(io.pgward.ha.Action.DemoteMode.IMMEDIATE_NOLOCK);
        counters.etcdError("no-leader");
        counters.cycle(java.time.Duration.ofMillis(30));
        counters.cycle(java.time.Duration.ofSeconds(3));
        String text = primaryText(counters.snapshot());
        assertThat(text).contains("pgward_promotions_total{scope=\"demo\",name=\"n1\"} 1")
                .contains("pgward_demotions_total{scope=\"demo\",name=\"n1\",mode=\"immediate-nolock\"} 2")
                .contains("pgward_etcd_errors_total{scope=\"demo\",name=\"n1\",kind=\"no-leader\"} 1")
                .contains("# TYPE pgward_ha_cycle_seconds histogram")
                .contains("pgward_ha_cycle_seconds_bucket{scope=\"demo\",name=\"n1\",le=\"0.05\"} 1")
                .contains("pgward_ha_cycle_seconds_bucket{scope=\"demo\",name=\"n1\",le=\"5.0\"} 2")
                .contains("pgward_ha_cycle_seconds_bucket{scope=\"demo\",name=\"n1\",le=\"+Inf\"} 2")
                .contains("pgward_ha_cycle_seconds_count{scope=\"demo\",name=\"n1\"} 2");
    }

    @Test
    void theWalArchiverIsExportedWhilePostgresAnswers() {
        var config = TestNode.config(8008, "");
        var local = new LocalState(DataDir.PRESENT, "1", PgState.RUNNING, false, 3, 4096, null, false);
        var status = new PgStatus(false, 3, 4096, 0, 0, null, null, false, null, 150020, List.of(), List.of(),
                new PgStatus.Archiver(42, 3, 1767225600, 1767225500));
        Instant now = Instant.parse("2026-01-01T00:01:00Z");
        String text = Metrics.render(config, new NodeSnapshot(null, local, status, "running", now, now, List.of(),
                Map.of()), now);
        assertThat(text).contains("# TYPE pgward_archiver_archived_total counter\n"
                        + "pgward_archiver_archived_total{scope=\"demo\",name=\"n1\"} 42\n")
                .contains("pgward_archiver_failed_total{scope=\"demo\",name=\"n1\"} 3\n")
                .contains("pgward_archiver_last_archived_time_seconds{scope=\"demo\",name=\"n1\"} 1767225600\n")
                .contains("pgward_archiver_last_failed_time_seconds{scope=\"demo\",name=\"n1\"} 1767225500\n");
        String stopped = Metrics.render(config, new NodeSnapshot(null, LocalState.noData(), null, "stopped", now, now,
                List.of(), Map.of()), now);
        assertThat(stopped).as("no archiver series without an answer from PostgreSQL").doesNotContain("pgward_archiver");
    }

    private static String withBackup(io.pgward.ha.BackupHealth h) {
        var config = TestNode.config(8008, "");
        Instant now = Instant.parse("2026-12-03T07:00:00Z");
        return Metrics.render(config, new NodeSnapshot(null, LocalState.noData(), null, "running", now, now, List.of(),
                Map.of(), null, null, h), now);
    }

    @Test
    void theLeaderExportsItsLookAtTheBackupRepositoryWithEveryTypeZeroWhenNone() {
        var h = new io.pgward.ha.BackupHealth("n1", Instant.parse("2026-12-03T06:59:30Z"), true, null,
                Map.of(io.pgward.ha.BackupHealth.Type.FULL, new io.pgward.ha.BackupHealth.Backup("F",
                        Instant.ofEpochSecond(1796278619))));
        assertThat(withBackup(h))
                .contains("# TYPE pgward_backup_repository_reachable gauge\n"
                        + "pgward_backup_repository_reachable{scope=\"demo\",name=\"n1\"} 1\n")
                .contains("pgward_backup_last_check_timestamp_seconds{scope=\"demo\",name=\"n1\"} 1796281170\n")
                .contains("# HELP pgward_backup_last_success_timestamp_seconds Epoch seconds when the newest backup of"
                        + " each type ended, 0 if none\n# TYPE pgward_backup_last_success_timestamp_seconds gauge\n"
                        + "pgward_backup_last_success_timestamp_seconds{scope=\"demo\",name=\"n1\",type=\"full\"} 1796278619\n"
                        + "pgward_backup_last_success_timestamp_seconds{scope=\"demo\",name=\"n1\",type=\"diff\"} 0\n"
                        + "pgward_backup_last_success_timestamp_seconds{scope=\"demo\",name=\"n1\",type=\"incr\"} 0\n");
    }

    @Test
    void anUnreachableRepositoryNeverReadHasNoBackupTimesAndAReplicaExportsNothingOfTheLeadersLook() {
        var unread = io.pgward.ha.BackupHealth.failed("n1", Instant.parse("2026-12-03T06:59:30Z"), "timed out");
        assertThat(withBackup(unread)).contains("pgward_backup_repository_reachable{scope=\"demo\",name=\"n1\"} 0\n")
                .doesNotContain("pgward_backup_last_success_timestamp_seconds");
        var leaders = new io.pgward.ha.BackupHealth("n2", Instant.parse("2026-12-03T06:59:30Z"), true, null, Map.of());
        assertThat(withBackup(leaders)).doesNotContain("pgward_backup");
        assertThat(withBackup(null)).doesNotContain("pgward_backup");
    }
}
