package io.pgward.it;

import io.pgward.dcs.etcd.EtcdClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real single-member etcd on free loopback ports, in the test's directory. */
final class EtcdServer implements AutoCloseable {
    final int clientPort = FreePorts.pick();
    final int peerPort = FreePorts.pick();
    private final Path dir;
    private Proc proc;

    EtcdServer(Path dir) {
        this.dir = dir;
    }

    String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    EtcdServer start() {
        String client = endpoint();
        String peer = "http://127.0.0.1:" + peerPort;
        proc = Proc.start("etcd", List.of("etcd", "--name", "it", "--data-dir", dir.resolve("etcd").toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client, "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer, "--initial-cluster", "it=" + peer), dir.resolve("etcd.log"));
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
        return new EtcdClient(List.of(endpoint()), Duration.ofSeconds(3), null, null);
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
