package io.pgward.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Custom bootstrap methods restore a cluster from a real pgBackRest repository. A first cluster archives, takes a
 * full backup, commits rows A, then (after the time T) rows B, fails over, commits rows C on the new timeline. A new
 * cluster bootstrapped with Patroni's form ({@code bootstrap.method} with a pgBackRest command and
 * {@code keep_existing_recovery_conf}) recovers to the end of the archive: A, B and C. A new 3-node cluster
 * bootstrapped with pgward's own {@code pgbackrest} method and {@code recovery_target_time: T} has exactly A, on a new
 * timeline, with a primary and two streaming replicas. The order matters: the restore to T archives a new timeline
 * into the repository, which a later recovery to the latest timeline would follow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PointInTimeBootstrapIT {

    private static final int ROWS = 500;
    private Path repo;
    private String targetTime;
    private final List<ClusterFixture> clusters = new ArrayList<>();

    @BeforeAll
    void archiveABAndC() throws Exception {
        repo = Files.createTempDirectory("pgward-pitr-repo");
        Cli.exec(List.of("chown", "postgres:postgres", repo.toString()), null);
        ClusterFixture source = cluster(2);
        source.dcsExtra = backupSection();
        source.startEtcd().startAll();
        int primary = source.index(source.awaitHealthy(TestTime.seconds(120)));
        sql(source, primary, "CREATE TABLE phases (phase text, n int)");
        Cli.Result backup = Cli.run(null, "backup", "--type", "full", "-c", source.configFile(primary).toString());
        assertThat(backup.exit()).as(backup.output()).isZero();

        insert(source, primary, "A");
        targetTime = text(source, primary, "SELECT clock_timestamp()::text");
        sql(source, primary, "SELECT pg_sleep(1.5)");
        insert(source, primary, "B");

        source.agents.get(source.name(primary)).kill9();
        source.killPostgres(primary);
        int replica = 1 - primary;
        await("the replica takes over").atMost(TestTime.seconds(90))
                .until(() -> source.name(replica).equals(source.view().leader()) && !inRecovery(source, replica));
        insert(source, replica, "C");
        String lastWal = text(source, replica, "SELECT pg_walfile_name(pg_current_wal_lsn())");
        sql(source, replica, "SELECT pg_switch_wal()");
        await("rows C archived").atMost(TestTime.seconds(60)).until(() -> archived(source, replica, lastWal));
        close(source);
    }

    /** Every cluster is stopped even when an earlier one's close fails (its log scan found a password). */
    @AfterAll
    void stop() throws Exception {
        try {
            ClusterFixture.closeAll(clusters);
        } finally {
            Cli.exec(List.of("rm", "-rf", repo.toString()), null);
        }
    }

    @Test
    @Order(1)
    void patronisFormWithPgBackRestsOwnRecoverySettingsRestoresToTheEndOfTheArchive() throws Exception {
        ClusterFixture restored = cluster(1);
        Path conf = restored.dir.resolve("pgbackrest-patroni.conf");
        Files.writeString(conf, """
                [global]
                repo1-path=%s
                log-path=%s
                lock-path=%s
                [pitr]
                pg1-path=%s
                """.formatted(repo, restored.dir.resolve("pgbr-log"), restored.dir.resolve("pgbr-lock"), restored.dataDir(0)));
        Files.createDirectories(restored.dir.resolve("pgbr-log"));
        Files.createDirectories(restored.dir.resolve("pgbr-lock"));
        Cli.exec(List.of("chown", "postgres:postgres", conf.toString(), restored.dir.resolve("pgbr-log").toString(),
                restored.dir.resolve("pgbr-lock").toString()), null);
        restored.initdbExtra = "\n  method: pgbackrest\n  pgbackrest:\n    command: pgbackrest --config=" + conf
                + " --stanza=pitr --delta restore\n    keep_existing_recovery_conf: true\n    no_params: true";
        restored.startEtcd().startAll();
        restored.awaitHealthy(TestTime.seconds(180));

        assertThat(phases(restored, 0)).containsExactly("A:" + ROWS, "B:" + ROWS, "C:" + ROWS);
        assertThat(restored.log(0)).contains("bootstrapping with method pgbackrest: pgbackrest --config=")
                .contains("bootstrap method pgbackrest restored the data directory");
    }

    @Test
    @Order(2)
    void pgwardsOwnMethodRecoversToTheTargetTimeAndClonesTwoReplicas() throws Exception {
        ClusterFixture restored = cluster(3);
        restored.dcsExtra = backupSection();
        restored.initdbExtra = "\n  method: pgbackrest\n  pgbackrest:\n    recovery_conf:\n      recovery_target_time: '"
                + targetTime + "'";
        restored.startEtcd().startAll();
        int primary = restored.index(restored.awaitHealthy(TestTime.seconds(180)));

        assertThat(phases(restored, primary)).containsExactly("A:" + ROWS);
        assertThat(Integer.parseInt(text(restored, primary, "SELECT timeline_id::text FROM pg_control_checkpoint()")))
                .as("a new timeline after the two of the source cluster").isGreaterThanOrEqualTo(3);
        assertThat(restored.show(primary, "recovery_target_time")).as("recovery settings removed after promotion").isEmpty();
        await("two streaming replicas").atMost(TestTime.seconds(120)).until(() -> restored.view().members().stream()
                .filter(m -> "streaming".equals(m.replicationState())).count() == 2);
        for (int i = 0; i < 3; i++) {
            int node = i;
            await(restored.name(node) + " has exactly A").atMost(TestTime.seconds(60))
                    .until(() -> phases(restored, node).equals(List.of("A:" + ROWS)));
        }
        assertThat(restored.log(primary)).contains("the restored cluster finished its recovery on timeline")
                .contains("restarted PostgreSQL without the recovery settings");
        assertThat(restored.view().member(restored.name(primary)).orElseThrow().pendingRestart())
                .as("no pending restart after the bootstrap").isFalse();
    }

    private ClusterFixture cluster(int nodes) throws Exception {
        ClusterFixture c = new ClusterFixture(nodes);
        clusters.add(c);
        return c;
    }

    private void close(ClusterFixture c) {
        clusters.remove(c);
        c.close();
    }

    private String backupSection() {
        return """
                    backup:
                      stanza: pitr
                      repos:
                        - path: %s
                      retention: {full: 2}
                """.formatted(repo);
    }

    private static void insert(ClusterFixture c, int node, String phase) throws Exception {
        Phases.insert(c, node, phase, ROWS);
    }

    private static List<String> phases(ClusterFixture c, int node) throws Exception {
        return Phases.counted(c, node);
    }

    private static boolean inRecovery(ClusterFixture c, int node) throws Exception {
        return "t".equals(text(c, node, "SELECT pg_is_in_recovery()::text").substring(0, 1));
    }

    private static boolean archived(ClusterFixture c, int node, String wal) throws Exception {
        String last = text(c, node, "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver");
        return last.length() >= 24 && last.substring(0, 24).compareTo(wal) >= 0;
    }

    private static void sql(ClusterFixture c, int node, String sql) throws Exception {
        Phases.sql(c, node, sql);
    }

    private static String text(ClusterFixture c, int node, String sql) throws Exception {
        return Phases.text(c, node, sql);
    }
}
