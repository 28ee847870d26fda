package io.pgward.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static io.pgward.it.WalArchive.archived;
import static io.pgward.it.WalArchive.failed;
import static io.pgward.it.WalArchive.find;
import static io.pgward.it.WalArchive.switchWal;
import static io.pgward.it.WalArchive.timeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * WAL archiving and backups with a real pgBackRest and a posix repository: a 2-node cluster bootstrapped with a
 * backup section archives from the start, takes a full backup through {@code pgward backup}, lists it, and after the
 * primary is killed the new primary archives its timeline (history file and WAL) into the same repository; then a
 * schedule added with edit-config runs on the (new) leader, once per slot in the whole cluster; a repository that
 * refuses WAL is a warning in the leader's log within a cycle, and its recovery a line too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupIT {

    private ClusterFixture cluster;
    private Path repo;

    @BeforeAll
    void bootstrap() throws Exception {
        cluster = new ClusterFixture(2);
        repo = cluster.dir.resolve("repo");
        Files.createDirectories(repo);
        Cli.exec(List.of("chown", "postgres:postgres", repo.toString()), null);
        cluster.dcsExtra = """
                    backup:
                      stanza: it
                      repos:
                        - path: %s
                      retention: {full: 2}
                """.formatted(repo);
        cluster.startEtcd().startAll();
        cluster.awaitHealthy(TestTime.seconds(90));
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void archivesBacksUpAndContinuesTheArchiveOnTheNewTimelineAfterAFailover() throws Exception {
        int primary = cluster.index(cluster.view().leader());
        assertThat(cluster.show(primary, "archive_mode")).isEqualTo("on");
        assertThat(cluster.show(primary, "archive_command")).contains("archive-push").contains("--stanza=it");
        Path conf = cluster.dataDir(primary).resolveSibling("data.pgbackrest.conf");
        assertThat(Files.getPosixFilePermissions(conf)).hasToString("[OWNER_READ, OWNER_WRITE]");
        assertThat(Files.getOwner(conf).getName()).isEqualTo("postgres");

        switchWal(cluster, primary);
        await("WAL archived by pgBackRest on " + cluster.name(primary)).atMost(TestTime.seconds(60))
                .until(() -> archived(cluster, primary) > 0);
        assertThat(failed(cluster, primary)).as("failed archive_command runs").isZero();

        Cli.Result backup = Cli.run(null, "backup", "--type", "full", "-c", cluster.configFile(0).toString());
        assertThat(backup.exit()).as(backup.output()).isZero();
        assertThat(backup.output()).contains("backup --type=full succeeded");

        Cli.Result list = Cli.run(null, "backup", "list", "-c", cluster.configFile(0).toString());
        assertThat(list.exit()).as(list.output()).isZero();
        assertThat(list.output()).contains("| it ").contains("full").contains("stanza it: ok");
        Cli.Result json = Cli.run(null, "backup", "list", "--format", "json", "-c", cluster.configFile(1).toString());
        assertThat(json.exit()).as(json.output()).isZero();
        JsonNode info = new ObjectMapper().readTree(json.output());
        assertThat(info.get(0).path("backup").get(0).path("type").asText()).isEqualTo("full");

        cluster.agents.get(cluster.name(primary)).kill9();
        cluster.killPostgres(primary);
        int replica = 1 - primary;
        await("the replica takes over").atMost(TestTime.seconds(90))
                .until(() -> cluster.name(replica).equals(cluster.view().leader()) && timeline(cluster, replica) == 2);
        Path archive = repo.resolve("archive/it");
        await("timeline 2's history file in the repository").atMost(TestTime.seconds(60))
                .until(() -> find(archive, "00000002.history").size() == 1);
        try (Connection c = cluster.connect(replica); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE after_failover AS SELECT generate_series(1, 1000) AS n");
        }
        switchWal(cluster, replica);
        await("timeline 2's WAL in the repository").atMost(TestTime.seconds(60))
                .until(() -> find(archive, "000000020000").stream().anyMatch(p -> !p.toString().endsWith(".partial.gz")
                        && !p.getFileName().toString().endsWith(".history")));
        assertThat(failed(cluster, replica)).as("failed archive_command runs on the new primary").isZero();
    }

    @Test
    @Order(2)
    void aScheduledBackupRunsOncePerSlotOnTheLeader() throws Exception {
        int leader = cluster.index(cluster.awaitHealthy(TestTime.seconds(90)));
        int before = backups(leader).size();
        Path patch = cluster.dir.resolve("schedule.yml");
        Files.writeString(patch, "backup:\n  schedule:\n    - {type: incr, cron: '* * * * *'}\n");
        Cli.Result edit = Cli.run(null, "edit-config", "--apply", patch.toString(), "--force", "-q",
                "-c", cluster.configFile(0).toString());
        assertThat(edit.exit()).as(edit.output()).isZero();

        await("a scheduled backup in the repository").atMost(TestTime.seconds(150))
                .until(() -> backups(leader).size() > before
                        && cluster.log(leader).contains("pgBackRest: scheduled backup --type=incr succeeded"));
        JsonNode latest = backups(leader).get(backups(leader).size() - 1);
        assertThat(latest.path("type").asText()).isEqualTo("incr");
        String leaderLog = cluster.log(leader);
        assertThat(leaderLog).contains("backup schedule: new schedule entries: incr * * * * * starts after");
        assertThat(leaderLog).contains("scheduled incr backup of").contains("pgBackRest: scheduled backup --type=incr succeeded");
        assertThat(cluster.log(1 - leader)).doesNotContain("backup schedule:");
        try (var dcs = cluster.dcs()) {
            String record = dcs.readBackupSchedule().value();
            assertThat(record).contains("\"incr * * * * *\"");
        }
        Cli.Result off = Cli.run(null, "edit-config", "--set", "backup.schedule=null", "--force", "-q",
                "-c", cluster.configFile(0).toString());
        assertThat(off.exit()).as(off.output()).isZero();
        List<String> started = leaderLog.lines().filter(l -> l.contains("backup schedule: scheduled")).toList();
        assertThat(started.stream().map(l -> l.substring(l.indexOf("backup of"))).distinct().count())
                .as("each slot started once: " + started).isEqualTo(started.size());
    }

    @Test
    @Order(3)
    void aFailingArchiveCommandIsAWarningInTheLeadersLogWithinACycle() throws Exception {
        int leader = cluster.index(cluster.awaitHealthy(TestTime.seconds(90)));
        Path archive = repo.resolve("archive");
        Cli.exec(List.of("chmod", "000", archive.toString()), null);
        try {
            switchWal(cluster, leader);
            await("the archive_command failure in " + cluster.name(leader) + "'s log").atMost(TestTime.seconds(60))
                    .until(() -> cluster.log(leader).contains("archive_command failed"));
        } finally {
            Cli.exec(List.of("chmod", "750", archive.toString()), null);
        }
        await("archiving again, said in the log").atMost(TestTime.seconds(120)).until(() -> {
            switchWal(cluster, leader);
            return cluster.log(leader).contains("archive_command works again");
        });
    }

    private JsonNode backupsNode(int node) throws Exception {
        Cli.Result json = Cli.run(null, "backup", "list", "--format", "json", "-c", cluster.configFile(node).toString());
        assertThat(json.exit()).as(json.output()).isZero();
        return new ObjectMapper().readTree(json.output()).get(0).path("backup");
    }

    private List<JsonNode> backups(int node) throws Exception {
        List<JsonNode> list = new java.util.ArrayList<>();
        backupsNode(node).forEach(list::add);
        return list;
    }
}
