package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pure part of {@code edit-config}: {@code --set}/{@code --pg} changes with patronictl's rules, and JSON merge
 * patches (RFC 7386: {@code null} removes a key) between two versions of the dynamic configuration.
 */
final class ConfigEdit {
    private ConfigEdit() {}

    /** One {@code --set} change: where, and the YAML-typed value (null removes the key). */
    record Change(List<String> path, Object value) {}

    /**
     * Reads {@code key.path=value}. The value is YAML ({@code 5} is a number, {@code true} a boolean, {@code null}
     * or nothing removes the key, {@code '5'} is a string). Under {@code postgresql.parameters} the rest of the
     * path is one name, since GUC names may contain dots ({@code auto_explain.log_min_duration}).
     */
    static Change parseSet(String arg) {
        int eq = arg.indexOf('=');
        if (eq <= 0) {
            throw new PgwardException(Code.BAD_REQUEST, "--set takes key.path=value (e.g. --set ttl=30,"
                    + " --set postgresql.use_pg_rewind=true, --set synchronous_mode=null), not '" + arg + "'");
        }
        String key = arg.substring(0, eq).strip();
        List<String> parts = Arrays.asList(key.split("\\.", -1));
        if (parts.stream().anyMatch(String::isEmpty)) {
            throw new PgwardException(Code.BAD_REQUEST, "--set key '" + key + "' has an empty part: write names"
                    + " separated by single dots, e.g. postgresql.parameters.work_mem");
        }
        List<String> path = parts;
        if (parts.size() > 2 && parts.get(0).equals("postgresql") && parts.get(1).startsWith("parameters")) {
            path = List.of(parts.get(0), parts.get(1), String.join(".", parts.subList(2, parts.size())));
        }
        return new Change(List.copyOf(path), value(arg.substring(eq + 1), "--set " + key));
    }

    /** Reads {@code --pg name=value}: the same as {@code --set postgresql.parameters.name=value}. */
    static Change parsePg(String arg) {
        int eq = arg.indexOf('=');
        if (eq <= 0) {
            throw new PgwardException(Code.BAD_REQUEST, "--pg takes name=value (e.g. --pg work_mem=64MB,"
                    + " --pg max_connections=200), not '" + arg + "'");
        }
        String name = arg.substring(0, eq).strip();
        return new Change(List.of("postgresql", "parameters", name), value(arg.substring(eq + 1), "--pg " + name));
    }

    private static Object value(String text, String what) {
        try {
            return YamlText.parse(text);
        } catch (PgwardException e) {
            throw new PgwardException(Code.BAD_REQUEST, "the value of " + what + " is " + e.getMessage()
                    + "; quote it for a plain string, e.g. '" + text.replace("'", "''") + "'");
        }
    }

    /**
     * Applies a change to a mutable config. A non-map on the way is replaced by a map; a null value removes the
     * key, and maps left empty by that are removed too (as patronictl does).
     */
    @SuppressWarnings("unchecked")
    static void set(Map<String, Object> config, List<String> path, Object value) {
        String key = path.get(0);
        if (path.size() == 1) {
            if (value == null) {
                config.remove(key);
            } else {
                config.put(key, value);
            }
            return;
        }
        if (!(config.get(key) instanceof Map<?, ?>)) {
            if (value == null) {
                return;
            }
            config.put(key, new LinkedHashMap<String, Object>());
        }
        Map<String, Object> child = (Map<String, Object>) config.get(key);
        set(child, path.subList(1, path.size()), value);
        if (child.isEmpty()) {
            config.remove(key);
        }
    }

    /** A deep, mutable copy of maps and lists (other values are shared: they are immutable). */
    @SuppressWarnings("unchecked")
    static <T> T copy(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
            return (T) out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(copy(v)));
            return (T) out;
        }
        return value;
    }

    /** A copy without null-valued keys, at every level (in a merge patch null means "remove"). */
    static Map<String, Object> withoutNulls(Map<String, Object> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v instanceof Map<?, ?> m ? withoutNulls(cast(m)) : copy(v));
            }
        });
        return out;
    }

    /**
     * The JSON merge patch that turns {@code before} into {@code after}: removed keys as null, changed values
     * as their new value, maps compared key by key, lists replaced whole. Empty when they are the same.
     */
    static Map<String, Object> mergePatch(Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> patch = new LinkedHashMap<>();
        for (String k : before.keySet()) {
            if (!after.containsKey(k) || after.get(k) == null) {
                if (before.get(k) != null) {
                    patch.put(k, null);
                }
            }
        }
        for (Map.Entry<String, Object> e : after.entrySet()) {
            Object a = e.getValue();
            Object b = before.get(e.getKey());
            if (a == null) {
                continue;
            }
            if (a instanceof Map<?, ?> am && b instanceof Map<?, ?> bm) {
                Map<String, Object> sub = mergePatch(cast(bm), cast(am));
                if (!sub.isEmpty()) {
                    patch.put(e.getKey(), sub);
                }
            } else if (b == null || !same(a, b)) {
                patch.put(e.getKey(), a instanceof Map<?, ?> m ? withoutNulls(cast(m)) : copy(a));
            }
        }
        return patch;
    }

    /** Applies a JSON merge patch (RFC 7386) to a copy of {@code target}; as {@code --apply FILE} does. */
    static Map<String, Object> applyPatch(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> out = copy(target);
        patch.forEach((k, v) -> {
            if (v == null) {
                out.remove(k);
            } else if (v instanceof Map<?, ?> pm) {
                Map<String, Object> base = out.get(k) instanceof Map<?, ?> bm ? cast(bm) : Map.of();
                out.put(k, applyPatch(base, cast(pm)));
            } else {
                out.put(k, copy(v));
            }
        });
        return out;
    }

    /** Equality of JSON-like values where numbers compare by value (an Integer 5 equals a Long 5). */
    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            if (!Double.isFinite(x.doubleValue()) || !Double.isFinite(y.doubleValue())) {
                return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
            }
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            return x.keySet().stream().allMatch(k -> same(x.get(k), y.get(k)));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a == null ? b == null : a.equals(b);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
