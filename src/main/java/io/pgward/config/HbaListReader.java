package io.pgward.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a pg_hba or pg_ident list (one string per line) and checks every line. */
final class HbaListReader {

    private HbaListReader() {
    }

    /** The lines, or null when absent or not a list (reported). Bad lines are reported and kept. */
    static List<String> read(Section owner, String key) {
        boolean hba = key.startsWith("pg_hba");
        YNode node = owner.node(key);
        if (node == null) {
            return null;
        }
        String file = hba ? "pg_hba" : "pg_ident";
        if (!(node instanceof YNode.Sequence seq)) {
            String example = hba ? "host all all 10.0.0.0/8 scram-sha-256" : "mymap alice@EXAMPLE.COM alice";
            owner.error(key, file + " must be a list of lines, one string per line (e.g. '- " + example
                    + "'), found " + YNode.describe(node));
            return null;
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            YNode item = seq.items().get(i);
            String path = owner.path(key) + "[" + i + "]";
            if (!(item instanceof YNode.Scalar s) || !(s.value() instanceof String line)) {
                owner.problems().error(item.origin(), path, "expected a " + file + " line (a string), found "
                        + YNode.describe(item) + (item instanceof YNode.Mapping ? "; quote the line if it contains ': '" : ""));
                continue;
            }
            Optional<String> problem = hba ? PgHbaLine.check(line) : PgIdentLine.check(line);
            if (problem.isPresent()) {
                owner.problems().error(item.origin(), path, problem.get() + " in '" + line.strip() + "'");
            } else if (hba && PgHbaLine.isTrustFromNetwork(line)) {
                PgHbaLine.Rule rule = PgHbaLine.parse(line);
                String who = rule.user().equals("all") ? "any user" : "user " + rule.user();
                String where = rule.mask() == null ? rule.address() : rule.address() + " " + rule.mask();
                owner.problems().warning(item.origin(), path, "'" + line.strip() + "' allows anyone who can reach "
                        + where + " to log in as " + who + " without a password");
            }
            lines.add(line);
        }
        return lines;
    }
}
