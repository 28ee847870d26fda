package io.pgward.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Conversions of plain JSON-like values (String, Boolean, Number, List, Map, null) the way Patroni coerces them. */
final class PlainValues {

    private PlainValues() {
    }

    /** Patroni's parse_bool: on/true/yes/1 and off/false/no/0, any case; empty for anything else. */
    static Optional<Boolean> parseBool(Object value) {
        if (value instanceof Boolean b) {
            return Optional.of(b);
        }
        if (value == null) {
            return Optional.empty();
        }
        return switch (String.valueOf(value).strip().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes", "1" -> Optional.of(true);
            case "off", "false", "no", "0" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** An integral number or a string of digits (optionally signed); empty for anything else, booleans included. */
    static Optional<Long> parseLong(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return Optional.of(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? Optional.of(big.longValue()) : Optional.empty();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 9.0e18 ? Optional.of((long) d) : Optional.empty();
        }
        if (value instanceof String s && s.strip().matches("[-+]?[0-9]{1,18}")) {
            return Optional.of(Long.parseLong(s.strip()));
        }
        return Optional.empty();
    }

    /** A value as PostgreSQL wants it in postgresql.conf: true -> on, false -> off, numbers as plain text. */
    static String guc(Object value) {
        if (value instanceof Boolean b) {
            return b ? "on" : "off";
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return String.valueOf(d);
            }
            return new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    /** "a string", "a number", "a list"... for "expected X, found Y" messages. */
    static String describe(Object value) {
        if (value == null) {
            return "nothing (null)";
        } else if (value instanceof Map) {
            return "a mapping";
        } else if (value instanceof List) {
            return "a list";
        } else if (value instanceof Boolean b) {
            return "a boolean (" + b + ")";
        } else if (value instanceof Number) {
            return "a number (" + guc(value) + ")";
        }
        return "a string ('" + value + "')";
    }

    /** A deep copy whose maps (insertion-ordered, nulls allowed) and lists cannot be modified. */
    @SuppressWarnings("unchecked")
    static <K> Map<K, Object> unmodifiableCopy(Map<K, ?> map) {
        Map<K, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, deepCopy(v)));
        return Collections.unmodifiableMap(copy);
    }

    static Map<String, String> unmodifiableStrings(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    @SuppressWarnings("unchecked")
    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> m) {
            return unmodifiableCopy((Map<Object, ?>) m);
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            l.forEach(v -> copy.add(deepCopy(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
