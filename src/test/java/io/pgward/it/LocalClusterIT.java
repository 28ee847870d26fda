package io.pgward.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's quick start: {@code pgward up} starts etcd and three nodes, {@code pgward down} stops everything. */
class LocalClusterIT {

    private Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        if (dir != null) {
            Cli.run(null, "down", "--dir", dir.toString(), "--purge");
        }
    }

    @Test
    void upStartsAHealthyClusterAndDownStopsEveryProcessEvenAPostgresWhoseAgentWasKilled() throws Exception {
        Cli.Result up = Cli.run(null, up("3", newClusterFlags(3)));
        assertThat(up.exit()).as(() -> up.output() + agentLogs()).isZero();

        Cli.Result list = Cli.run(null, "list", "-c", dir.resolve("node1.yml").toString());
        assertThat(list.exit()).as(list.output()).isZero();
        assertThat(list.output()).contains("Leader").contains("node1").contains("node2").contains("node3");
        assertThat(list.output().split("streaming", -1)).as(list.output()).hasSize(3);

        List<ProcessHandle> postmasters = new ArrayList<>();
        for (String node : List.of("node1", "node2", "node3")) {
            postmasters.add(postmaster(dir.resolve(node).resolve("data")).orElseThrow());
        }
        ProcessHandle agent = ProcessHandle.of(pid(dir.resolve("node2.pid"))).orElseThrow();
        agent.destroyForcibly();
        agent.onExit().get();
        assertThat(postmasters.get(1).isAlive()).as("killing the agent leaves its PostgreSQL").isTrue();

        Cli.Result down = Cli.run(null, "down", "--dir", dir.toString());
        assertThat(down.exit()).as(down.output()).isZero();
        assertThat(down.output()).contains("stopped the PostgreSQL node2 left running").contains("stopped etcd");
        for (ProcessHandle p : postmasters) {
            assertThat(p.isAlive()).as("postmaster " + p.pid() + " after down").isFalse();
        }
    }

    @Test
    void upWithMoreNodesAddsReplicasThatUseTheClustersPasswordsAndFewerNodesIsRefused() throws Exception {
        List<String> flags = newClusterFlags(2);
        Cli.Result one = Cli.run(null, up("1", flags));
        assertThat(one.exit()).as(() -> one.output() + agentLogs()).isZero();

        Cli.Result two = Cli.run(null, up("2", flags));
        assertThat(two.exit()).as(() -> two.output() + agentLogs()).isZero();
        assertThat(two.output()).doesNotContain("starting etcd").doesNotContain("starting node1");
        Cli.Result list = Cli.run(null, "list", "-c", dir.resolve("node2.yml").toString());
        assertThat(list.output()).as(list.output()).contains("node2").contains("streaming");

        Cli.Result fewer = Cli.run(null, up("1", flags));
        assertThat(fewer.exit()).as(fewer.output()).isNotZero();
        assertThat(fewer.output()).contains("has 2 nodes").contains("--nodes 2");
        assertThat(dir.resolve("node2.yml")).exists();
    }

    /** A new cluster directory and free ports for up to {@code nodes} nodes, as the flags of 'pgward up'. */
    private List<String> newClusterFlags(int nodes) throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "pgward-up-");
        return List.of("--dir", dir.toString(), "--pg-port", Integer.toString(freeRange(nodes)), "--rest-port",
                Integer.toString(freeRange(nodes)), "--etcd-port", Integer.toString(freeRange(2)), "--timeout", "180");
    }

    private static String[] up(String nodes, List<String> flags) {
        List<String> all = new ArrayList<>(List.of("up", "--nodes", nodes));
        all.addAll(flags);
        return all.toArray(String[]::new);
    }

    /** The first line of a pid file (postmaster.pid has more lines after it). */
    private static long pid(Path pidFile) throws IOException {
        return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    }

    private static Optional<ProcessHandle> postmaster(Path dataDir) throws IOException {
        return ProcessHandle.of(pid(dataDir.resolve("postmaster.pid")));
    }

    private String agentLogs() {
        StringBuilder out = new StringBuilder();
        for (String node : List.of("node1", "node2", "node3")) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve(node + ".log"));
                out.append("\n--- ").append(node).append(".log (end):\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            } catch (IOException e) {
                out.append("\n--- no ").append(node).append(".log");
            }
        }
        return out.toString();
    }

    /**
     * The first of {@code n} consecutive free loopback ports, below the kernel's ephemeral range (32768 and up
     * here), so no client connection can take one between this check and the bind.
     */
    private static int freeRange(int n) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20000, 32000);
            if (allFree(base, n)) {
                return base;
            }
        }
        throw new IllegalStateException("no " + n + " consecutive free ports");
    }

    private static boolean allFree(int base, int n) {
        for (int p = base; p < base + n; p++) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getByName("127.0.0.1"))) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
