package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/** The files and processes of a local demo cluster ({@code pgward up}) under one directory. */
final class LocalCluster {

    record Ports(int etcd, int pg, int rest) {}

    final Path dir;
    final String scope;
    final int nodes;
    final Ports ports;
    /** The class path the agents run from, made on the first agent start. */
    private String agentClassPath;

    LocalCluster(Path dir, String scope, int nodes, Ports ports) {
        this.dir = dir;
        this.scope = scope;
        this.nodes = nodes;
        this.ports = ports;
    }

    String nodeName(int i) {
        return "node" + (i + 1);
    }

    Path nodeConfig(int i) {
        return dir.resolve(nodeName(i) + ".yml");
    }

    Path dataDir(String node) {
        return dir.resolve(node).resolve("data");
    }

    Path pidFile(String process) {
        return dir.resolve(process + ".pid");
    }

    Path logFile(String process) {
        return dir.resolve(process + ".log");
    }

    /**
     * Fails with the port, what wanted it, and the flag that moves it, when a port is taken; the ports of processes
     * of this cluster that already run are theirs.
     */
    void checkPortsFree() {
        if (running("etcd").isEmpty()) {
            check(ports.etcd(), "etcd client", "--etcd-port");
            check(ports.etcd() + 1, "etcd peer", "--etcd-port");
        }
        for (int i = 0; i < nodes; i++) {
            if (running(nodeName(i)).isPresent()) {
                continue;
            }
            check(ports.pg() + i, "PostgreSQL of " + nodeName(i), "--pg-port");
            check(ports.rest() + i, "REST API of " + nodeName(i), "--rest-port");
        }
    }

    private static void check(int port, String what, String flag) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            s.setReuseAddress(true);
        } catch (IOException e) {
            throw new PgwardException(Code.BAD_REQUEST, "port " + port + " (" + what + ") is already in use on 127.0.0.1:"
                    + " stop what listens there, or choose other ports with " + flag);
        }
    }

    /**
     * Writes each node's YAML (once; kept across restarts) and the REST password file (mode 0600). Nodes added to an
     * existing cluster get the passwords its node files already hold.
     */
    void writeConfigs(String binDir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path script = dir.resolve("post_bootstrap.sh");
        Files.writeString(script, """
                #!/bin/sh
                # Runs once, on the node that bootstraps the cluster; $1 is a superuser connection URL.
                set -e
                psql "$1" -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements'
                # pgvector where it is installed for this PostgreSQL (scripts/setup.sh builds it for 15)
                if [ "$(psql "$1" -Atc "SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'")" = 1 ]; then
                  psql "$1" -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION IF NOT EXISTS vector'
                fi
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        LocalCredentials c = credentials();
        for (int i = 0; i < nodes; i++) {
            if (Files.exists(nodeConfig(i))) {
                continue;
            }
            String yaml = NodeYaml.render(scope, nodeName(i), "127.0.0.1:" + (ports.pg() + i),
                    "127.0.0.1:" + (ports.rest() + i), "127.0.0.1:" + ports.etcd(),
                    dataDir(nodeName(i)).toString(), binDir, c, script.toString());
            writeSecret(nodeConfig(i), yaml);
        }
    }

    /** Refuses fewer nodes than the directory has: their files and data stay, and nothing would run them. */
    void refuseFewerNodes() {
        int existing = existingNodes();
        if (existing > nodes) {
            throw new PgwardException(Code.BAD_REQUEST, "the local cluster in " + dir + " has " + existing + " nodes, "
                    + "and --nodes " + nodes + " would leave " + nodeName(nodes) + (existing - nodes > 1
                    ? " to " + nodeName(existing - 1) : "") + " behind: run 'pgward up --nodes " + existing + "', or"
                    + " 'pgward down --purge' first to start over with fewer (it deletes the cluster's data)");
        }
    }

    /** How many nodes the directory already has: the highest n of its {@code node<n>.yml} files. */
    private int existingNodes() {
        return IntStream.range(0, 9).filter(i -> Files.exists(nodeConfig(i))).map(i -> i + 1).max().orElse(0);
    }

    /** The first node's credentials when it exists, else new ones (the REST password file's, when it is there). */
    private LocalCredentials credentials() throws IOException {
        Path secrets = dir.resolve(RestAuth.FILE_NAME);
        Optional<Path> existing = IntStream.range(0, 9).mapToObj(this::nodeConfig).filter(Files::exists).findFirst();
        LocalCredentials c;
        if (existing.isPresent()) {
            c = LocalCredentials.readFrom(existing.get());
        } else if (Files.exists(secrets)) {
            String[] rest = Files.readString(secrets).trim().split(":", 2);
            c = LocalCredentials.generate(rest[0], rest[1]);
        } else {
            c = LocalCredentials.generate("pgward", LocalCredentials.password());
        }
        if (!Files.exists(secrets)) {
            writeSecret(secrets, c.restUser() + ":" + c.restPassword() + "\n");
        }
        return c;
    }

    private static void writeSecret(Path f, String content) throws IOException {
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    }

    Process startEtcd() throws IOException {
        String client = "http://127.0.0.1:" + ports.etcd();
        String peer = "http://127.0.0.1:" + (ports.etcd() + 1);
        List<String> cmd = List.of("setsid", "etcd", "--name", "pgward-local", "--data-dir", dir.resolve("etcd").toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client, "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer, "--initial-cluster", "pgward-local=" + peer);
        return startDetached("etcd", cmd);
    }

    Process startAgent(int i) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("setsid", javaBinary()));
        cmd.addAll(JvmFlags.AGENT);
        cmd.addAll(List.of("-cp", agentClassPath(), "io.pgward.cli.Main", "agent", "-c",
                nodeConfig(i).toString()));
        return startDetached(nodeName(i), cmd);
    }

    /**
     * The agents run from a copy of the jar in the cluster directory: rebuilding {@code target/pgward.jar} rewrites
     * it in place, and a JVM whose jar changed under it fails to load the classes of its clean shutdown. The copy is
     * replaced by rename (once per command), so agents still running from an older copy keep theirs.
     */
    private String agentClassPath() throws IOException {
        if (agentClassPath == null) {
            agentClassPath = copyOfTheJar();
        }
        return agentClassPath;
    }

    private String copyOfTheJar() throws IOException {
        Path jar = Path.of(System.getProperty("java.class.path").split(File.pathSeparator)[0]);
        if (!jar.toString().endsWith(".jar")) {
            return System.getProperty("java.class.path");    // classes directories (a development run): used as they are
        }
        Path copy = dir.resolve("pgward.jar");
        Path fresh = dir.resolve("pgward.jar.new");
        Files.copy(jar, fresh, StandardCopyOption.REPLACE_EXISTING);
        Files.move(fresh, copy, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        return copy.toString();
    }

    private Process startDetached(String name, List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("MALLOC_ARENA_MAX", JvmFlags.MALLOC_ARENA_MAX);
        Process p = pb.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(name).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Files.writeString(pidFile(name), Long.toString(p.pid()));
        return p;
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** The process recorded in {@code <name>.pid}, if it still runs. */
    Optional<ProcessHandle> running(String name) {
        try {
            Path f = pidFile(name);
            if (!Files.exists(f)) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(Files.readString(f).trim())).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
