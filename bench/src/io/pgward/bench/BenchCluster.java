package io.pgward.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One 3-node cluster of one tool: its etcd, its agents, and the harness's view of it (leader key, /sync key,
 * PostgreSQL state). Closing it stops everything it started.
 */
final class BenchCluster implements AutoCloseable {

    private static final String LEADER_KEY = "/service/" + NodeConfig.SCOPE + "/leader";
    private static final String SYNC_KEY = "/service/" + NodeConfig.SCOPE + "/sync";

    final String tool;
    final Profile profile;
    final ClusterLayout layout;
    final EtcdClient etcd;
    final Agents agents;
    final PgProbe pg;
    /** What went wrong on the side (teardown, agent exits), reported with the trial. */
    final List<String> notes = new ArrayList<>();
    /** HAProxy in front of the cluster (bench/run --haproxy), or null. */
    Haproxy haproxy;
    /** Keys added to every node's bootstrap.dcs (4 spaces in) and postgresql section (2 spaces in); see NodeConfig. */
    String dcsExtra = "";
    String postgresqlExtra = "";
    final EtcdProcess etcdProcess;

    BenchCluster(Options o, String tool, Profile profile, Path dir) {
        this.tool = tool;
        this.profile = profile;
        this.layout = new ClusterLayout(dir, o.portBase);
        this.etcd = new EtcdClient(layout.etcdClientPort());
        this.etcdProcess = new EtcdProcess(dir, layout.etcdClientPort(), layout.etcdPeerPort());
        this.agents = new Agents(o, tool, layout);
        this.pg = new PgProbe(layout);
    }

    int n() {
        return layout.n();
    }

    String name(int i) {
        return layout.name(i);
    }

    int index(String name) {
        return layout.index(name);
    }

    PgState probe(int i) {
        return pg.probe(i);
    }

    /** Directories and configuration files; waits until every port of the cluster is free. */
    void prepare() throws IOException {
        Dirs.mkdir755(layout.dir());
        for (int i = 0; i < n(); i++) {
            Dirs.mkdir755(layout.nodeDir(i));
            Shell.run("chown", "postgres:postgres", layout.nodeDir(i).toString());
            Processes.DATA_DIRS.add(layout.dataDir(i));
            Files.writeString(layout.config(i), NodeConfig.yaml(layout, profile, i, dcsExtra, postgresqlExtra));
        }
        for (int port : layout.ports()) {
            awaitPortFree(port);
        }
    }

    private static void awaitPortFree(int port) {
        boolean free = Time.waitFor(60, 0.5, () -> {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress("127.0.0.1", port));
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        if (!free) {
            throw new IllegalStateException("port " + port + " stays in use; move the cluster with --port-base");
        }
    }

    void startEtcd() throws IOException {
        etcdProcess.start(etcd);
    }

    void startAgents() throws IOException {
        agents.startAll();
    }

    String leaderKey() {
        String[] v = etcd.get(LEADER_KEY);
        return v == null ? null : v[0];
    }

    /** The leader key's value and lease id, or null. */
    String[] leaderKeyWithLease() {
        return etcd.get(LEADER_KEY);
    }

    /** One leader (holds the key, writable) and every other node streaming from it; null otherwise. */
    String healthyLeader() {
        for (int i = 0; i < n(); i++) {
            if (!agents.alive(i)) {
                return null;
            }
        }
        String leader = leaderKey();
        if (leader == null || !leader.matches("n[1-3]")) {
            return null;
        }
        int li = index(leader);
        for (int i = 0; i < n(); i++) {
            PgState s = probe(i);
            boolean ok = i == li ? s.up() && !s.inRecovery() && s.streaming() >= n() - 1 : s.streamingReplica();
            if (!ok) {
                return null;
            }
        }
        return leader;
    }

    /** Waits for {@link #healthyLeader()}; an agent that exits meanwhile ends the wait with {@link AgentDied}. */
    String awaitHealthy(double timeout) {
        String[] found = new String[1];
        boolean ok = Time.waitFor(timeout, 0.1, () -> {
            agents.checkAlive();
            found[0] = healthyLeader();
            return found[0] != null;
        });
        if (!ok) {
            throw new IllegalStateException("cluster not healthy (1 leader + 2 streaming) within " + timeout
                    + " s: " + describe());
        }
        return found[0];
    }

    /** The leader key and each node's agent and PostgreSQL, for error messages. */
    String describe() {
        StringBuilder sb = new StringBuilder("leader key=").append(safeLeaderKey());
        for (int i = 0; i < n(); i++) {
            PgState s = probe(i);
            String state = !s.up() ? "down (" + pg.lastError(i) + ")"
                    : s.inRecovery() ? "replica/" + s.walReceiver() : "primary/" + s.streaming() + " streaming";
            sb.append("; ").append(name(i)).append(": agent ").append(agents.alive(i) ? "alive" : "dead")
                    .append(", pg ").append(state);
        }
        return sb.toString();
    }

    private String safeLeaderKey() {
        try {
            return leaderKey();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    void createTable(String leader) throws SQLException {
        try (Connection c = Postgres.connect(layout.pgPort(index(leader)), 10); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS bench_writes (id bigint PRIMARY KEY, "
                    + "at timestamptz NOT NULL DEFAULT clock_timestamp())");
        }
    }

    /** synchronous_mode on through PATCH /config on the leader. */
    void enableSync(String leader) throws IOException, InterruptedException {
        RestApi.enableSyncMode(layout.restPort(index(leader)));
    }

    /** The synchronous standby named in the /sync key, or null. */
    String syncStandby() {
        try {
            String[] v = etcd.get(SYNC_KEY);
            if (v == null) {
                return null;
            }
            String sb = Json.MAPPER.readTree(v[0]).path("sync_standby").asText("");
            return sb.isEmpty() || sb.equals("null") ? null : sb.split(",")[0].trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** PostgreSQL on the leader reports a sync standby and the /sync key names the leader and a standby. */
    boolean syncReady(String leader) {
        PgState s = probe(index(leader));
        if (!s.up() || s.inRecovery() || s.sync() < 1) {
            return false;
        }
        String[] v = etcd.get(SYNC_KEY);
        if (v == null) {
            return false;
        }
        try {
            JsonNode j = Json.MAPPER.readTree(v[0]);
            return leader.equals(j.path("leader").asText()) && !j.path("sync_standby").isNull()
                    && !j.path("sync_standby").asText("").isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops everything: agents with SIGTERM (then SIGKILL), stray postmasters with SIGKILL, etcd. */
    @Override
    public void close() {
        if (haproxy != null) {
            haproxy.close();
        }
        pg.close();
        agents.stopAll(notes);
        for (int i = 0; i < n(); i++) {
            Optional<ProcessHandle> pm = Processes.postmasterOf(layout.dataDir(i));
            if (pm.isPresent()) {
                notes.add(name(i) + ": PostgreSQL still running after its agent stopped; killed");
                Processes.killTree(pm.get());
            }
            Processes.DATA_DIRS.remove(layout.dataDir(i));
        }
        etcdProcess.close();
    }
}
