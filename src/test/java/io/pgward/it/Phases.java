package io.pgward.it;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows committed in named phases (A, B, C) into a table {@code phases}, and plain SQL on a node: what the restore
 * tests write before a target and count after it.
 */
final class Phases {

    private Phases() {}

    static void insert(ClusterFixture c, int node, String phase, int rows) throws Exception {
        sql(c, node, "INSERT INTO phases SELECT '" + phase + "', g FROM generate_series(1, " + rows + ") g");
    }

    /** "phase:count" for each phase, in order. */
    static List<String> counted(ClusterFixture c, int node) throws Exception {
        List<String> result = new ArrayList<>();
        try (Connection conn = c.connect(node); Statement s = conn.createStatement();
             ResultSet r = s.executeQuery("SELECT phase, count(*) FROM phases GROUP BY phase ORDER BY phase")) {
            while (r.next()) {
                result.add(r.getString(1) + ":" + r.getLong(2));
            }
        }
        return result;
    }

    static void sql(ClusterFixture c, int node, String sql) throws Exception {
        try (Connection conn = c.connect(node); Statement s = conn.createStatement()) {
            s.execute(sql);
        }
    }

    static String text(ClusterFixture c, int node, String sql) throws Exception {
        try (Connection conn = c.connect(node); Statement s = conn.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }
}
