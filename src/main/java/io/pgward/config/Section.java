package io.pgward.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one YAML mapping of a known shape. Every key a reader asks for (or declares accepted) becomes known;
 * {@link #finish()} reports the rest as unknown, with a suggestion. Type errors are reported once, at the key.
 * Null values count as absent, as in Patroni.
 */
final class Section {

    private final YNode.Mapping map;
    private final String path;
    private final YNode.Origin origin;
    private final Problems problems;
    private final Placement placement;
    private final boolean present;
    private final Set<String> known = new LinkedHashSet<>();
    private final Map<String, String> misplaced = new LinkedHashMap<>();

    private Section(YNode.Mapping map, String path, YNode.Origin origin, Problems problems, Placement placement,
                    boolean present) {
        this.map = map;
        this.path = path;
        this.origin = origin;
        this.problems = problems;
        this.placement = placement;
        this.present = present;
    }

    static Section root(YNode.Mapping map, String path, Problems problems, Placement placement) {
        return new Section(map, path, map.origin(), problems, placement, true);
    }

    /** A nested section; absent (or wrongly typed, which is reported) gives an empty one. */
    Section section(String key) {
        YNode node = node(key);
        if (node instanceof YNode.Mapping m) {
            return new Section(m, path(key), m.origin(), problems, placement, true);
        }
        if (node != null) {
            problems.error(node.origin(), path(key), "expected a mapping, found " + YNode.describe(node));
        }
        return new Section(YNode.Mapping.empty(origin), path(key), origin, problems, placement, false);
    }

    Section requiredSection(String key, String what) {
        if (!has(key)) {
            missing(key, "section", what);
        }
        return section(key);
    }

    /**
     * Reports a missing required key or section, unless this section is itself missing (reported once, at the
     * section, instead of once for each of its keys).
     */
    void missing(String key, String kind, String what) {
        if (present) {
            problems.error(originOf(key), path(key), "missing required " + kind + " '" + key + "' (" + what + ")");
        }
    }

    boolean present() {
        return present;
    }

    String path() {
        return path;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    YNode.Origin origin() {
        return origin;
    }

    YNode.Origin originOf(String key) {
        YNode node = map.get(key);
        return node == null ? origin : node.origin();
    }

    Problems problems() {
        return problems;
    }

    Placement placement() {
        return placement;
    }

    YNode.Mapping mapping() {
        return map;
    }

    /** True if the key is set to something other than null. */
    boolean has(String key) {
        return node(key) != null;
    }

    /** The value of a key (now known), or null when absent or null. */
    YNode node(String key) {
        known.add(key);
        YNode node = map.get(key);
        return node instanceof YNode.Scalar s && s.isNull() ? null : node;
    }

    void error(String key, String message) {
        problems.error(originOf(key), path(key), message);
    }

    void warning(String key, String message) {
        problems.warning(originOf(key), path(key), message);
    }

    /**
     * A string naming a file (or directory) the node needs: recorded so that {@link FileChecks} can check, when the
     * configuration comes from a real file, that it exists and can be read.
     */
    String file(String key, FileChecks.Kind kind) {
        String value = string(key);
        if (value != null && !value.isBlank()) {
            problems.fileReference(new FileChecks.Reference(originOf(key), path(key), value, kind));
        }
        return value;
    }

    /** A scalar that must be a string: a number or boolean is an error (it would be used as text by accident). */
    String strictString(String key) {
        YNode node = node(key);
        if (node instanceof YNode.Scalar s && s.value() != null && !(s.value() instanceof String)) {
            error(key, "expected a string, found " + YNode.describe(node) + " (quote it if you mean the text: "
                    + key + ": \"" + s.text() + "\")");
            return null;
        }
        return string(key);
    }

    /** A scalar as text; numbers and booleans keep the text written. Null when absent or not a scalar. */
    String string(String key) {
        YNode node = node(key);
        if (node == null) {
            return null;
        }
        if (node instanceof YNode.Scalar s) {
            return s.text();
        }
        error(key, "expected a string, found " + YNode.describe(node));
        return null;
    }

    String requiredString(String key, String what) {
        if (!has(key)) {
            missing(key, "key", what);
            return null;
        }
        return string(key);
    }

    /** An integer (digits in a string are accepted, as Patroni coerces them) within [min, max], or null. */
    Long integer(String key, long min, long max) {
        YNode node = node(key);
        if (node == null) {
            return null;
        }
        Long value = node instanceof YNode.Scalar s ? PlainValues.parseLong(s.value()).orElse(null) : null;
        if (value == null) {
            error(key, "expected an integer, found " + YNode.describe(node));
            return null;
        }
        if (value < min || value > max) {
            error(key, rangeMessage(value, min, max));
            return null;
        }
        return value;
    }

    int integer(String key, int defaultValue, long min, long max) {
        Long value = integer(key, min, max);
        return value == null ? defaultValue : value.intValue();
    }

    static String rangeMessage(long value, long min, long max) {
        if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
            return "must be at least " + min + ", found " + value;
        }
        return "must be between " + min + " and " + max + ", found " + value;
    }

    /** true/false (also on/off, yes/no, "true"... as Patroni's parse_bool), or null. */
    Boolean bool(String key) {
        YNode node = node(key);
        if (node == null) {
            return null;
        }
        Boolean value = node instanceof YNode.Scalar s ? PlainValues.parseBool(s.value()).orElse(null) : null;
        if (value == null) {
            error(key, "expected true or false, found " + YNode.describe(node));
        }
        return value;
    }

    boolean bool(String key, boolean defaultValue) {
        Boolean value = bool(key);
        return value == null ? defaultValue : value;
    }

    /** One of {@code allowed} (compared case-insensitively unless caseSensitive), or null. */
    String oneOf(String key, boolean caseSensitive, List<String> allowed) {
        String value = string(key);
        if (value == null) {
            return null;
        }
        for (String a : allowed) {
            if (caseSensitive ? a.equals(value) : a.equalsIgnoreCase(value)) {
                return a;
            }
        }
        error(key, "expected one of " + String.join(", ", allowed) + ", found '" + value + "'"
                + DidYouMean.hint(value, allowed));
        return null;
    }

    /** A list of scalars as text (a single scalar is not a list), or null when absent. */
    List<String> strings(String key) {
        YNode node = node(key);
        if (node == null) {
            return null;
        }
        if (!(node instanceof YNode.Sequence seq)) {
            error(key, "expected a list of strings, found " + YNode.describe(node));
            return null;
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            YNode item = seq.items().get(i);
            if (item instanceof YNode.Scalar s && !s.isNull()) {
                result.add(s.text());
            } else {
                problems.error(item.origin(), path(key) + "[" + i + "]", "expected a string, found " + YNode.describe(item));
            }
        }
        return result;
    }

    /** host:port, or null (absent or invalid, which is reported). */
    HostPort hostPort(String key) {
        String text = string(key);
        if (text == null) {
            return null;
        }
        try {
            return HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            error(key, e.getMessage());
            return null;
        }
    }

    /** A mapping with any content, as plain values; null when absent. */
    Map<String, Object> anyMapping(String key) {
        YNode node = node(key);
        if (node == null) {
            return null;
        }
        if (node instanceof YNode.Mapping m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> plain = (Map<String, Object>) m.toPlain();
            return plain;
        }
        error(key, "expected a mapping, found " + YNode.describe(node));
        return null;
    }

    /** Keys Patroni accepts that need no checking here (their values are read elsewhere, or are cosmetic). */
    void accept(String... keys) {
        known.addAll(List.of(keys));
    }

    /** A key Patroni accepts and pgward ignores, although a user may rely on it: warn when it is set. */
    void unused(String key, String consequence) {
        if (has(key)) {
            warning(key, key + " is accepted for compatibility, not used by pgward (" + consequence + ")");
        }
    }

    /** A key that does not belong here although users put it here: an error with this message when set. */
    void misplaced(String key, String message) {
        misplaced.put(key, message);
    }

    /** Reports keys nobody asked for: misplaced pg_hba first, then keys known elsewhere, then unknown ones. */
    void finish() {
        for (YNode.Entry e : map.entries().values()) {
            String key = e.key();
            if (known.contains(key)) {
                continue;
            }
            if (!placement.reportMisplaced(this, key, e.value())) {
                error(key, misplaced.getOrDefault(key, "unknown key '" + key + "'" + DidYouMean.hint(key, known)));
            }
        }
    }
}
