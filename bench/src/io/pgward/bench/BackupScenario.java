package io.pgward.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The steps of bench/backup on one cluster, each adding its figures to the run's JSON. */
final class BackupScenario {

    static final String STANZA = "bench";
    private static final String DATA_TABLE = "bench_data";
    /** Rows of bench_data per GiB: each row holds 960 characters of hex, 8 rows to a page. */
    private static final long ROWS_PER_GIB = 1L << 20;

    private final BackupOptions bo;
    private final BenchCluster c;
    private final ObjectNode root;
    private final Path repoDir;
    private final PgwardCli cli;
    private final ObjectNode loads;
    private String leader;
    private long rows;

    BackupScenario(BackupOptions bo, Options o, BenchCluster c, ObjectNode root) {
        this.bo = bo;
        this.c = c;
        this.root = root;
        this.repoDir = c.layout.dir().resolve("repo");
        this.cli = new PgwardCli(o, c.layout.dir().resolve("cli.log"));
        this.loads = root.putObject("loadavg");
    }

    void run() throws Exception {
        start();
        phase("load", this::load);
        phase("backup", this::backup);
        phase("archive_lag", () -> archiveLag("archive_lag"));
        phase("reinit", this::replicaFromRepository);
        phase("restore", this::restore);
        phase("archive_lag_async", this::archiveAsync);
    }

    private interface Step {
        void run() throws Exception;
    }

    /** A step, with the machine's load average before and after it (other people's tests share the 2 cores). */
    private void phase(String name, Step step) throws Exception {
        ObjectNode l = loads.putObject(name);
        l.put("before", ProcStats.loadavg());
        l.put("other_agents_before", ProcStats.foreignAgents(c.layout.dir()));
        step.run();
        l.put("after", ProcStats.loadavg());
    }

    private void start() throws IOException, SQLException {
        c.dcsExtra = """
                    backup:
                      stanza: %s
                      repos:
                        - path: %s
                      archive_async: false
                """.formatted(STANZA, repoDir);
        c.postgresqlExtra = "  create_replica_methods: [pgbackrest, basebackup]\n";
        c.prepare();
        Dirs.mkdir755(repoDir);
        Shell.run("chown", "postgres:postgres", repoDir.toString());
        c.startEtcd();
        long t0 = System.nanoTime();
        c.startAgents();
        leader = c.awaitHealthy(180);
        Log.log("cluster healthy in " + Stats.fmt(Time.secs(System.nanoTime() - t0)) + " s, leader " + leader);
        c.createTable(leader);
    }

    private int leaderPort() {
        return c.layout.pgPort(c.index(leader));
    }

    private Path leaderConfig() {
        return c.layout.config(c.index(leader));
    }

    /** The data set in one statement; then until the archive has every segment and both replicas replayed it. */
    private void load() throws Exception {
        rows = Math.round(bo.gib * ROWS_PER_GIB);
        ObjectNode d = root.putObject("dataset");
        long lsn0 = BackupBench.queryLong(leaderPort(), "SELECT pg_current_wal_lsn() - '0/0'::pg_lsn");
        try (ArchiveSampler sampler = new ArchiveSampler(leaderPort(), c.layout.dataDir(c.index(leader))).start()) {
            Log.log("loading " + rows + " rows (" + bo.gib + " GiB) into " + leader);
            long t0 = System.nanoTime();
            try (Connection conn = Postgres.connect(leaderPort(), 3600); Statement st = conn.createStatement()) {
                // 30 MD5 sums of fresh random numbers a row: about as compressible as ordinary data (gzip halves it)
                st.execute("CREATE TABLE " + DATA_TABLE + " AS SELECT g AS id, (SELECT string_agg(md5(random()::text || i"
                        + " || g), '') FROM generate_series(1, 30) i) AS payload FROM generate_series(1, " + rows + ") g");
            }
            double loaded = Time.secs(System.nanoTime() - t0);
            long v0 = System.nanoTime();
            try (Connection conn = Postgres.connect(leaderPort(), 3600); Statement st = conn.createStatement()) {
                // now rather than by autovacuum in the middle of a later measurement: with data checksums its hint
                // bits and visibility map write about as much WAL again as the load
                st.execute("VACUUM (FREEZE, ANALYZE) " + DATA_TABLE);
            }
            double vacuumed = Time.secs(System.nanoTime() - v0);
            long lsn1 = BackupBench.queryLong(leaderPort(), "SELECT pg_current_wal_lsn() - '0/0'::pg_lsn");
            long done = System.nanoTime();
            d.put("rows", rows);
            d.put("load_s", Stats.round(loaded));
            d.put("vacuum_s", Stats.round(vacuumed));
            d.put("database_bytes", BackupBench.queryLong(leaderPort(), "SELECT pg_database_size('postgres')"));
            d.put("wal_bytes", lsn1 - lsn0);
            Log.log("loaded in " + Stats.fmt(loaded) + " s, vacuumed in " + Stats.fmt(vacuumed) + " s; database "
                    + d.get("database_bytes").asLong() / (1 << 20) + " MiB, WAL " + (lsn1 - lsn0) / (1 << 20) + " MiB");
            if (!Time.waitFor(900, 1, () -> caughtUp(lsn1))) {
                throw new IllegalStateException("the replicas did not replay the load within 900 s: " + c.describe());
            }
            d.put("replicas_replayed_s", Stats.round(Time.secs(System.nanoTime() - done)));
            if (!Time.waitFor(900, 1, () -> sampler.samples().size() > 0
                    && sampler.samples().get(sampler.samples().size() - 1).ready() == 0)) {
                throw new IllegalStateException("WAL segments still waiting for the archive 900 s after the load: "
                        + sampler.samples().get(sampler.samples().size() - 1));
            }
            d.put("archive_drained_s", Stats.round(Time.secs(System.nanoTime() - done)));
            d.set("archiving_during_load", ArchiveFigures.of(sampler.samples()));
        }
        Log.log("replicas replayed after " + d.get("replicas_replayed_s") + " s, archive drained after "
                + d.get("archive_drained_s") + " s");
    }

    private long autovacuumWorkers() {
        try {
            return BackupBench.queryLong(leaderPort(), "SELECT count(*) FROM pg_stat_activity WHERE backend_type = "
                    + "'autovacuum worker'");
        } catch (SQLException e) {
            return -1;
        }
    }

    private boolean caughtUp(long lsn) {
        try {
            return BackupBench.queryLong(leaderPort(), "SELECT count(*) FROM pg_stat_replication WHERE replay_lsn - "
                    + "'0/0'::pg_lsn >= " + lsn) == c.n() - 1;
        } catch (SQLException e) {
            return false;
        }
    }

    /** The primary's CPU idle, then during `pgward backup --type full`; the repository's size. */
    private void backup() throws Exception {
        ObjectNode b = root.putObject("backup");
        int li = c.index(leader);
        ProcessHandle postmaster = Processes.postmasterOf(c.layout.dataDir(li))
                .orElseThrow(() -> new IllegalStateException("no postmaster under " + c.layout.dataDir(li)));
        ProcessHandle agent = c.agents.process(li).toHandle();
        if (!Time.waitFor(600, 1, () -> autovacuumWorkers() == 0)) {
            throw new IllegalStateException("autovacuum still busy on " + leader + " after 600 s: no idle baseline");
        }
        Time.sleep(5);
        TreeCpu idle0 = TreeCpu.read(postmaster, agent);
        long i0 = System.nanoTime();
        Time.sleep(bo.idleSeconds);
        TreeCpu.CpuShare idle = TreeCpu.read(postmaster, agent).since(idle0, Time.secs(System.nanoTime() - i0));
        TreeCpu b0 = TreeCpu.read(postmaster, agent);
        PgwardCli.Run r = cli.require(3600, "backup", "--type", "full", "-c", leaderConfig().toString());
        TreeCpu.CpuShare during = TreeCpu.read(postmaster, agent).since(b0, r.seconds());
        b.put("type", "full");
        b.put("on", leader + " (the primary)");
        b.put("wall_s", Stats.round(r.seconds()));
        b.put("repo_backup_bytes", du(repoDir.resolve("backup")));
        b.put("repo_archive_bytes", du(repoDir.resolve("archive")));
        b.set("cpu_idle", cpu(idle));
        b.set("cpu_during_backup", cpu(during));
        Log.log("full backup in " + Stats.fmt(r.seconds()) + " s; primary CPU idle " + Stats.fmt(idle.total())
                + " cores, during the backup " + Stats.fmt(during.total()) + " cores");
    }

    private static ObjectNode cpu(TreeCpu.CpuShare s) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("postgres_cores", Stats.round(s.postgres()));
        n.put("agent_and_pgbackrest_cores", Stats.round(s.agent()));
        n.put("total_cores", Stats.round(s.total()));
        n.put("window_s", Stats.round(s.seconds()));
        return n;
    }

    private static long du(Path p) {
        String out = Shell.run("du", "-sb", p.toString());
        return out.isEmpty() ? -1 : Long.parseLong(out.split("\\s+")[0]);
    }

    /** The benchmark's writer plus a steady WAL load, with the archiver sampled every second. */
    private void archiveLag(String key) throws Exception {
        ObjectNode a = root.putObject(key);
        Writer w = new Writer(c, c.index(leader) - 1);
        try (WalLoad load = new WalLoad(leaderPort(), bo.walMibPerSecond);
             ArchiveSampler sampler = new ArchiveSampler(leaderPort(), c.layout.dataDir(c.index(leader)))) {
            w.start();
            load.start();
            Time.sleep(5); // the first segments under the load
            sampler.start();
            Time.sleep(bo.lagSeconds);
            sampler.close();
            load.close();
            w.stop();
            a.set("figures", ArchiveFigures.of(sampler.samples()));
            a.put("writer_acks", w.ackCount());
            if (load.lastError() != null) {
                a.put("load_error", load.lastError());
            }
        }
        Log.log("archive lag: " + a.get("figures"));
    }

    private long[] rowCounts() throws SQLException {
        return new long[] {BackupBench.queryLong(leaderPort(), "SELECT count(*) FROM " + DATA_TABLE),
            BackupBench.queryLong(leaderPort(), "SELECT count(*) FROM bench_writes"),
            BackupBench.queryLong(leaderPort(), "SELECT count(*) FROM " + WalLoad.TABLE)};
    }

    /**
     * archive_async switched on with `pgward edit-config`; once the leader's pgBackRest configuration says so, the
     * archive lag again. When the running nodes do not rewrite it within 60 s (and nothing asks for a restart), every
     * node is restarted, which writes it; the JSON says which happened. A failure here is recorded, not fatal.
     */
    private void archiveAsync() throws Exception {
        ObjectNode a = root.putObject("archive_async_switch");
        try {
            long t0 = System.nanoTime();
            cli.require(120, "edit-config", "--set", "backup.archive_async=true", "--force", "-q", "-c",
                    leaderConfig().toString());
            boolean written = Time.waitFor(60, 1, () -> contains(leaderPgBackRestConf(), "archive-async=y"));
            a.put("conf_written_without_restart", written);
            if (!written) {
                Log.log("archive_async is set but " + leaderPgBackRestConf() + " still lacks archive-async=y after 60 s"
                        + "; restarting every node");
                cli.require(900, "restart", "--force", "-c", leaderConfig().toString());
                leader = c.awaitHealthy(300);
                if (!Time.waitFor(60, 1, () -> contains(leaderPgBackRestConf(), "archive-async=y"))) {
                    throw new IllegalStateException("archive_async is set but " + leaderPgBackRestConf()
                            + " has no archive-async=y even after a restart");
                }
            }
            a.put("switch_s", Stats.round(Time.secs(System.nanoTime() - t0)));
            archiveLag("archive_lag_async");
        } catch (Exception e) {
            a.put("error", e.getMessage());
            Log.log("archive_async window not measured: " + e.getMessage());
        }
    }

    private Path leaderPgBackRestConf() {
        return c.layout.dataDir(c.index(leader)).resolveSibling("data.pgbackrest.conf");
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.readString(file).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** `pgward reinit` of one replica: from the repository (pgbackrest first), then with --from-leader. */
    private void replicaFromRepository() throws Exception {
        ObjectNode r = root.putObject("reinit");
        String replica = c.name((c.index(leader) + 1) % c.n());
        r.put("member", replica);
        r.set("pgbackrest", reinit(replica, false));
        r.set("basebackup", reinit(replica, true));
    }

    private ObjectNode reinit(String replica, boolean fromLeader) throws Exception {
        ObjectNode n = Json.MAPPER.createObjectNode();
        Path log = c.layout.agentLog(c.index(replica));
        long before = Files.readAllLines(log).size();
        long t0 = System.nanoTime();
        List<String> args = new java.util.ArrayList<>(List.of("reinit", NodeConfig.SCOPE, replica, "--force", "--wait",
                "-c", leaderConfig().toString()));
        if (fromLeader) {
            args.add("--from-leader");
        }
        PgwardCli.Run run = cli.require(1800, args.toArray(String[]::new));
        c.awaitHealthy(600);
        double secs = Time.secs(System.nanoTime() - t0);
        List<String> lines = Files.readAllLines(log);
        String created = lines.subList((int) before, lines.size()).stream()
                .filter(l -> l.contains("replica created with")).reduce((x, y) -> y).orElse("(no 'replica created with' line)");
        n.put("cli_s", Stats.round(run.seconds()));
        n.put("streaming_s", Stats.round(secs));
        n.put("agent_log", created.trim());
        Log.log("reinit of " + replica + (fromLeader ? " --from-leader" : "") + ": streaming after " + Stats.fmt(secs)
                + " s; " + created.trim());
        return n;
    }

    /**
     * `pgward restore --to latest --force`, until the cluster is healthy; then every row written before it (the
     * data set, the writer's and the WAL load's) must be there.
     */
    private void restore() throws Exception {
        ObjectNode r = root.putObject("restore");
        long[] before = rowCounts();
        long t0 = System.nanoTime();
        PgwardCli.Run run = cli.require(3600, "restore", "--to", "latest", "--force", "-c", leaderConfig().toString());
        leader = c.awaitHealthy(600);
        double secs = Time.secs(System.nanoTime() - t0);
        r.put("cli_s", Stats.round(run.seconds()));
        r.put("healthy_s", Stats.round(secs));
        long[] after = rowCounts();
        r.put("rows_before", java.util.Arrays.toString(before));
        r.put("rows_after", java.util.Arrays.toString(after));
        r.put("rows_lost", before[0] - after[0] + before[1] - after[1] + before[2] - after[2]);
        if (!java.util.Arrays.equals(before, after)) {
            throw new IllegalStateException("rows of " + DATA_TABLE + ", bench_writes, " + WalLoad.TABLE + " before the "
                    + "restore " + java.util.Arrays.toString(before) + ", after it " + java.util.Arrays.toString(after));
        }
        Log.log("restore --to latest: cluster healthy after " + Stats.fmt(secs) + " s (the command took "
                + Stats.fmt(run.seconds()) + " s), leader " + leader);
    }
}
