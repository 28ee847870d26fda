package io.pgward.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of bench/backup. */
final class BackupOptions {

    Path repo = Path.of(".").toAbsolutePath().normalize();
    Path jar;
    Path base = Path.of("/tmp/pgward-bench-backup");
    Path out;
    int portBase = 21000;
    double gib = 1.1;
    int idleSeconds = 30;
    int lagSeconds = 60;
    double walMibPerSecond = 4;
    Path reportOnly;
    /** The command as shown in the report, with the options that change what is measured. */
    String command;

    /** Parses the arguments; --help prints the usage and exits 0, an unknown option exits 64. */
    static BackupOptions parse(String[] args) {
        BackupOptions b = new BackupOptions();
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String k = args[i];
            switch (k) {
                case "--repo" -> b.repo = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--jar" -> b.jar = Path.of(args[++i]);
                case "--base" -> b.base = Path.of(args[++i]);
                case "--out" -> b.out = Path.of(args[++i]).toAbsolutePath();
                case "--port-base" -> b.portBase = Integer.parseInt(args[++i]);
                case "--gib" -> { b.gib = Double.parseDouble(args[++i]); shown.add(k + " " + args[i]); }
                case "--idle-seconds" -> { b.idleSeconds = Integer.parseInt(args[++i]); shown.add(k + " " + args[i]); }
                case "--lag-seconds" -> { b.lagSeconds = Integer.parseInt(args[++i]); shown.add(k + " " + args[i]); }
                case "--wal-mib" -> { b.walMibPerSecond = Double.parseDouble(args[++i]); shown.add(k + " " + args[i]); }
                case "--report-only" -> b.reportOnly = Path.of(args[++i]).toAbsolutePath();
                case "-h", "--help" -> { usage(); System.exit(0); }
                default -> { System.err.println("bench/backup: unknown option " + k); usage(); System.exit(64); }
            }
        }
        b.command = "bench/backup" + (shown.isEmpty() ? "" : " " + String.join(" ", shown));
        if (b.out == null) {
            b.out = b.repo.resolve("docs");
        }
        if (b.jar == null) {
            b.jar = b.repo.resolve("target/pgward.jar");
        }
        return b;
    }

    /** The harness's options for the cluster classes: pgward only, this run's ports and directories. */
    Options harness() {
        Options o = new Options();
        o.repo = repo;
        o.jar = jar;
        o.base = base;
        o.out = out;
        o.portBase = portBase;
        o.tools = List.of("pgward");
        o.command = command;
        return o;
    }

    static void usage() {
        System.err.println("""
                usage: bench/backup [--gib G] [--idle-seconds N] [--lag-seconds N] [--wal-mib M] [--out DIR]
                                    [--port-base N] [--report-only FILE]
                  --gib G           size of the data set loaded into the primary, in GiB (default 1.1)
                  --idle-seconds N  window of the primary's idle CPU before the backup (default 30)
                  --lag-seconds N   window of the archive-lag samples under writes (default 60)
                  --wal-mib M       the steady write load during that window, in MiB of rows a second (default 4)
                  --out DIR         where benchmarks-backup.{md,json} go (default docs/)
                  --port-base N     PostgreSQL on N+5432.., REST on N+8008.., etcd on N+2379/N+2380 (default 21000)
                  --report-only F   rewrite benchmarks-backup.md (in --out) from the JSON file F of an earlier run""");
    }
}
