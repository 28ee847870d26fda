package io.pgward.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgward.backup.PgBackRest;
import io.pgward.backup.InfoHealth;
import io.pgward.config.BackupConfig;
import io.pgward.postgres.OsUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * A pgBackRest repository in a bucket of a real S3-compatible server (s3rver over HTTPS, its certificate verified
 * against the test's CA; the access key in a file on the nodes, never in etcd). A 2-node cluster archives into the
 * bucket from the start, {@code pgward backup} takes a full backup that {@code pgward backup list} shows, the primary
 * is killed after writes and the new primary archives its timeline into the bucket; then a new cluster bootstrapped
 * with {@code bootstrap.method: pgbackrest} from that bucket has every acknowledged write of both primaries. A CA
 * that did not sign the endpoint's certificate, and a port nobody listens on, are named with pgBackRest's error and
 * what to check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3RepositoryIT {

    private static final String BUCKET = "pgward-it";
    private Path dir;
    private S3rver s3;
    private Path credentials;
    private final List<ClusterFixture> clusters = new ArrayList<>();

    @BeforeAll
    void startS3() throws Exception {
        assumeTrue(S3rver.installed(), "s3rver is not installed at " + S3rver.BINARY
                + " (scripts/setup.sh --with-test-tools installs it, as the test command does)");
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("/tmp/pgward-it")), "s3-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));   // the CA, for postgres
        s3 = S3rver.start(dir, BUCKET);
        credentials = dir.resolve("s3-credentials.yml");
        Files.writeString(credentials, "key: " + S3rver.KEY + "\nkey_secret: " + S3rver.SECRET + "\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
    }

    /** The clusters, then s3rver (by its PID) and its directory; a password found in a cluster's logs fails last. */
    @AfterAll
    void stop() throws Exception {
        try {
            ClusterFixture.closeAll(clusters);
        } finally {
            if (s3 != null) {
                s3.close();
            }
            if (dir != null) {
                Cli.exec(List.of("rm", "-rf", dir.toString()), null);
            }
        }
    }

    @Test
    void archivesBacksUpFailsOverAndRestoresANewClusterFromTheBucket() throws Exception {
        ClusterFixture source = cluster(2);
        source.startEtcd().startAll();
        int primary = source.index(source.awaitHealthy(TestTime.seconds(120)));
        Path conf = source.dataDir(primary).resolveSibling("data.pgbackrest.conf");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf))).isEqualTo("rw-------");
        assertThat(Files.readString(conf)).contains("repo1-type=s3\n", "repo1-s3-bucket=" + BUCKET + "\n",
                "repo1-s3-endpoint=localhost\n", "repo1-storage-port=" + s3.port + "\n", "repo1-s3-uri-style=path\n",
                "repo1-storage-ca-file=" + s3.ca + "\n", "repo1-s3-key-secret=" + S3rver.SECRET + "\n");
        Cli.Result shown = Cli.run(null, "show-config", "-c", source.configFile(0).toString());
        assertThat(shown.output()).as("the dynamic configuration in etcd").contains("credentials: " + credentials)
                .doesNotContain("key_secret");

        source.createAckedTable();
        source.execute(primary, "SELECT pg_switch_wal()");
        await("WAL archived into the bucket").atMost(TestTime.seconds(60))
                .until(() -> !objects("archive/s3it/15-1/").isEmpty());

        Cli.Result backup = Cli.run(null, "backup", "--type", "full", "-c", source.configFile(0).toString());
        assertThat(backup.exit()).as(backup.output()).isZero();
        assertThat(backup.output()).contains("backup --type=full succeeded");
        Cli.Result list = Cli.run(null, "backup", "list", "-c", source.configFile(1).toString());
        assertThat(list.exit()).as(list.output()).isZero();
        assertThat(list.output()).contains("| s3it ").contains("full").contains("stanza s3it: ok");

        Set<Long> acknowledged = new HashSet<>();
        int replica = 1 - primary;
        try (AckWriter writer = new AckWriter(source, 1)) {
            await("writes on the first primary").atMost(TestTime.seconds(30)).until(() -> writer.acknowledged().size() > 100);
            writer.close();
            acknowledged.addAll(writer.acknowledged());
            await("the replica has them before the primary dies").atMost(TestTime.seconds(30))
                    .until(() -> writer.missingOn(replica).isEmpty());
        }
        source.agents.get(source.name(primary)).kill9();
        source.killPostgres(primary);
        await("the replica takes over").atMost(TestTime.seconds(90))
                .until(() -> source.name(replica).equals(source.view().leader()) && !inRecovery(source, replica));
        try (AckWriter writer = new AckWriter(source, 1_000_000)) {
            await("writes on the new primary").atMost(TestTime.seconds(30)).until(() -> writer.acknowledged().size() > 100);
            writer.close();
            acknowledged.addAll(writer.acknowledged());
        }
        String lastWal = source.queryText(replica, "SELECT pg_walfile_name(pg_current_wal_lsn())");
        source.execute(replica, "SELECT pg_switch_wal()");
        await("timeline 2's history and last WAL archived into the bucket").atMost(TestTime.seconds(60))
                .until(() -> !objects("archive/s3it/15-1/00000002.history").isEmpty()
                        && source.archivedUpTo(replica, lastWal));
        close(source);

        ClusterFixture restored = cluster(2);
        restored.initdbExtra = "\n  method: pgbackrest\n  pgbackrest: {}";
        restored.postgresqlExtra = "  create_replica_methods: [pgbackrest, basebackup]\n";
        restored.startEtcd().startAll();
        int leader = restored.index(restored.awaitHealthy(TestTime.seconds(180)));
        int clone = 1 - leader;
        for (int node : new int[] {leader, clone}) {
            Set<Long> found = ids(restored, node);
            assertThat(acknowledged).as("every acknowledged write on " + restored.name(node)).allMatch(found::contains);
        }
        assertThat(restored.log(leader)).contains("bootstrapping with method pgbackrest");
        assertThat(restored.log(clone)).as("the replica restored from the bucket, not copied from the leader")
                .contains("replica created with pgbackrest");
        int timeline = WalArchive.timeline(restored, leader);
        assertThat(timeline).as("a new timeline after the source's two").isGreaterThanOrEqualTo(3);

        restoresInPlaceFromTheBucket(restored, acknowledged, timeline);
    }

    /** {@code pgward restore --to latest} of a running cluster from the bucket: nothing lost, a new timeline. */
    private void restoresInPlaceFromTheBucket(ClusterFixture c, Set<Long> acknowledged, int timelineBefore)
            throws Exception {
        Cli.Result restore = Cli.run(null, "restore", "--to", "latest", "--force", "-c", c.configFile(0).toString());
        assertThat(restore.exit()).as(restore.output()).isZero();
        assertThat(restore.output()).contains("Done:");
        int leader = c.index(c.awaitHealthy(TestTime.seconds(180)));
        assertThat(WalArchive.timeline(c, leader)).as("the restore's own timeline").isGreaterThan(timelineBefore);
        for (int node = 0; node < c.nodes; node++) {
            int n = node;
            await(c.name(node) + " has every acknowledged write after the restore").atMost(TestTime.seconds(60))
                    .ignoreExceptions().until(() -> ids(c, n).containsAll(acknowledged));
        }
    }

    @Test
    void aCertificateThatDoesNotVerifyAndAnUnreachableEndpointAreNamedWithWhatToCheck() throws Exception {
        LoopbackCert otherCa = LoopbackCert.make(dir, "other-ca");   // did not sign s3rver's certificate
        assertThat(infoProblems(s3.port, otherCa.cert())).singleElement().asString()
                .contains("repo1: [CryptoError] unable to verify certificate presented by 'localhost:" + s3.port)
                .contains("check that the repository's ca is the CA that signed the endpoint's certificate");
        int closed = FreePorts.pick();
        assertThat(infoProblems(closed, s3.ca)).singleElement().asString()
                .contains("repo1: [HostConnectError] unable to connect to 'localhost:" + closed)
                .contains("check that the repository is reachable on its port from this node");
    }

    /**
     * What {@code pgward backup list} adds below the stanza (each repository's error and what to check) for pgBackRest's {@code info} of the bucket at
     * {@code port} verified with {@code ca}, run as the agent runs it (as postgres, with pgward's pgbackrest.conf).
     * No PostgreSQL: info reads the repository only.
     */
    private List<String> infoProblems(int port, Path ca) throws Exception {
        Path data = dir.resolve("probe-" + port).resolve("data");
        Files.createDirectories(BackupConfig.workDir(data).resolve("log"));
        Files.createDirectories(BackupConfig.workDir(data).resolve("lock"));
        BackupConfig backup = new BackupConfig("s3it", List.of(new BackupConfig.S3Repo(BUCKET, S3rver.HOST, port,
                "us-east-1", "/cluster", "path", ca.toString(), true, credentials.toString())), null, null, false);
        // pgBackRest retries a failed request until its io-timeout (60 s by default) has passed
        PgBackRest pgbr = new PgBackRest(backup, new PgBackRest.Node(data, 5432, "/tmp", "postgres"),
                OsUser.detect("postgres"), Map.of("PATH", "/usr/bin:/bin", "PGBACKREST_IO_TIMEOUT", "1"));
        Path conf = BackupConfig.confFile(data);
        Files.writeString(conf, pgbr.config());
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
        Cli.exec(List.of("chown", "-R", "postgres:postgres", data.getParent().toString()), null);
        return InfoHealth.repositoryErrors(new ObjectMapper().readTree(pgbr.infoJson()).get(0), "s3it").stream()
                .map(p -> p + PgBackRest.hint(p)).toList();
    }

    private ClusterFixture cluster(int nodes) throws Exception {
        ClusterFixture c = new ClusterFixture(nodes);
        c.dcsExtra = """
                    backup:
                      stanza: s3it
                      repos:
                        - type: s3
                          bucket: %s
                          endpoint: %s
                          region: us-east-1
                          path: /cluster
                          uri_style: path
                          ca: %s
                          credentials: %s
                      retention: {full: 2}
                """.formatted(BUCKET, s3.endpoint(), s3.ca, credentials);
        c.secrets.add(S3rver.SECRET);
        clusters.add(c);
        return c;
    }

    private void close(ClusterFixture c) {
        clusters.remove(c);
        c.close();
    }

    /** Objects of the bucket under the repository path whose key starts with {@code prefix}, as s3rver stores them. */
    private List<Path> objects(String prefix) throws Exception {
        Path root = dir.resolve("s3rver-data").resolve(BUCKET).resolve("cluster");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> p.getFileName().toString().endsWith("._S3rver_object"))
                    .filter(p -> root.relativize(p).toString().startsWith(prefix)).toList();
        }
    }

    private static Set<Long> ids(ClusterFixture c, int node) throws Exception {
        Set<Long> ids = new HashSet<>();
        try (Connection conn = c.connect(node); Statement s = conn.createStatement();
             ResultSet r = s.executeQuery("SELECT id FROM acked")) {
            while (r.next()) {
                ids.add(r.getLong(1));
            }
        }
        return ids;
    }

    private static boolean inRecovery(ClusterFixture c, int node) throws Exception {
        return c.queryText(node, "SELECT pg_is_in_recovery()::text").startsWith("t");
    }
}
