package io.pgward.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * bench/backup: backups and restores of a 3-node pgward cluster with a posix pgBackRest repository and at least
 * 1 GiB of data. In order: the load (and how archiving and the replicas keep up with it), the primary's CPU idle
 * and during a full backup, the archive lag under a steady write load, a replica recreated from the repository
 * and with pg_basebackup, and {@code pgward restore --to latest} of the whole cluster. Writes
 * benchmarks-backup.{json,md}. Everything it starts it stops by PID.
 */
public final class BackupBench {

    private BackupBench() {
    }

    public static void main(String[] args) throws Exception {
        BackupOptions bo = BackupOptions.parse(args);
        if (bo.reportOnly != null) {
            ObjectNode earlier = (ObjectNode) Json.MAPPER.readTree(bo.reportOnly.toFile());
            Files.writeString(bo.out.resolve("benchmarks-backup.md"), BackupReport.markdown(earlier, bo.repo));
            Log.log("rewrote " + bo.out.resolve("benchmarks-backup.md") + " from " + bo.reportOnly);
            return;
        }
        Options o = bo.harness();
        Path dir = o.base.resolve("run");
        Dirs.mkdir755(o.base);
        Processes.killLeftovers(dir);
        Dirs.deleteTree(dir);
        Dirs.mkdir755(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(Processes::killEverything, "cleanup"));
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.set("meta", meta(o, bo));
        long started = System.nanoTime();
        int exit = 0;
        BenchCluster c = new BenchCluster(o, "pgward", Profile.DEFAULT, dir);
        try {
            new BackupScenario(bo, o, c, root).run();
        } catch (Exception e) {
            exit = 1;
            root.put("failure", e.getMessage());
            Log.log("FAILED: " + e.getMessage() + "\n" + c.describe());
        } finally {
            c.close();
            c.notes.forEach(n -> Log.log("note: " + n));
            root.putPOJO("teardown_notes", c.notes);
        }
        root.put("duration_s", Stats.round(Time.secs(System.nanoTime() - started)));
        Files.createDirectories(bo.out);
        Files.writeString(bo.out.resolve("benchmarks-backup.json"), Json.MAPPER.writeValueAsString(root) + "\n");
        if (exit == 0) {
            Files.writeString(bo.out.resolve("benchmarks-backup.md"), BackupReport.markdown(root, o.repo));
        }
        Log.log("done in " + Stats.fmt(Time.secs(System.nanoTime() - started) / 60) + " min; wrote "
                + bo.out.resolve("benchmarks-backup.json") + (exit == 0 ? " and .md" : " (no .md: the run failed)")
                + "; logs under " + dir);
        System.exit(exit);
    }

    private static ObjectNode meta(Options o, BackupOptions bo) {
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("date", Instant.now().atOffset(ZoneOffset.UTC).toString());
        m.put("command", bo.command);
        Meta.machine(m.putObject("machine"));
        ObjectNode v = m.putObject("versions");
        v.put("pgward", Shell.run("java", "-jar", o.jar.toString(), "--version"));
        v.put("pgward_commit", Shell.run("git", "-C", o.repo.toString(), "rev-parse", "--short", "HEAD"));
        v.put("postgresql", Shell.run(Postgres.BIN + "/postgres", "--version"));
        v.put("pgbackrest", Shell.run("pgbackrest", "version"));
        v.put("etcd", Shell.run("etcd", "--version").lines().findFirst().orElse(""));
        v.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        ObjectNode s = m.putObject("settings");
        s.put("dataset_gib", bo.gib);
        s.put("idle_seconds", bo.idleSeconds);
        s.put("lag_seconds", bo.lagSeconds);
        s.put("wal_load_mib_per_s", bo.walMibPerSecond);
        s.put("archive_async", "off, then on (edit-config) for a second archive-lag window");
        s.put("profile", Profile.DEFAULT.describe());
        s.put("ports", "PostgreSQL " + (o.portBase + 5432) + "-" + (o.portBase + 5434) + ", REST "
                + (o.portBase + 8008) + "-" + (o.portBase + 8010) + ", etcd " + (o.portBase + 2379));
        return m;
    }

    /** One value of one row of SQL on the node at {@code port}. */
    static long queryLong(int port, String sql) throws SQLException {
        try (Connection conn = Postgres.connect(port, 600); Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
