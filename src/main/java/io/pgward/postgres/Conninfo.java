package io.pgward.postgres;

import java.util.LinkedHashMap;
import java.util.Map;

/** A libpq connection string (key='value' pairs, quotes and backslashes escaped) built key by key. */
public final class Conninfo {
    private final Map<String, String> values = new LinkedHashMap<>();

    public Conninfo set(String key, String value) {
        if (value != null) {
            values.put(key, value);
        }
        return this;
    }

    /** The user's libpq options (sslmode, sslrootcert, ...), with libpq's sslmode default made explicit. */
    public Conninfo userOptions(Map<String, String> options) {
        values.putAll(options);
        values.putIfAbsent("sslmode", "prefer");
        return this;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        values.forEach((key, value) -> b.append(key).append("='")
                .append(value.replace("\\", "\\\\").replace("'", "\\'")).append("' "));
        return b.toString().trim();
    }
}
