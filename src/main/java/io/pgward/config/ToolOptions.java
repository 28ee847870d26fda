package io.pgward.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Options for initdb, pg_basebackup and pg_rewind written as Patroni does: a list of flags and single-key
 * mappings ({@code ["data-checksums", {encoding: UTF8}]}) or one mapping, rendered as long options
 * ({@code --data-checksums --encoding=UTF8}). Options pgward sets itself are refused.
 */
enum ToolOptions {
    INITDB("initdb", Map.of(
            "pgdata", "pgward passes postgresql.data_dir", "D", "pgward passes postgresql.data_dir",
            "pwfile", "pgward passes the superuser password", "username", "pgward passes the superuser name",
            "U", "pgward passes the superuser name", "nosync", "it risks a corrupt cluster",
            "N", "it risks a corrupt cluster", "sync-only", "it does not create a cluster",
            "S", "it does not create a cluster", "version", "it does not create a cluster")),
    BASEBACKUP("pg_basebackup", Map.ofEntries(
            Map.entry("pgdata", "pgward passes the data directory"), Map.entry("D", "pgward passes the data directory"),
            Map.entry("format", "pgward needs a plain data directory"), Map.entry("F", "pgward needs a plain data directory"),
            Map.entry("wal-method", "pgward streams WAL"), Map.entry("X", "pgward streams WAL"),
            Map.entry("xlog-method", "pgward streams WAL"), Map.entry("gzip", "pgward needs a plain data directory"),
            Map.entry("z", "pgward needs a plain data directory"), Map.entry("version", "it copies nothing"),
            Map.entry("dbname", "pgward connects to the leader itself"), Map.entry("d", "pgward connects to the leader itself"),
            Map.entry("host", "pgward connects to the leader itself"), Map.entry("h", "pgward connects to the leader itself"),
            Map.entry("port", "pgward connects to the leader itself"), Map.entry("p", "pgward connects to the leader itself"),
            Map.entry("username", "pgward uses the replication user"), Map.entry("U", "pgward uses the replication user"),
            Map.entry("password", "pgward uses the replication password"))),
    REWIND("pg_rewind", Map.of(
            "target-pgdata", "pgward passes the data directory", "source-pgdata", "pgward rewinds from the leader",
            "source-server", "pgward rewinds from the leader", "write-recovery-conf", "pgward writes the standby settings",
            "dry-run", "it would change nothing", "restore-target-wal", "pgward decides about WAL restore",
            "config-file", "pgward passes the configuration", "no-ensure-shutdown", "pgward shuts down cleanly first",
            "version", "it would change nothing", "help", "it would change nothing"));

    private final String tool;
    private final Map<String, String> forbidden;

    ToolOptions(String tool, Map<String, String> forbidden) {
        this.tool = tool;
        this.forbidden = forbidden;
    }

    /** The rendered arguments; empty when the key is absent. Problems are reported at the items. */
    List<String> read(Section owner, String key) {
        YNode node = owner.node(key);
        List<String> args = new ArrayList<>();
        String path = owner.path(key);
        if (node == null) {
            return args;
        }
        Problems problems = owner.problems();
        if (node instanceof YNode.Mapping m) {
            m.entries().values().forEach(e -> option(e.key(), e.value(), e.value().origin(), path + "." + e.key(),
                    problems, args));
        } else if (node instanceof YNode.Sequence seq) {
            for (int i = 0; i < seq.items().size(); i++) {
                item(seq.items().get(i), path + "[" + i + "]", problems, args);
            }
        } else {
            owner.error(key, "expected a list of " + tool + " options (e.g. [data-checksums, {encoding: UTF8}]), found "
                    + YNode.describe(node));
        }
        return args;
    }

    private void item(YNode item, String path, Problems problems, List<String> args) {
        if (item instanceof YNode.Scalar s && s.value() instanceof String flag) {
            if (flag.startsWith("-")) {
                problems.error(item.origin(), path, "write " + tool + " options without leading dashes: '"
                        + flag.replaceFirst("^-+", "") + "'");
            } else if (allowed(flag, item.origin(), path, problems)) {
                args.add("--" + flag);
            }
        } else if (item instanceof YNode.Mapping m && m.entries().size() == 1) {
            YNode.Entry e = m.entries().values().iterator().next();
            option(e.key(), e.value(), item.origin(), path, problems, args);
        } else if (item instanceof YNode.Mapping m) {
            problems.error(item.origin(), path, "each " + tool + " option must be its own list item; found a mapping "
                    + "with " + m.entries().size() + " keys (" + String.join(", ", m.entries().keySet()) + ")");
        } else {
            problems.error(item.origin(), path, "expected an option name or a single name: value mapping, found "
                    + YNode.describe(item));
        }
    }

    private void option(String name, YNode value, YNode.Origin origin, String path, Problems problems, List<String> args) {
        if (!(value instanceof YNode.Scalar s) || s.isNull()) {
            problems.error(origin, path, "the value of " + tool + " option '" + name + "' must be a string, found "
                    + YNode.describe(value));
        } else if (allowed(name, origin, path, problems)) {
            args.add("--" + name + "=" + unquote(s.text()));
        }
    }

    private boolean allowed(String name, YNode.Origin origin, String path, Problems problems) {
        String why = forbidden.get(name);
        if (why != null) {
            problems.error(origin, path, "option '" + name + "' is not allowed for " + tool + " (" + why + ")");
            return false;
        }
        return true;
    }

    /** Patroni strips one level of surrounding quotes: {@code "bar baz"} -> {@code bar baz}. */
    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
