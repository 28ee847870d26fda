package io.pgward.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static io.pgward.it.WalArchive.archived;
import static io.pgward.it.WalArchive.failed;
import static io.pgward.it.WalArchive.find;
import static io.pgward.it.WalArchive.switchWal;
import static io.pgward.it.WalArchive.timeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * A pgBackRest repository host: a host of its own (a network namespace, joined to the nodes' host by a veth pair)
 * running {@code pgbackrest server} with the repository, and a 2-node cluster whose only repository it is, reached
 * over TLS with client certificates of a private CA. The primary creates the stanza and archives into it; a full backup
 * is taken on the repository host (pgBackRest backs up into a repository host only there, through the
 * {@code pgbackrest server} of the nodes' host), while {@code pgward backup} says so; {@code pgward backup list} shows
 * the backup; after the primary is killed the new primary archives its timeline into the repository host; with the
 * repository host's server stopped, or admitting another certificate only, {@code pgward backup list} names
 * pgBackRest's error and what to check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepositoryHostIT {

    private static final String NODES_ADDRESS = "10.232.0.1";
    private static final String REPO_ADDRESS = "10.232.0.2";
    private static final int REPO_PORT = 8432;
    private static final String NODE_CN = "pgward-node";
    private static final String REPO_CN = "repository-host";

    private final String tag = "rh" + Integer.toString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff), 36);
    private final String namespace = tag + "-repo";
    private ClusterFixture cluster;
    private Path repository;
    private Path repoConf;
    private PgBackRestServer repoServer;
    private PgBackRestServer nodesServer;
    private PgBackRestServer strictServer;
    private boolean namespaceAdded;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(NetLab.available(), "needs root and iproute2 for the repository host's network namespace");
        namespaceAdded = true;
        NetLab.addLinkedHost(namespace, REPO_ADDRESS, tag, NODES_ADDRESS);
        cluster = new ClusterFixture(2);
        Path tls = Files.createDirectories(cluster.dir.resolve("tls"));
        LoopbackCert ca = LoopbackCert.make(tls, "ca");
        LoopbackCert node = ca.sign(tls, "node", NODE_CN, NODES_ADDRESS);
        LoopbackCert repo = ca.sign(tls, "repository-host", REPO_CN, REPO_ADDRESS);
        repository = cluster.dir.resolve("repository");
        Path repoWork = cluster.dir.resolve("repository-host");
        Path nodesWork = cluster.dir.resolve("nodes-server");
        Files.createDirectories(repository);
        Files.createDirectories(repoWork);
        Files.createDirectories(nodesWork);

        int nodesPort = FreePorts.pick();
        repoConf = repoWork.resolve("pgbackrest.conf");
        Files.writeString(repoConf, repositoryHostConf(ca, repo, repoWork, nodesPort));
        Path nodesConf = nodesWork.resolve("pgbackrest.conf");
        Files.writeString(nodesConf, server(ca, node, nodesWork, NODES_ADDRESS, nodesPort, REPO_CN));
        Cli.exec(List.of("chown", "-R", "postgres:postgres", tls.toString(), repository.toString(),
                repoWork.toString(), nodesWork.toString()), null);
        repoServer = PgBackRestServer.start("repository-host", List.of("ip", "netns", "exec", namespace), repoConf,
                REPO_ADDRESS, REPO_PORT);
        nodesServer = PgBackRestServer.start("nodes-server", List.of(), nodesConf, NODES_ADDRESS, nodesPort);

        cluster.dcsExtra = """
                    backup:
                      stanza: it
                      repos:
                        - host: %s
                          port: %d
                          path: %s
                          ca: %s
                          cert: %s
                          key: %s
                      retention: {full: 2}
                """.formatted(REPO_ADDRESS, REPO_PORT, repository, ca.cert(), node.cert(), node.key());
        cluster.startEtcd().startAll();
        cluster.awaitHealthy(TestTime.seconds(90));
    }

    /** The repository host's own file: its TLS server, the repository, and the nodes it backs up (through theirs). */
    private String repositoryHostConf(LoopbackCert ca, LoopbackCert repo, Path work, int nodesPort) {
        StringBuilder conf = new StringBuilder(server(ca, repo, work, REPO_ADDRESS, REPO_PORT, NODE_CN));
        conf.append("repo1-path=").append(repository).append("\nrepo1-retention-full=2\nstart-fast=y\n\n[it]\n");
        for (int i = 0; i < cluster.nodes; i++) {
            String pg = "pg" + (i + 1);
            conf.append(pg).append("-host=").append(NODES_ADDRESS).append('\n')
                    .append(pg).append("-host-type=tls\n")
                    .append(pg).append("-host-port=").append(nodesPort).append('\n')
                    .append(pg).append("-host-ca-file=").append(ca.cert()).append('\n')
                    .append(pg).append("-host-cert-file=").append(repo.cert()).append('\n')
                    .append(pg).append("-host-key-file=").append(repo.key()).append('\n')
                    .append(pg).append("-path=").append(cluster.dataDir(i)).append('\n')
                    .append(pg).append("-port=").append(cluster.pgPorts[i]).append('\n')
                    .append(pg).append("-socket-path=/var/run/postgresql\n");
        }
        return conf.toString();
    }

    /** The [global] section of a host running pgBackRest's TLS server that admits {@code clientCn} for stanza it. */
    private static String server(LoopbackCert ca, LoopbackCert own, Path work, String address, int port, String clientCn) {
        return """
                [global]
                log-path=%s
                lock-path=%s
                tls-server-address=%s
                tls-server-port=%d
                tls-server-ca-file=%s
                tls-server-cert-file=%s
                tls-server-key-file=%s
                tls-server-auth=%s=it
                """.formatted(work, work, address, port, ca.cert(), own.cert(), own.key(), clientCn);
    }

    @AfterAll
    void stop() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            for (PgBackRestServer server : new PgBackRestServer[] {repoServer, nodesServer, strictServer}) {
                if (server != null) {
                    server.close();
                }
            }
            if (namespaceAdded) {
                NetLab.sh("ip", "netns", "del", namespace);
            }
        }
    }

    @Test
    void archivesIntoTheRepositoryHostBacksUpThereAndContinuesAfterAFailover() throws Exception {
        int primary = cluster.index(cluster.view().leader());
        String conf = Files.readString(cluster.dataDir(primary).resolveSibling("data.pgbackrest.conf"));
        assertThat(conf).contains("repo1-host=" + REPO_ADDRESS + "\n", "repo1-host-type=tls\n", "repo1-path=" + repository + "\n")
                .doesNotContain("\npg2-");
        switchWal(cluster, primary);
        await("WAL archived into the repository host").atMost(TestTime.seconds(60)).until(() -> archived(cluster, primary) > 0);
        assertThat(failed(cluster, primary)).as("failed archive_command runs").isZero();
        assertThat(find(repository.resolve("archive/it"), "000000010000")).isNotEmpty();

        Cli.Result refused = Cli.run(null, "backup", "--type", "full", "-c", cluster.configFile(0).toString());
        assertThat(refused.exit()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("error 072").contains("run 'pgbackrest --stanza=it backup' on " + REPO_ADDRESS);

        Cli.Result backup = onRepositoryHost("--stanza=it", "--log-level-console=warn", "backup", "--type=full");
        assertThat(backup.exit()).as(backup.output()).isZero();
        Cli.Result list = Cli.run(null, "backup", "list", "-c", cluster.configFile(1).toString());
        assertThat(list.exit()).as(list.output()).isZero();
        assertThat(list.output()).contains("| it ").contains("full").contains("stanza it: ok");

        cluster.agents.get(cluster.name(primary)).kill9();
        cluster.killPostgres(primary);
        int replica = 1 - primary;
        await("the replica takes over").atMost(TestTime.seconds(90))
                .until(() -> cluster.name(replica).equals(cluster.view().leader()) && timeline(cluster, replica) == 2);
        await("timeline 2's history file on the repository host").atMost(TestTime.seconds(60))
                .until(() -> find(repository.resolve("archive/it"), "00000002.history").size() == 1);
        switchWal(cluster, replica);
        await("timeline 2's WAL on the repository host").atMost(TestTime.seconds(60))
                .until(() -> find(repository.resolve("archive/it"), "000000020000").stream()
                        .anyMatch(p -> !p.getFileName().toString().contains(".partial")));
        assertThat(failed(cluster, replica)).as("failed archive_command runs on the new primary").isZero();

        restoresTheClusterInPlaceFromTheRepositoryHost(primary, replica);

        repoServer.close();
        Cli.Result unreachable = Cli.run(null, "backup", "list", "-c", cluster.configFile(replica).toString());
        assertThat(unreachable.output()).contains("repo1: [HostConnectError] unable to connect to '" + REPO_ADDRESS)
                .contains("check that the repository host runs 'pgbackrest server' and is reachable on its port");

        Path strictConf = repoConf.resolveSibling("strict.conf");
        Files.writeString(strictConf, Files.readString(repoConf).replace("tls-server-auth=" + NODE_CN + "=",
                "tls-server-auth=somebody-else="));
        Cli.exec(List.of("chown", "postgres:postgres", strictConf.toString()), null);
        strictServer = PgBackRestServer.start("strict-repository-host", List.of("ip", "netns", "exec", namespace),
                strictConf, REPO_ADDRESS, REPO_PORT);
        Cli.Result refusedCert = Cli.run(null, "backup", "list", "-c", cluster.configFile(replica).toString());
        assertThat(refusedCert.output()).contains("repo1: [AccessError]").contains("access denied")
                .contains("its tls-server-auth must name the certificate's CN with this stanza");
    }

    /**
     * The old primary back as a replica, a row written on timeline 2, then {@code pgward restore --to latest}: both
     * nodes restore through the repository host (the backup of timeline 1, WAL of both timelines fetched from there)
     * and the row is on both, on a new timeline.
     */
    private void restoresTheClusterInPlaceFromTheRepositoryHost(int oldPrimary, int leader) throws Exception {
        cluster.startAgent(oldPrimary);
        assertThat(cluster.awaitHealthy(TestTime.seconds(120))).isEqualTo(cluster.name(leader));
        cluster.execute(leader, "CREATE TABLE after_failover AS SELECT 42 AS answer");
        Cli.Result restore = Cli.run(null, "restore", "--to", "latest", "--force", "-c",
                cluster.configFile(oldPrimary).toString());
        assertThat(restore.exit()).as(restore.output()).isZero();
        assertThat(restore.output()).contains("Done:");
        int restored = cluster.index(cluster.awaitHealthy(TestTime.seconds(180)));
        assertThat(timeline(cluster, restored)).as("a new timeline after the restore").isEqualTo(3);
        for (int node = 0; node < cluster.nodes; node++) {
            int n = node;
            await(cluster.name(node) + " has the row of timeline 2").atMost(TestTime.seconds(60)).ignoreExceptions()
                    .until(() -> "42".equals(cluster.queryText(n, "SELECT answer FROM after_failover")));
        }
    }

    /** pgBackRest on the repository host, as its operator (or a timer there) runs it. */
    private Cli.Result onRepositoryHost(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace, "runuser", "-u", "postgres", "--",
                "pgbackrest", "--config=" + repoConf));
        cmd.addAll(List.of(args));
        return Cli.exec(cmd, null);
    }
}
