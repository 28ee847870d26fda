package io.pgward.it;

import io.pgward.dcs.KeyLayout;
import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real cluster for integration tests: one etcd and N agents, each a separate JVM running the packaged jar,
 * with PostgreSQL on free loopback ports. Everything it starts it stops, by PID.
 */
final class ClusterFixture implements AutoCloseable {

    static final String SUPERUSER_PASSWORD = "su-secret";
    /** The PostgreSQL the nodes run: scripts/test.sh runs the integration tests once per installed major version. */
    static final String PG_BIN = System.getProperty("pgward.test.pgBin", "/usr/lib/postgresql/15/bin");
    /** pgvector is built for PostgreSQL 15 by scripts/setup.sh, not for 18 (see there). */
    static final boolean HAS_PGVECTOR = Files.exists(sharedir().resolve("extension/vector.control"));
    final Path dir;
    final EtcdServer etcd;
    /** When set (withEtcdCluster), the cluster's etcd instead of {@link #etcd}. */
    EtcdCluster etcdCluster;
    final String scope = "it";
    final int nodes;
    final int[] pgPorts;
    final int[] restPorts;
    final Map<String, Proc> agents = new HashMap<>();
    String initdbExtra = "";
    /** Extra YAML under restapi (e.g. authentication), indented by two spaces. */
    String restapiExtra = "";
    /** bootstrap.dcs.ttl: the leader lease in seconds. */
    int ttl = 20;
    int loopWait = 2;
    int retryTimeout = 5;
    /** Extra keys of bootstrap.dcs, each line indented by four spaces, e.g. "    synchronous_mode: true\n". */
    String dcsExtra = "";
    /** Extra keys of the postgresql section, each line indented by two spaces. */
    String postgresqlExtra = "";
    /** Appended inside each user's {username, password} of postgresql.authentication, e.g. ", sslmode: require". */
    String userOptions = "";
    /** Lines appended to postgresql.parameters (each starting with a newline and four spaces). */
    String parametersExtra = "";
    /** pg_hba lines placed before the fixture's own (each starting with a newline and four spaces, "- "). */
    String hbaFirst = "";
    /** Extra keys of the etcd3 section, each line indented by two spaces. */
    String etcdExtra = "";
    /** Per node: a YAML "tags:" section (or empty). */
    final Map<Integer, String> tags = new HashMap<>();
    /** Top-level sections every node's file ends with (e.g. pgward's haproxy or pgbouncer section), or empty. */
    String extraSections = "";
    /** Each node's address (loopback, or its network namespace's). */
    final String[] hosts;
    /** The network clients of pg_hba may come from. */
    final String clientNet;
    /** Passwords this cluster was given: close() fails the test when any of its logs holds one. */
    final List<String> secrets = new ArrayList<>(List.of(SUPERUSER_PASSWORD, "repl-secret", "rewind-secret",
            "admin-secret", "old-secret", "new-secret", "pgward-secret", "root-secret"));
    /** Set when a check on this cluster failed: its directory is kept for a look at the logs. */
    boolean failed;
    /** Command prefix that places node i's agent (and so its PostgreSQL) in its network namespace. */
    private final java.util.function.IntFunction<List<String>> placement;

    ClusterFixture(int nodes) throws IOException {
        this(nodes, null);
    }

    /** With a {@link NetLab}: every node and etcd on its own host (network namespace). */
    ClusterFixture(int nodes, NetLab lab) throws IOException {
        this.nodes = nodes;
        Path base = Path.of("/tmp/pgward-it");
        Files.createDirectories(base);
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        dir = Files.createTempDirectory(base, "cluster-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        pgPorts = new int[nodes];
        restPorts = new int[nodes];
        hosts = new String[nodes];
        for (int i = 0; i < nodes; i++) {
            pgPorts[i] = lab == null ? FreePorts.pick() : 5441 + i;
            restPorts[i] = lab == null ? FreePorts.pick() : 8008;
            hosts[i] = lab == null ? "127.0.0.1" : lab.nodeAddress(i);
        }
        if (lab == null) {
            etcd = new EtcdServer(dir);
            clientNet = "127.0.0.1/32";
            placement = i -> List.of();
        } else {
            etcd = new EtcdServer(dir, lab.etcdAddress(), 2379, 2380, lab.exec(lab.etcdNamespace()));
            clientNet = lab.subnet();
            placement = i -> lab.exec(lab.nodeNamespace(i));
        }
    }

    /** Runs the cluster on a multi-member etcd on loopback instead of the single member (before startEtcd). */
    ClusterFixture withEtcdCluster(int members) {
        etcdCluster = new EtcdCluster(dir, members);
        return this;
    }

    /** With a NetLab: an etcd member on each node's host, beside it (before startEtcd). */
    ClusterFixture withEtcdOnEachNode(NetLab lab) {
        etcdCluster = new EtcdCluster(dir, lab, nodes);
        return this;
    }

    /**
     * Installs a pre_promote script that holds any promotion while the returned file exists (pre_promote may take
     * up to ttl/2); the caller creates and deletes the file. Before startAll.
     */
    Path promotionHold() throws IOException {
        Path hold = dir.resolve("hold-promotion");
        Path script = dir.resolve("pre_promote.sh");
        Files.writeString(script, "#!/bin/sh\nwhile [ -e " + hold + " ]; do sleep 0.1; done\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        postgresqlExtra += "  pre_promote: " + script + "\n";
        return hold;
    }

    /**
     * A posix pgBackRest repository in the cluster's directory (owned by postgres) and the backup section naming it,
     * with its stanza and retention (before startAll); returns the repository's path.
     */
    Path withPosixRepository(String stanza, Integer retentionFull) throws Exception {
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo);
        Cli.exec(List.of("chown", "postgres:postgres", repo.toString()), null);
        dcsExtra += "    backup:\n      stanza: " + stanza + "\n      repos:\n        - path: " + repo + "\n"
                + (retentionFull == null ? "" : "      retention: {full: " + retentionFull + "}\n");
        return repo;
    }

    ClusterFixture startEtcd() {
        if (etcdCluster != null) {
            etcdCluster.start();
        } else {
            etcd.start();
        }
        return this;
    }

    private String etcdHosts() {
        return etcdCluster != null ? etcdCluster.hosts() : etcd.host + ":" + etcd.clientPort;
    }

    String name(int i) {
        return "n" + (i + 1);
    }

    int index(String name) {
        return Integer.parseInt(name.substring(1)) - 1;
    }

    Path dataDir(int i) {
        return dir.resolve(name(i)).resolve("data");
    }

    Path configFile(int i) {
        return dir.resolve(name(i) + ".yml");
    }

    String yaml(int i) {
        return """
                scope: %s
                name: %s
                restapi:
                  listen: %s:%d
                  connect_address: %s:%d%s
                etcd3:
                  hosts: %s
                %sbootstrap:
                  dcs:
                    ttl: %d
                    loop_wait: %d
                    retry_timeout: %d
                %s    postgresql:
                      use_pg_rewind: true
                      parameters:
                        shared_preload_libraries: pg_stat_statements
                        wal_log_hints: 'on'
                  initdb:
                    - data-checksums
                    - encoding: UTF8
                    - locale: C.UTF-8%s
                  post_bootstrap: %s
                postgresql:
                  listen: %s:%d
                  connect_address: %s:%d
                  data_dir: %s
                  bin_dir: %s
                  pg_ctl_timeout: 60
                  authentication:
                    superuser: {username: postgres, password: %s%s}
                    replication: {username: replicator, password: repl-secret%s}
                    rewind: {username: rewinder, password: rewind-secret%s}
                  parameters:
                    log_min_messages: warning%s
                  pg_hba:
                    - local all all peer%s
                    - host all all %s scram-sha-256
                    - host replication replicator %s scram-sha-256
                %s%s%s""".formatted(scope, name(i), hosts[i], restPorts[i], hosts[i], restPorts[i], restapiExtra, etcdHosts(),
                etcdExtra, ttl, loopWait, retryTimeout, dcsExtra, initdbExtra,
                dir.resolve("post_bootstrap.sh"), hosts[i], pgPorts[i], hosts[i], pgPorts[i], dataDir(i), PG_BIN, SUPERUSER_PASSWORD,
                userOptions, userOptions, userOptions, parametersExtra, hbaFirst, clientNet, clientNet, postgresqlExtra,
                tags.getOrDefault(i, ""), extraSections);
    }

    private static Path sharedir() {
        try {
            Process p = new ProcessBuilder(PG_BIN + "/pg_config", "--sharedir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(PG_BIN + "/pg_config --sharedir failed: " + out);
            }
            return Path.of(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + PG_BIN + "/pg_config: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void writeConfigs() throws IOException {
        Path script = dir.resolve("post_bootstrap.sh");
        Files.writeString(script, "#!/bin/sh\nset -e\npsql \"$1\" -v ON_ERROR_STOP=1"
                + (HAS_PGVECTOR ? " -c 'CREATE EXTENSION IF NOT EXISTS vector'" : "")
                + " -c 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (int i = 0; i < nodes; i++) {
            Files.writeString(configFile(i), yaml(i));
        }
    }

    Proc startAgent(int i) {
        String jar = System.getProperty("pgward.jar", "target/pgward.jar");
        List<String> cmd = new ArrayList<>(placement.apply(i));
        cmd.addAll(List.of(javaBinary(), "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar, "agent", "-c", configFile(i).toString()));
        Proc p = Proc.start(name(i), cmd, dir.resolve(name(i) + ".log"));
        agents.put(name(i), p);
        return p;
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    ClusterFixture startAll() throws IOException {
        writeConfigs();
        for (int i = 0; i < nodes; i++) {
            startAgent(i);
        }
        return this;
    }

    EtcdDcs dcs() {
        return new EtcdDcs(etcdCluster != null ? etcdCluster.client() : etcd.client(), new KeyLayout("/service/" + scope + "/"), "it-observer", 20);
    }

    ClusterView view() {
        try (EtcdDcs d = dcs()) {
            return d.read();
        }
    }

    /**
     * Asks for a switchover from the leader {@code old} to another member with {@code pgward switchover --force}
     * (which returns once it is done) and returns that member's name.
     */
    String switchoverFrom(String old) throws Exception {
        String candidate = old.equals("n2") ? "n3" : "n2";
        Cli.Result r = Cli.run(null, "switchover", "-c", configFile(0).toString(), "--candidate", candidate, "--force");
        if (r.exit() != 0) {
            throw new AssertionError("switchover to " + candidate + " failed (exit " + r.exit() + "):\n" + r.output());
        }
        return candidate;
    }

    /** Whether some node other than {@code old} holds the leader key (one read, so no race between two reads). */
    boolean leaderIsNot(String old) {
        String leader = view().leader();
        return leader != null && !leader.equals(old);
    }

    /**
     * Waits for one leader and every other member running and streaming; returns the leader's name. When that does
     * not happen in time, fails with what each member reported and the end of every agent's and PostgreSQL's log,
     * and keeps the cluster's directory for a closer look.
     */
    String awaitHealthy(Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                    .until(() -> view().isHealthy(agents.values().stream().filter(Proc::alive).count()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            failed = true;
            throw new AssertionError("the cluster did not converge to one leader with every replica streaming within "
                    + timeout.toSeconds() + "s\n" + diagnosis(), e);
        }
        return view().leader();
    }

    /** What etcd says of each member, then the end of each agent's and each PostgreSQL's log. */
    String diagnosis() {
        StringBuilder out = new StringBuilder("cluster directory (kept): ").append(dir).append('\n');
        try {
            ClusterView v = view();
            out.append("leader key: ").append(v.leader()).append('\n');
            for (Member m : v.members()) {
                out.append(String.format("  %s role=%s state=%s replication=%s timeline=%d wal=%d%n", m.name(),
                        m.role(), m.state(), m.replicationState(), m.timeline(), m.walPosition()));
            }
        } catch (RuntimeException e) {
            out.append("etcd cannot be read: ").append(e.getMessage()).append('\n');
        }
        for (int i = 0; i < nodes; i++) {
            Proc agent = agents.get(name(i));
            out.append("--- agent ").append(name(i)).append(agent == null ? " (never started)"
                    : agent.alive() ? " (running)" : " (exited)").append(", end of its log:\n")
                    .append(tail(dir.resolve(name(i) + ".log"), 40));
            out.append("--- PostgreSQL of ").append(name(i)).append(", end of its log:\n")
                    .append(tail(dataDir(i).resolveSibling("data.postgres.log"), 15));
        }
        return out.toString();
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
        } catch (IOException e) {
            return "(no " + file + ")\n";
        }
    }


    Connection connect(int i) throws SQLException {
        return connect(i, 10);
    }

    Connection connect(int i, int socketTimeoutSeconds) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", SUPERUSER_PASSWORD);
        p.setProperty("connectTimeout", "3");
        p.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
        return DriverManager.getConnection("jdbc:postgresql://" + hosts[i] + ":" + pgPorts[i] + "/postgres", p);
    }

    /** The postmaster of node i, from its postmaster.pid. */
    Optional<ProcessHandle> postmaster(int i) {
        Path pid = dataDir(i).resolve("postmaster.pid");
        try {
            if (!Files.exists(pid)) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).trim())).filter(ProcessHandle::isAlive);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Waits for a healthy cluster and creates the table the writers and probes use; returns the leader. */
    int createAckedTable() throws SQLException {
        int leader = index(awaitHealthy(TestTime.seconds(120)));
        // (in synchronous mode the commit may wait a moment for the first synchronous standby)
        try (Connection c = connect(leader, 60); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE acked (id bigint PRIMARY KEY, note text)");
        }
        return leader;
    }

    /** The first column of a query's rows on node i, sorted. */
    java.util.SortedSet<String> column(int i, String sql) throws SQLException {
        java.util.SortedSet<String> values = new java.util.TreeSet<>();
        try (Connection c = connect(i); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                values.add(r.getString(1));
            }
        }
        return values;
    }

    /** SHOW setting on node i. */
    String show(int i, String setting) throws SQLException {
        try (Connection c = connect(i); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SHOW " + setting)) {
            r.next();
            return r.getString(1);
        }
    }

    /** Runs one statement on node i. */
    void execute(int i, String sql) throws SQLException {
        try (Connection c = connect(i); java.sql.Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The first column of the first row of a query on node i, as text. */
    String queryText(int i, String sql) throws SQLException {
        try (Connection c = connect(i); java.sql.Statement s = c.createStatement(); java.sql.ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    /** Whether node i's archiver has archived WAL file {@code walFile} (or a later one). */
    boolean archivedUpTo(int i, String walFile) throws SQLException {
        String last = queryText(i, "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver");
        return last.length() >= 24 && last.substring(0, 24).compareTo(walFile) >= 0;
    }

    /** kill -9 of node i's postmaster and every process it started, as a crash of the host would. */
    void killPostgres(int i) {
        postmaster(i).ifPresent(pm -> {
            var children = pm.descendants().toList();
            pm.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            pm.onExit().join();
        });
    }

    String log(int i) {
        try {
            return Files.readString(dir.resolve(name(i) + ".log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** Closes every cluster, even when an earlier one's close fails; then throws the first failure. */
    static void closeAll(List<ClusterFixture> clusters) {
        AssertionError first = null;
        for (ClusterFixture c : clusters) {
            try {
                c.close();
            } catch (AssertionError e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void close() {
        for (Proc p : agents.values()) {
            p.close();
        }
        for (int i = 0; i < nodes; i++) {
            killPostgres(i);
        }
        etcd.close();
        if (etcdCluster != null) {
            etcdCluster.close();
        }
        List<String> leaked = SecretScan.findings(dir, secrets);
        if (!leaked.isEmpty()) {
            failed = true;
        }
        if (failed) {
            System.out.println("kept the directory of a cluster that failed a check: " + dir);
        } else if (!Boolean.getBoolean("pgward.it.keep")) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort: a temp directory
            }
        }
        if (!leaked.isEmpty()) {
            throw new AssertionError("passwords in log lines (kept in " + dir + "):\n" + String.join("\n", leaked));
        }
    }
}
