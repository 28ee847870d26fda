package io.pgward.it;

import io.pgward.dcs.etcd.EtcdClient;
import io.pgward.tls.PemTls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real etcd member in the test's directory: a single-member etcd on free loopback ports, or on a fixed address
 * inside a network namespace ({@code prefix} = {@code ip netns exec NS}), or one member of an {@link EtcdCluster}.
 */
final class EtcdServer implements AutoCloseable {
    final String host;
    final int clientPort;
    final int peerPort;
    private final List<String> prefix;
    private final Path dir;
    final String name;
    /** {@code --initial-cluster}: every member's name=peer URL. */
    String initialCluster;
    /** More etcd flags, e.g. {@code --auth-token jwt,...}. */
    List<String> extraArgs = List.of();
    /** Credentials the test's own client uses once etcd authentication is on; null before. */
    String user;
    String password;
    private Proc proc;
    /** PEM certificate (also the CA, self-signed) and key when etcd serves clients over TLS with client certificates. */
    private Path cert;
    private Path key;

    EtcdServer(Path dir) {
        this(dir, "127.0.0.1", FreePorts.pick(), FreePorts.pick(), List.of());
    }

    EtcdServer(Path dir, String host, int clientPort, int peerPort, List<String> prefix) {
        this(dir, "it", host, clientPort, peerPort, prefix);
    }

    EtcdServer(Path dir, String name, String host, int clientPort, int peerPort, List<String> prefix) {
        this.dir = dir;
        this.name = name;
        this.host = host;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.prefix = prefix;
    }

    String endpoint() {
        return (cert == null ? "http://" : "https://") + host + ":" + clientPort;
    }

    /** Serve clients over TLS only, and require a client certificate signed by {@code cert} (self-signed: itself). */
    EtcdServer withTls(Path cert, Path key) {
        this.cert = cert;
        this.key = key;
        return this;
    }

    String peerUrl() {
        return "http://" + host + ":" + peerPort;
    }

    EtcdServer start() {
        launch();
        return awaitReady();
    }

    /** Starts the process without waiting (members of a new multi-member etcd wait for each other). */
    void launch() {
        String client = endpoint();
        String peer = peerUrl();
        List<String> cmd = new java.util.ArrayList<>(prefix);
        String data = "it".equals(name) ? "etcd" : "etcd-" + name;
        cmd.addAll(List.of("etcd", "--name", name, "--data-dir", dir.resolve(data).toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client, "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer, "--initial-cluster",
                initialCluster != null ? initialCluster : name + "=" + peer));
        cmd.addAll(extraArgs);
        if (cert != null) {
            cmd.addAll(List.of("--cert-file", cert.toString(), "--key-file", key.toString(),
                    "--trusted-ca-file", cert.toString(), "--client-cert-auth"));
        }
        proc = Proc.start("etcd " + name, cmd, dir.resolve("it".equals(name) ? "etcd.log" : "etcd-" + name + ".log"));
    }

    /** Waits until this member answers a read (through the cluster's quorum). */
    EtcdServer awaitReady() {
        EtcdClient c = client();
        long deadline = System.nanoTime() + TestTime.seconds(30).toNanos();
        while (true) {
            try {
                c.get("/probe");
                return this;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("etcd did not start; see " + dir.resolve("etcd.log"), e);
                }
                sleep(100);
            }
        }
    }

    EtcdClient client() {
        return new EtcdClient(List.of(endpoint()), Duration.ofSeconds(3), user, password,
                cert == null ? null : PemTls.client("etcd", cert.toString(), cert.toString(), key.toString()));
    }

    void kill() {
        if (proc != null) {
            proc.kill9();
        }
    }

    long pid() {
        return proc.pid();
    }

    void stop() {
        if (proc != null) {
            proc.terminate(Duration.ofSeconds(10));
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
