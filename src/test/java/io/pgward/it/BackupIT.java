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
 * refuses WAL is a warning in the leader's log within a cycle, and its recovery a line too. Backup health: the
 * leader's last full backup and the repository's reachability show in {@code /patroni} (also on the replica, from the
 * leader's member key), {@code /metrics} (the leader only) and {@code pgward list}; a repository pgBackRest cannot read
 * turns reachability false there, without failing any health check, and true again once it is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupIT {

    private final Rest rest = new Rest(null, null);
    private ClusterFixture cluster;
    private Path repo;

    @BeforeAll
    void bootstrap() throws Exception {
        cluster = new ClusterFixture(2);
        repo = cluster.withPosixRepository("it", 2);
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
        assertThat(Files.getPosixFilePermissions(conf)).as("0600: a set, in no particular order")
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
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
        backupHealthShowsTheFullBackup(primary, info.get(0).path("backup").get(0).path("label").asText());

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

    /** After pgward backup: the leader checked the repository at once; every place that shows backup health has it. */
    private void backupHealthShowsTheFullBackup(int leader, String label) throws Exception {
        await("full backup " + label + " in the leader's /patroni").atMost(TestTime.seconds(30))
                .until(() -> label.equals(backupHealth(leader).path("last").path("full").path("label").asText()));
        JsonNode health = backupHealth(leader);
        assertThat(health.path("reachable").asBoolean()).as(health.toString()).isTrue();
        assertThat(health.path("checked_by").asText()).isEqualTo(cluster.name(leader));
        assertThat(health.path("last").path("full").path("age_seconds").asLong()).isBetween(0L, 600L);
        String metrics = rest.call(cluster.restPorts[leader], "GET", "/metrics", null).body();
        assertThat(metrics).contains("# TYPE pgward_backup_repository_reachable gauge")
                .containsPattern("pgward_backup_repository_reachable\\{[^}]*name=\"" + cluster.name(leader) + "\"} 1\n")
                .containsPattern("pgward_backup_last_success_timestamp_seconds\\{[^}]*type=\"full\"} [1-9][0-9]+\n");
        int replica = 1 - leader;
        assertThat(rest.call(cluster.restPorts[replica], "GET", "/metrics", null).body())
                .as("only the leader exports the repository's series").doesNotContain("pgward_backup_");
        await("the replica's /patroni shows the leader's look at the repository").atMost(TestTime.seconds(30))
                .until(() -> label.equals(backupHealth(replica).path("last").path("full").path("label").asText())
                        && cluster.name(leader).equals(backupHealth(replica).path("checked_by").asText()));
        Cli.Result list = Cli.run(null, "list", "-c", cluster.configFile(replica).toString());
        assertThat(list.output()).containsPattern(" Last full backup: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC"
                + " \\(\\d+[sm] ago\\), repository reachable\n");
        Cli.Result json = Cli.run(null, "list", "-f", "json", "-c", cluster.configFile(replica).toString());
        JsonNode rows = new ObjectMapper().readTree(json.output());
        for (JsonNode row : rows) {
            boolean isLeader = row.path("Member").asText().equals(cluster.name(leader));
            assertThat(row.path("Backup").path("last").path("full").path("label").asText())
                    .as(row.toString()).isEqualTo(isLeader ? label : "");
        }
    }

    private JsonNode backupHealth(int node) throws Exception {
        return BackupHealthProbe.of(cluster, node);
    }

    @Test
    @Order(4)
    void aRepositoryPgBackRestCannotReadIsShownUnreachableWithoutFailingHealthChecksThenReachableAgain() throws Exception {
        int leader = cluster.index(cluster.awaitHealthy(TestTime.seconds(90)));
        String name = cluster.name(leader);
        await("the leader since the failover checks the repository and finds the full backup").atMost(TestTime.seconds(90))
                .until(() -> name.equals(backupHealth(leader).path("checked_by").asText())
                        && backupHealth(leader).path("reachable").asBoolean()
                        && !backupHealth(leader).path("last").path("full").path("label").asText().isEmpty());
        Path backups = repo.resolve("backup");
        Cli.exec(List.of("chmod", "000", backups.toString()), null);
        try {
            await("the repository unreachable in " + name + "'s /patroni").atMost(TestTime.seconds(100))
                    .until(() -> !backupHealth(leader).path("reachable").asBoolean(true));
            JsonNode health = backupHealth(leader);
            assertThat(health.path("error").asText()).contains("Permission denied");
            assertThat(health.path("last").path("full").path("label").asText()).as("the backups seen before are kept")
                    .isNotEmpty();
            assertThat(rest.call(cluster.restPorts[leader], "GET", "/metrics", null).body())
                    .containsPattern("pgward_backup_repository_reachable\\{[^}]*name=\"" + name + "\"} 0\n");
            for (String path : List.of("/health", "/primary", "/readiness", "/liveness")) {
                assertThat(rest.status(cluster.restPorts[leader], "GET", path)).as(path).isEqualTo(200);
            }
            await("pgward list names the unreachable repository").atMost(TestTime.seconds(30)).until(() ->
                    Cli.run(null, "list", "-c", cluster.configFile(0).toString()).output()
                            .contains(", repository UNREACHABLE: repo1: [PathOpenError]"));
            assertThat(cluster.log(leader)).contains("the backup repository is unreachable (pgbackrest info)");
        } finally {
            Cli.exec(List.of("chmod", "750", backups.toString()), null);
        }
        await("the repository reachable again").atMost(TestTime.seconds(100))
                .until(() -> backupHealth(leader).path("reachable").asBoolean(false));
        assertThat(backupHealth(leader).has("error")).isFalse();
        assertThat(cluster.log(leader)).contains("the backup repository is reachable again");
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

    /** Regression: a change of the backup section alone (no PostgreSQL setting) never reached pgbackrest.conf. */
    @Test
    @Order(5)
    void archiveAsyncChangedWithEditConfigReachesEveryNodesPgBackRestConf() throws Exception {
        Cli.Result edit = Cli.run(null, "edit-config", "--set", "backup.archive_async=true", "--force", "-q",
                "-c", cluster.configFile(0).toString());
        assertThat(edit.exit()).as(edit.output()).isZero();
        int checked = 0;
        for (int i = 0; i < 2; i++) {
            if (!cluster.agents.get(cluster.name(i)).alive()) {
                continue;    // the primary killed in the first test stays down
            }
            checked++;
            Path conf = io.pgward.config.BackupConfig.confFile(cluster.dataDir(i));
            await(cluster.name(i) + "'s pgbackrest.conf has archive-async").atMost(TestTime.seconds(30))
                    .until(() -> Files.readString(conf).contains("archive-async=y"));
        }
        assertThat(checked).as("nodes whose agent runs").isPositive();
    }
}
