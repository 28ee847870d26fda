package io.pgward.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * postgresql.create_replica_methods with real programs: a Patroni-style script method gets Patroni's arguments and
 * fails, pgward's pgbackrest method finds no backup yet, so the replica of the bootstrap is cloned with pg_basebackup;
 * after a full backup, a reinitialized replica is restored from the pgBackRest repository while the primary takes
 * writes, and streams again with every acknowledged write; {@code reinit --from-leader} uses pg_basebackup.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaMethodsIT {

    private ClusterFixture cluster;
    private Path probeArgs;

    @BeforeAll
    void bootstrap() throws Exception {
        cluster = new ClusterFixture(2);
        Path repo = cluster.dir.resolve("repo");
        Files.createDirectories(repo);
        probeArgs = cluster.dir.resolve("probe-args");
        Files.createDirectories(probeArgs);
        Path probe = cluster.dir.resolve("probe-clone.sh");
        Files.writeString(probe, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"" + probeArgs + "/$(date +%s%N)\"\n"
                + "echo 'probe: no clone here' >&2\nexit 3\n");
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwxr-xr-x"));
        Cli.exec(List.of("chown", "postgres:postgres", repo.toString(), probeArgs.toString()), null);
        cluster.dcsExtra = """
                    backup:
                      stanza: rm
                      repos:
                        - path: %s
                """.formatted(repo);
        cluster.postgresqlExtra = """
                  create_replica_methods: [probe, pgbackrest, basebackup]
                  probe:
                    command: %s --fast
                    threads: 2
                """.formatted(probe);
        cluster.startEtcd().startAll();
        cluster.awaitHealthy(TestTime.seconds(120));
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void methodsAreTriedInOrderAndAReinitializedReplicaIsRestoredFromTheRepositoryUnderWrites() throws Exception {
        int primary = cluster.createAckedTable();
        int replica = 1 - primary;
        String replicaLog = cluster.log(replica);
        assertThat(replicaLog).contains("replica method probe failed (trying the next method)")
                .contains("replica method pgbackrest failed (trying the next method)")
                .contains("replica created with basebackup");
        List<String> args = probeCalls().get(0);
        assertThat(args).containsExactly("--fast", "--threads=2", "--scope=" + cluster.scope, "--role=replica",
                "--datadir=" + cluster.dataDir(replica), args.get(5));
        assertThat(args.get(5)).startsWith("--connstring=").containsPattern("user=.?replicator").containsPattern("dbname=.?postgres")
                .doesNotContain("password");

        Cli.Result backup = Cli.run(null, "backup", "--type", "full", "-c", cluster.configFile(primary).toString());
        assertThat(backup.exit()).as(backup.output()).isZero();

        try (AckWriter writer = new AckWriter(cluster, 1)) {
            await("some writes before the reinit").atMost(TestTime.seconds(30)).until(() -> writer.acknowledged().size() > 50);
            reinit(replica, false);
            await(cluster.name(replica) + " restored from the repository and streaming").atMost(TestTime.seconds(120))
                    .until(() -> streaming(replica) && cluster.log(replica).contains("replica created with pgbackrest"));
            int before = writer.acknowledged().size();
            await("writes go on while the replica streams").atMost(TestTime.seconds(30))
                    .until(() -> writer.acknowledged().size() > before + 50);
            writer.close();
            await("every acknowledged write on the restored replica").atMost(TestTime.seconds(60))
                    .until(() -> writer.missingOn(replica).isEmpty());
        }
        assertThat(cluster.log(replica)).contains("pgbackrest --config=").contains("--delta --type=preserve restore");

        reinit(replica, true);
        await(cluster.name(replica) + " cloned with pg_basebackup as asked").atMost(TestTime.seconds(120))
                .until(() -> countOf(cluster.log(replica), "replica created with basebackup") == 2 && streaming(replica));
        assertThat(cluster.log(replica)).contains("pg_basebackup from " + cluster.name(primary) + ", as asked");
    }

    private void reinit(int node, boolean fromLeader) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("reinit", cluster.scope, cluster.name(node), "--force",
                "-c", cluster.configFile(0).toString()));
        if (fromLeader) {
            args.add("--from-leader");
        }
        Cli.Result r = Cli.run(null, args.toArray(String[]::new));
        assertThat(r.exit()).as(r.output()).isZero();
    }

    private boolean streaming(int node) {
        return cluster.view().member(cluster.name(node)).map(m -> "streaming".equals(m.replicationState()))
                .orElse(false);
    }

    private List<List<String>> probeCalls() throws Exception {
        try (var files = Files.list(probeArgs)) {
            return files.sorted().map(f -> {
                try {
                    return Files.readAllLines(f);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    private static int countOf(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
