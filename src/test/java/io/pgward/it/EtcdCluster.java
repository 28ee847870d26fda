package io.pgward.it;

import io.pgward.dcs.etcd.EtcdClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real multi-member etcd on loopback (the production shape: a member beside each database host), with the
 * moves the tests make on it: freeze a member, restart members one by one or all at once, turn authentication on.
 */
final class EtcdCluster implements AutoCloseable {

    final List<EtcdServer> members = new ArrayList<>();
    /** The root credentials once authentication is on. */
    private String rootPassword;

    /** {@code size} members on loopback, each on ports of its own. */
    EtcdCluster(Path dir, int size) {
        for (int i = 0; i < size; i++) {
            members.add(new EtcdServer(dir, "e" + (i + 1), "127.0.0.1", FreePorts.pick(), FreePorts.pick(), List.of()));
        }
        join();
    }

    /** One member on each of the lab's node hosts, beside that node (its network namespace, ports 2379/2380). */
    EtcdCluster(Path dir, NetLab lab, int nodes) {
        for (int i = 0; i < nodes; i++) {
            members.add(new EtcdServer(dir, "e" + (i + 1), lab.nodeAddress(i), 2379, 2380,
                    lab.exec(lab.nodeNamespace(i))));
        }
        join();
    }

    private void join() {
        String initial = members.stream().map(m -> m.name + "=" + m.peerUrl()).collect(Collectors.joining(","));
        members.forEach(m -> m.initialCluster = initial);
    }

    EtcdCluster start() {
        members.forEach(EtcdServer::launch);
        members.forEach(EtcdServer::awaitReady);
        return this;
    }

    /** etcd3.hosts as Patroni takes it: "host:port,host:port,...", the first member first. */
    String hosts() {
        return members.stream().map(m -> m.host + ":" + m.clientPort).collect(Collectors.joining(","));
    }

    List<String> endpoints() {
        return members.stream().map(EtcdServer::endpoint).toList();
    }

    EtcdClient client() {
        return new EtcdClient(endpoints(), Duration.ofSeconds(5), rootPassword == null ? null : "root", rootPassword);
    }

    /**
     * Turns etcd authentication on: a root user, and {@code user} with a role that may read and write the keys under
     * {@code prefix} only.
     */
    void enableAuth(String user, String password, String prefix) throws Exception {
        String root = "root-secret";
        etcdctl("user", "add", "root:" + root);
        etcdctl("role", "add", user + "-role");
        etcdctl("role", "grant-permission", user + "-role", "--prefix=true", "readwrite", prefix);
        etcdctl("user", "add", user + ":" + password);
        etcdctl("user", "grant-role", user, user + "-role");
        etcdctl("auth", "enable");
        rootPassword = root;
        members.forEach(m -> {
            m.user = "root";
            m.password = root;
        });
    }

    private String etcdctl(String... args) throws Exception {
        return etcdctlAt(String.join(",", endpoints()), args);
    }

    private String etcdctlAt(String endpoints, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("etcdctl", "--endpoints=" + endpoints));
        if (rootPassword != null) {
            cmd.add("--user=root:" + rootPassword);
        }
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "3");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }

    /** Stops member {@code i} and starts it again, waiting until it serves reads. */
    void restart(int i) {
        EtcdServer m = members.get(i);
        m.stop();
        m.launch();
        m.awaitReady();
    }

    /** kill -9 of member {@code i}. */
    void kill(int i) {
        members.get(i).kill();
    }

    /** Starts member {@code i} again after a kill or stop and waits until it serves reads. */
    void startAgain(int i) {
        members.get(i).launch();
        members.get(i).awaitReady();
    }

    /**
     * Moves raft leadership to a member that does not have it (etcdctl move-leader, sent to the current leader);
     * returns the new leader's index.
     */
    int moveLeader() throws Exception {
        String status = etcdctl("endpoint", "status", "-w", "json");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(status);
        long leader = json.get(0).path("Status").path("leader").asLong();
        int leaderIndex = -1;
        int target = -1;
        for (int i = 0; i < json.size(); i++) {
            long id = json.get(i).path("Status").path("header").path("member_id").asLong();
            if (id == leader) {
                leaderIndex = i;
            } else if (target < 0) {
                target = i;
            }
        }
        long targetId = json.get(target).path("Status").path("header").path("member_id").asLong();
        etcdctlAt(members.get(leaderIndex).endpoint(), "move-leader", Long.toHexString(targetId));
        return target;
    }

    /** Stops every member, then starts them all again. */
    void restartAll() {
        members.forEach(EtcdServer::stop);
        members.forEach(EtcdServer::launch);
        members.forEach(EtcdServer::awaitReady);
    }

    @Override
    public void close() {
        members.forEach(EtcdServer::close);
    }
}
