package io.pgward.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

/** WAL archiving as the backup tests observe it: a WAL switch, pg_stat_archiver's counters, timelines, archived files. */
final class WalArchive {

    private WalArchive() {
    }

    /** Writes a row and switches WAL on the node (without the write a second switch finds nothing to switch). */
    static void switchWal(ClusterFixture cluster, int node) throws Exception {
        try (Connection c = cluster.connect(node); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS wal_filler AS SELECT 1 AS n");
            s.execute("INSERT INTO wal_filler VALUES (1)");
            s.execute("SELECT pg_switch_wal()");
        }
    }

    static long archived(ClusterFixture cluster, int node) throws Exception {
        return archiverCount(cluster, node, "archived_count");
    }

    static long failed(ClusterFixture cluster, int node) throws Exception {
        return archiverCount(cluster, node, "failed_count");
    }

    private static long archiverCount(ClusterFixture cluster, int node, String column) throws Exception {
        try (Connection c = cluster.connect(node); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT " + column + " FROM pg_stat_archiver")) {
            r.next();
            return r.getLong(1);
        }
    }

    static int timeline(ClusterFixture cluster, int node) throws Exception {
        try (Connection c = cluster.connect(node); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT timeline_id FROM pg_control_checkpoint()")) {
            r.next();
            return r.getInt(1);
        }
    }

    /** Files below {@code dir} whose name starts with {@code prefix}; none when dir does not exist (yet). */
    static List<Path> find(Path dir, String prefix) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        }
    }
}
