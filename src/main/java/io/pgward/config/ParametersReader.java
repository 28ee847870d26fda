package io.pgward.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code parameters} mapping (GUC name -> value) of the node's file or of the dynamic configuration.
 * Any GUC name is accepted; values must be scalars and are rendered for postgresql.conf. The GUCs Patroni
 * controls are warned about locally (Patroni ignores them there) and validated strictly in the dynamic configuration.
 */
final class ParametersReader {

    private ParametersReader() {
    }

    /** The parameters rendered as PostgreSQL strings, or null when absent (or not a mapping, which is reported). */
    static Map<String, String> read(Section owner, String key, boolean dynamic) {
        YNode node = owner.node(key);
        if (node == null) {
            return null;
        }
        if (!(node instanceof YNode.Mapping mapping)) {
            owner.error(key, "expected a mapping of PostgreSQL parameter names to values, found " + YNode.describe(node));
            return null;
        }
        Problems problems = owner.problems();
        Map<String, String> result = new LinkedHashMap<>();
        for (YNode.Entry e : mapping.entries().values()) {
            String name = e.key();
            String path = owner.path(key) + "." + name;
            YNode value = e.value();
            if (Placement.isHbaKey(name)) {
                problems.error(value.origin(), path, owner.placement().message(name));
                continue;
            }
            if (!(value instanceof YNode.Scalar scalar) || scalar.isNull()) {
                problems.error(value.origin(), path, "expected a number or string, found " + YNode.describe(value)
                        + (value instanceof YNode.Scalar ? "; remove the line or write '' for an empty value" : ""));
                continue;
            }
            String rendered = scalar.value() instanceof String ? scalar.text() : PlainValues.guc(scalar.value());
            check(problems, value.origin(), path, name, rendered, dynamic);
            result.put(name, rendered);
        }
        return result;
    }

    private static void check(Problems problems, YNode.Origin origin, String path, String name, String value,
                              boolean dynamic) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (ForcedGuc.FIXED.contains(lower)) {
            String from = lower.equals("cluster_name") ? "scope" : "postgresql.listen";
            String message = name + " is always set from " + from + "; Patroni ignores it in parameters";
            if (dynamic) {
                problems.error(origin, path, message + " (remove it)");
            } else {
                problems.warning(origin, path, message);
            }
            return;
        }
        boolean forced = ForcedGuc.byName(lower).isPresent() || lower.equals(ForcedGuc.WAL_KEEP_SEGMENTS);
        if (!forced) {
            return;
        }
        if (!dynamic) {
            problems.warning(origin, path, "Patroni ignores " + name + " in the node's postgresql.parameters: it "
                    + "must be the same on every node, so it comes only from the dynamic configuration; set it in "
                    + "bootstrap.dcs.postgresql.parameters (or with edit-config)");
        } else if (lower.equals(ForcedGuc.WAL_KEEP_SEGMENTS)) {
            if (PlainValues.parseLong(value).filter(n -> n >= 1).isEmpty()) {
                problems.error(origin, path, "must be an integer >= 1, found '" + value + "'");
            } else {
                problems.warning(origin, path, "wal_keep_segments does not exist since PostgreSQL 13; pgward writes "
                        + "wal_keep_size = " + value + " x 16MB instead (set wal_keep_size)");
            }
        } else {
            ForcedGuc guc = ForcedGuc.byName(lower).orElseThrow();
            if (guc.normalise(value).isEmpty()) {
                problems.error(origin, path, "must be " + guc.requirement() + ", found '" + value
                        + "' (Patroni would silently use " + guc.defaultValue() + ")");
            }
        }
    }
}
