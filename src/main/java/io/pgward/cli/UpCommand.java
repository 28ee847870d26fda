package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.dcs.KeyLayout;
import io.pgward.dcs.etcd.EtcdClient;
import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** {@code pgward up}: a local etcd and N agents with generated configs, waited on until healthy. */
@Command(name = "up", description = "Start a local cluster: etcd and N pgward agents with PostgreSQL.")
final class UpCommand implements Callable<Integer> {

    @Option(names = "--nodes", defaultValue = "3", description = "number of PostgreSQL nodes (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--dir", description = "where configs, data and logs go (default /var/lib/pgward/local as root,"
            + " else ~/.pgward/local)")
    Path dir;

    @Option(names = "--scope", defaultValue = "demo", description = "cluster name (default ${DEFAULT-VALUE})")
    String scope;

    @Option(names = "--etcd-port", defaultValue = "12379", description = "etcd client port; peer port is +1 (default ${DEFAULT-VALUE})")
    int etcdPort;

    @Option(names = "--pg-port", defaultValue = "5432", description = "first PostgreSQL port (default ${DEFAULT-VALUE})")
    int pgPort;

    @Option(names = "--rest-port", defaultValue = "8008", description = "first REST API port (default ${DEFAULT-VALUE})")
    int restPort;

    @Option(names = "--bin-dir", description = "PostgreSQL binaries (default: the newest installed"
            + " /usr/lib/postgresql/<major>/bin, else the programs on PATH)")
    String binDir;

    @Option(names = "--timeout", defaultValue = "180", description = "seconds to wait for a healthy cluster")
    int timeoutSeconds;

    static Path defaultDir() {
        return "root".equals(System.getProperty("user.name")) ? Path.of("/var/lib/pgward/local")
                : Path.of(System.getProperty("user.home"), ".pgward", "local");
    }

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || nodes > 9) {
            throw new PgwardException(Code.BAD_REQUEST, "--nodes must be between 1 and 9");
        }
        LocalCluster cluster = new LocalCluster(dir == null ? defaultDir() : dir, scope, nodes,
                new LocalCluster.Ports(etcdPort, pgPort, restPort));
        cluster.refuseFewerNodes();
        List<Integer> toStart = IntStream.range(0, nodes).filter(i -> cluster.running(cluster.nodeName(i)).isEmpty())
                .boxed().toList();
        if (toStart.isEmpty() && cluster.running("etcd").isPresent()) {
            throw new PgwardException(Code.BAD_REQUEST, "a local cluster of " + nodes + " nodes already runs from "
                    + cluster.dir + ": 'pgward down" + (dir == null ? "" : " --dir " + dir) + "' stops it; more"
                    + " --nodes adds nodes to it");
        }
        cluster.checkPortsFree();
        cluster.writeConfigs(binDir != null ? binDir : io.pgward.postgres.Programs.newestInstalled(
                java.nio.file.Path.of("/usr/lib/postgresql")).map(java.nio.file.Path::toString).orElseGet(() ->
                io.pgward.postgres.Programs.directory(null, System.getenv("PATH")).toString()));
        if (cluster.running("etcd").isEmpty()) {
            System.out.println("starting etcd on 127.0.0.1:" + etcdPort);
            cluster.startEtcd();
        }
        for (int i : toStart) {
            System.out.println("starting " + cluster.nodeName(i) + ": PostgreSQL 127.0.0.1:" + (pgPort + i)
                    + ", REST http://127.0.0.1:" + (restPort + i));
            cluster.startAgent(i);
        }
        ClusterView view = waitHealthy(cluster);
        System.out.print(ListCommand.render(scope, view));
        System.out.println();
        System.out.println("Configs, logs and data: " + cluster.dir);
        System.out.println("Connect to the primary:  psql '" + primaryUrl(pgPort, nodes) + "'"
                + "  (password: superuser.password in " + cluster.nodeConfig(0) + ")");
        System.out.println("Cluster status:          pgward list -c " + cluster.nodeConfig(0));
        System.out.println("Stop it:                 pgward down" + (dir == null ? "" : " --dir " + dir));
        return 0;
    }

    /** A connection URL that finds the primary among every node, wherever it moved. */
    static String primaryUrl(int firstPort, int nodes) {
        return "postgresql://postgres@" + IntStream.range(0, nodes).mapToObj(i -> "127.0.0.1:" + (firstPort + i))
                .collect(Collectors.joining(",")) + "/postgres?target_session_attrs=read-write";
    }

    private ClusterView waitHealthy(LocalCluster cluster) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        ClusterView last = null;
        try (EtcdDcs dcs = new EtcdDcs(new EtcdClient(List.of("http://127.0.0.1:" + etcdPort), Duration.ofSeconds(2),
                null, null), new KeyLayout("/service/" + scope + "/"), "pgward-up", 30)) {
            while (System.nanoTime() < deadline) {
                try {
                    last = dcs.read();
                    if (last.isHealthy(nodes)) {
                        return last;
                    }
                } catch (PgwardException e) {
                    // etcd still starting
                }
                for (int i = 0; i < nodes; i++) {
                    if (cluster.running(cluster.nodeName(i)).isEmpty()) {
                        throw new PgwardException(Code.POSTGRES_FAILED, cluster.nodeName(i) + "'s agent exited; see "
                                + cluster.logFile(cluster.nodeName(i)));
                    }
                }
                Thread.sleep(500);
            }
        }
        throw new PgwardException(Code.POSTGRES_FAILED, "the cluster was not healthy within " + timeoutSeconds
                + "s; logs are in " + cluster.dir + (last == null ? "" : "\n" + ListCommand.render(scope, last)));
    }

}
