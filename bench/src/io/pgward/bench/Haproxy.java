package io.pgward.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's HAProxy in front of one cluster, with the configuration {@code pgward haproxy-config} writes from the
 * members in etcd (the same for a Patroni cluster: same keys, same REST API); started and stopped by PID.
 */
final class Haproxy implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/haproxy");

    final int rwPort;
    private final Path dir;
    private Process process;

    Haproxy(Path dir, int portBase) {
        this.dir = dir;
        this.rwPort = portBase + 5000;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    static String version() {
        return installed() ? Shell.run(BINARY.toString(), "-v").lines().findFirst().orElse("") : "not installed";
    }

    /** Writes the configuration with the jar, starts HAProxy and waits (30 s) until its read-write port writes. */
    void start(Options o, ClusterLayout layout) throws IOException, InterruptedException {
        Path config = dir.resolve("haproxy.cfg");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process gen = new ProcessBuilder(java, "-jar", o.jar.toString(), "haproxy-config", "--dcs-url",
                "http://127.0.0.1:" + layout.etcdClientPort(), "--scope", NodeConfig.SCOPE, "--bind", "127.0.0.1",
                "--rw-port", Integer.toString(rwPort), "--ro-port", Integer.toString(rwPort + 1), "-o",
                config.toString()).redirectErrorStream(true).start();
        String out = new String(gen.getInputStream().readAllBytes());
        if (!gen.waitFor(60, TimeUnit.SECONDS) || gen.exitValue() != 0) {
            gen.destroyForcibly();
            throw new IllegalStateException("pgward haproxy-config failed: " + out);
        }
        process = new ProcessBuilder(List.of(BINARY.toString(), "-db", "-f", config.toString()))
                .redirectErrorStream(true).redirectOutput(log().toFile()).start();
        Processes.STARTED.add(process);
        if (!Time.waitFor(30, 0.1, this::writable)) {
            throw new IllegalStateException("HAProxy's read-write port " + rwPort + " did not reach a primary within"
                    + " 30 s; see " + log());
        }
    }

    private boolean writable() {
        if (!process.isAlive()) {
            throw new IllegalStateException("HAProxy exited; see " + log());
        }
        try (Connection c = Postgres.connect(rwPort, 2); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pg_is_in_recovery()")) {
            return r.next() && !r.getBoolean(1);
        } catch (SQLException e) {
            return false;
        }
    }

    Path log() {
        return dir.resolve("haproxy.log");
    }

    /** SIGTERM, then SIGKILL after 10 s. */
    @Override
    public void close() {
        if (process != null) {
            Processes.stop(process, 10);
        }
    }
}
