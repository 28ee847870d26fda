package io.pgward.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** {@code pgward down}: stops the local cluster's agents (they stop PostgreSQL), then etcd. */
@Command(name = "down", description = "Stop the local cluster started by 'pgward up'.")
final class DownCommand implements Callable<Integer> {

    @Option(names = "--dir", description = "the directory given to 'pgward up'")
    Path dir;

    @Option(names = "--purge", description = "also delete its data, configs and logs")
    boolean purge;

    @Override
    public Integer call() throws Exception {
        Path d = dir == null ? UpCommand.defaultDir() : dir;
        LocalCluster cluster = new LocalCluster(d, "", 0, null);
        List<String> agents;
        try (Stream<Path> files = Files.exists(d) ? Files.list(d) : Stream.empty()) {
            agents = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("node") && n.endsWith(".pid"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
        for (String a : agents) {
            stop(cluster, a);
            stopLeftPostgres(cluster.dataDir(a), a);
        }
        stop(cluster, "etcd");
        if (purge && Files.exists(d)) {
            try (Stream<Path> all = Files.walk(d)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            System.out.println("removed " + d);
        }
        return 0;
    }

    /**
     * An agent stops its PostgreSQL when it exits, but one that was killed or failed in its shutdown leaves it
     * running; stop it here, before {@code --purge} could delete the files under a live server.
     */
    private static void stopLeftPostgres(Path dataDir, String node) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isReadable(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> postmaster = lines.isEmpty() || !lines.get(0).trim().matches("\\d+") ? Optional.empty()
                : ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                        .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
        if (postmaster.isEmpty()) {
            return;
        }
        postmaster.get().destroy();    // SIGTERM: PostgreSQL's smart shutdown; its agent and clients are gone
        try {
            postmaster.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            postmaster.get().destroyForcibly();
        }
        System.out.println("stopped the PostgreSQL " + node + " left running (pid " + postmaster.get().pid() + ")");
    }

    private static void stop(LocalCluster cluster, String name) throws IOException {
        Optional<ProcessHandle> p = cluster.running(name);
        if (p.isPresent()) {
            p.get().destroy();
            try {
                p.get().onExit().get(90, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.get().destroyForcibly();
            }
            System.out.println("stopped " + name + " (pid " + p.get().pid() + ")");
        }
        Files.deleteIfExists(cluster.pidFile(name));
    }
}
