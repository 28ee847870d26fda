package io.pgward.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Acknowledged writes that a node's bench_writes table does not hold. */
final class LostWrites {

    private LostWrites() {
    }

    /** The acknowledged ids missing on node i, in ascending order. */
    static List<Long> missing(BenchCluster c, int i, Set<Long> acked) throws SQLException {
        Set<Long> present = new HashSet<>();
        try (Connection conn = Postgres.connect(c.layout.pgPort(i), 30);
             PreparedStatement ps = conn.prepareStatement("SELECT id FROM bench_writes WHERE id = ANY (?)")) {
            Array arr = conn.createArrayOf("bigint", acked.toArray(new Long[0]));
            ps.setArray(1, arr);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    present.add(rs.getLong(1));
                }
            }
        }
        return acked.stream().filter(x -> !present.contains(x)).sorted().toList();
    }

    /** How many of the lost ids each node had acknowledged, e.g. "{n1=3}". */
    static String byNode(List<long[]> acks, Set<Long> lost, BenchCluster c) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (long[] a : acks) {
            if (lost.contains(a[0])) {
                m.merge(c.name((int) a[2]), 1, Integer::sum);
            }
        }
        return m.toString();
    }
}
