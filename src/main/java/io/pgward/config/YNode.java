package io.pgward.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML (or JSON, or environment) value that remembers where it came from, so every problem can name its
 * file and line. Scalars keep both the text as written and the value YAML 1.1 resolves it to (as Patroni's PyYAML).
 */
sealed interface YNode permits YNode.Mapping, YNode.Sequence, YNode.Scalar {

    Origin origin();

    /** The value as plain Java: LinkedHashMap, ArrayList, String, Boolean, Integer/Long/BigInteger, Double or null. */
    Object toPlain();

    /**
     * Where a node was written.
     *
     * @param line   1-based; 0 when unknown
     * @param envVar the PATRONI_* variable the value came from, or null
     */
    record Origin(String file, int line, String envVar) {

        static Origin of(String file, int line) {
            return new Origin(file, line, null);
        }

        static Origin env(String variable) {
            return new Origin("environment", 0, variable);
        }
    }

    /** One {@code key: value} pair; a value's origin is its key's. */
    record Entry(String key, YNode value) {
    }

    record Mapping(Origin origin, Map<String, Entry> entries) implements YNode {

        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        static Mapping empty(Origin origin) {
            return new Mapping(origin, Map.of());
        }

        /** The value of {@code key}, or null when absent. */
        YNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        @Override
        public Object toPlain() {
            Map<String, Object> map = new LinkedHashMap<>();
            entries.forEach((k, e) -> map.put(k, e.value().toPlain()));
            return map;
        }
    }

    record Sequence(Origin origin, List<YNode> items) implements YNode {

        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public Object toPlain() {
            List<Object> list = new ArrayList<>(items.size());
            items.forEach(i -> list.add(i.toPlain()));
            return list;
        }
    }

    /**
     * @param text  the scalar as written (without quotes)
     * @param value String, Boolean, a Number, or null
     */
    record Scalar(Origin origin, String text, Object value) implements YNode {

        static Scalar string(Origin origin, String text) {
            return new Scalar(origin, text, text);
        }

        boolean isNull() {
            return value == null;
        }

        @Override
        public Object toPlain() {
            return value;
        }
    }

    /** "a mapping", "a list", "a string ('x')"... for "expected X, found Y" messages. */
    static String describe(YNode node) {
        if (node == null) {
            return "nothing";
        }
        if (node instanceof Scalar s && !(s.value() instanceof String)) {
            return PlainValues.describe(s.value());
        }
        return PlainValues.describe(node.toPlain());
    }

    /** Builds a tree from plain Java values (e.g. a JSON body), every node at {@code origin}. */
    @SuppressWarnings("unchecked")
    static YNode fromPlain(Object value, Origin origin) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            ((Map<Object, Object>) map).forEach((k, v) -> {
                String key = String.valueOf(k);
                entries.put(key, new Entry(key, fromPlain(v, origin)));
            });
            return new Mapping(origin, entries);
        }
        if (value instanceof List<?> list) {
            List<YNode> items = new ArrayList<>(list.size());
            list.forEach(v -> items.add(fromPlain(v, origin)));
            return new Sequence(origin, items);
        }
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
            String text = value == null ? "" : value instanceof Boolean ? value.toString() : PlainValues.guc(value);
            return new Scalar(origin, text, value);
        }
        return Scalar.string(origin, String.valueOf(value));
    }

    /**
     * Patroni's patch_config: {@code over} deep-merged onto {@code base}; mappings merge key by key, anything else is
     * replaced, and a null value deletes the key.
     */
    static Mapping merge(Mapping base, Mapping over) {
        Map<String, Entry> result = new LinkedHashMap<>(base.entries());
        for (Entry e : over.entries().values()) {
            YNode value = e.value();
            Entry old = result.get(e.key());
            if (value instanceof Scalar s && s.isNull()) {
                result.remove(e.key());
            } else if (old != null && old.value() instanceof Mapping oldMap && value instanceof Mapping newMap) {
                result.put(e.key(), new Entry(e.key(), merge(oldMap, newMap)));
            } else {
                result.put(e.key(), e);
            }
        }
        return new Mapping(base.entries().isEmpty() ? over.origin() : base.origin(), result);
    }
}
