package io.pgward.it;

import io.pgward.ha.ClusterView;
import io.pgward.ha.HistoryEntry;
import io.pgward.ha.RestoreRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code pgward restore --to} rebuilds a running 3-node cluster in place from a real pgBackRest repository: full
 * backup, rows A, the time T, rows B, a failover, rows C; the restore to T leaves exactly A on every node, one
 * primary and two streaming replicas on a new timeline; a target before the oldest backup is refused with nothing
 * stopped; the restore to the end of the timeline before the first restore brings A, B and C back: nothing committed
 * before a restore is lost from the archive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InPlaceRestoreIT {

    private static final int ROWS = 300;
    private ClusterFixture cluster;
    private String targetTime;
    private int timelineBeforeRestore;

    @BeforeAll
    void archiveABAndC() throws Exception {
        cluster = new ClusterFixture(3);
        cluster.withPosixRepository("inplace", null);
        cluster.startEtcd().startAll();
        int primary = cluster.index(cluster.awaitHealthy(TestTime.seconds(120)));
        sql(primary, "CREATE TABLE phases (phase text, n int)");
        Cli.Result backup = Cli.run(null, "backup", "--type", "full", "-c", cluster.configFile(primary).toString());
        assertThat(backup.exit()).as(backup.output()).isZero();

        insert(primary, "A");
        targetTime = text(primary, "SELECT clock_timestamp()::text");
        sql(primary, "SELECT pg_sleep(1.5)");
        insert(primary, "B");

        String old = cluster.name(primary);
        cluster.agents.get(old).kill9();
        cluster.killPostgres(primary);
        await("a replica takes over").atMost(TestTime.seconds(90)).until(() -> cluster.leaderIsNot(old));
        cluster.startAgent(primary);
        int leader = cluster.index(cluster.awaitHealthy(TestTime.seconds(120)));
        insert(leader, "C");
        timelineBeforeRestore = timeline(leader);
        assertThat(timelineBeforeRestore).isGreaterThanOrEqualTo(2);
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aRestoreToTheTimeTLeavesExactlyAOnEveryNodeOnANewTimeline() throws Exception {
        int anyNode = 0;
        Cli.Result r = Cli.run(null, "restore", "--to", targetTime, "--force", "-c", cluster.configFile(anyNode).toString());

        assertThat(r.exit()).as(r.output() + "\n" + cluster.diagnosis()).isZero();
        assertThat(r.output()).contains("Requested the restore to time").contains("Done:");
        int leader = cluster.index(cluster.awaitHealthy(TestTime.seconds(120)));
        assertThat(timeline(leader)).isGreaterThan(timelineBeforeRestore);
        for (int i = 0; i < 3; i++) {
            int node = i;
            await(cluster.name(node) + " has exactly A").atMost(TestTime.seconds(60)).ignoreExceptions()
                    .until(() -> phases(node).equals(List.of("A:" + ROWS)));
        }
        ClusterView view = cluster.view();
        assertThat(view.restore().state()).isEqualTo(RestoreRequest.State.DONE);
        assertThat(view.history()).extracting(HistoryEntry::reason).anyMatch(reason -> reason.startsWith("restore to time"));
        for (int i = 0; i < 3; i++) {
            assertThat(movedAside(i)).as("the data of " + cluster.name(i) + " before the restore is kept aside").isNotEmpty();
            assertThat(Files.exists(cluster.dataDir(i).resolveSibling(cluster.dataDir(i).getFileName() + ".restore")))
                    .as("no restore mark left on " + cluster.name(i)).isFalse();
        }
        assertThat(cluster.show(leader, "recovery_target_time")).as("recovery settings removed after promotion").isEmpty();
    }

    @Test
    @Order(2)
    void aTargetBeforeTheOldestBackupIsRefusedWithNothingStopped() throws Exception {
        String leader = cluster.view().leader();
        Cli.Result r = Cli.run(null, "restore", "--to", "2001-01-01T00:00:00Z", "--force", "-c",
                cluster.configFile(0).toString());

        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("restore refused before anything was stopped").contains("before the end of the"
                + " oldest backup");
        ClusterView view = cluster.view();
        assertThat(view.leader()).isEqualTo(leader);
        assertThat(view.isHealthy(3)).isTrue();
        assertThat(view.restore().state()).as("the done request is untouched").isEqualTo(RestoreRequest.State.DONE);
    }

    @Test
    @Order(3)
    void theEndOfTheTimelineBeforeTheRestoreBringsABAndCBack() throws Exception {
        Cli.Result r = Cli.run(null, "restore", "--to", "latest", "--timeline", String.valueOf(timelineBeforeRestore),
                "--force", "-c", cluster.configFile(1).toString());

        assertThat(r.exit()).as(r.output() + "\n" + cluster.diagnosis()).isZero();
        cluster.awaitHealthy(TestTime.seconds(120));
        for (int i = 0; i < 3; i++) {
            int node = i;
            await(cluster.name(node) + " has A, B and C").atMost(TestTime.seconds(60)).ignoreExceptions()
                    .until(() -> phases(node).equals(List.of("A:" + ROWS, "B:" + ROWS, "C:" + ROWS)));
        }
    }

    private List<Path> movedAside(int node) throws Exception {
        Path data = cluster.dataDir(node);
        try (Stream<Path> siblings = Files.list(data.getParent())) {
            return siblings.filter(p -> p.getFileName().toString().startsWith(data.getFileName() + ".before-restore."))
                    .toList();
        }
    }

    private void insert(int node, String phase) throws Exception {
        Phases.insert(cluster, node, phase, ROWS);
    }

    private List<String> phases(int node) throws Exception {
        return Phases.counted(cluster, node);
    }

    private int timeline(int node) throws Exception {
        return Integer.parseInt(text(node, "SELECT timeline_id::text FROM pg_control_checkpoint()"));
    }

    private void sql(int node, String sql) throws Exception {
        Phases.sql(cluster, node, sql);
    }

    private String text(int node, String sql) throws Exception {
        return Phases.text(cluster, node, sql);
    }
}
