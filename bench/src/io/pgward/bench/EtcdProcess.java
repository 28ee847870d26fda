package io.pgward.bench;

import java.io.IOException;
import java.nio.file.Path;

/** A fresh one-member etcd for one cluster, logging to etcd.log in the cluster's directory. */
final class EtcdProcess implements AutoCloseable {

    private final Path dir;
    private final int clientPort;
    private final int peerPort;
    private Process process;

    EtcdProcess(Path dir, int clientPort, int peerPort) {
        this.dir = dir;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
    }

    /** Starts etcd and waits (up to 30 s) until it answers /health. */
    void start(EtcdClient client) throws IOException {
        String peer = "http://127.0.0.1:" + peerPort;
        String url = "http://127.0.0.1:" + clientPort;
        ProcessBuilder pb = new ProcessBuilder("etcd", "--name", "b", "--data-dir", dir.resolve("etcd").toString(),
                "--listen-client-urls", url, "--advertise-client-urls", url,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "b=" + peer, "--log-level", "warn")
                .redirectErrorStream(true).redirectOutput(log().toFile());
        process = pb.start();
        Processes.STARTED.add(process);
        if (!Time.waitFor(30, 0.1, client::healthy)) {
            throw new IllegalStateException("etcd did not become healthy; see " + log());
        }
    }

    /** SIGSTOP (freeze) or SIGCONT (thaw) to the etcd process: it keeps its sockets but answers nothing. */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    Path log() {
        return dir.resolve("etcd.log");
    }

    /** SIGTERM, then SIGKILL after 15 s. */
    @Override
    public void close() {
        if (process != null) {
            try {
                signal("CONT");    // a frozen etcd would ignore SIGTERM until the 15 s are up
            } catch (IOException | RuntimeException e) {
                // already gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Processes.stop(process, 15);
        }
    }
}
