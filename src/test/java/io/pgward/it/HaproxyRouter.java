package io.pgward.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's HAProxy on a configuration {@code pgward haproxy-config} wrote for a running cluster, on free loopback
 * ports; started by the test and stopped by PID.
 */
final class HaproxyRouter implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/haproxy");

    final int rwPort = FreePorts.pick();
    final int roPort = FreePorts.pick();
    final Path config;
    private final Proc process;

    /** Writes the configuration with {@code extraOptions} added to the command, and starts HAProxy on it. */
    HaproxyRouter(ClusterFixture cluster, String... extraOptions) throws Exception {
        config = cluster.dir.resolve("haproxy.cfg");
        List<String> command = new ArrayList<>(List.of("haproxy-config", "-c", cluster.configFile(0).toString(),
                "--bind", "127.0.0.1", "--rw-port", Integer.toString(rwPort), "--ro-port", Integer.toString(roPort),
                "-o", config.toString()));
        command.addAll(List.of(extraOptions));
        Cli.Result r = Cli.run(null, command.toArray(String[]::new));
        assertThat(r.exit()).as(r.output()).isZero();
        process = Proc.start("haproxy", List.of(BINARY.toString(), "-db", "-f", config.toString()),
                cluster.dir.resolve("haproxy.log"));
    }

    boolean alive() {
        return process.alive();
    }

    /** What HAProxy printed (server state changes among it). */
    String output() throws Exception {
        return Files.readString(process.log);
    }

    @Override
    public void close() {
        process.close();
    }
}
