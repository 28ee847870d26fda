package io.pgward.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;

import java.util.LinkedHashMap;
import java.util.Map;

/** YAML for people: keys sorted, quotes only where needed, and a dump that always reads back as what was dumped. */
final class YamlText {
    private YamlText() {}

    private static final ObjectMapper READER = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper MINIMAL = writer(true);
    private static final ObjectMapper QUOTED = writer(false);

    private static ObjectMapper writer(boolean minimizeQuotes) {
        YAMLFactory f = YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .configure(YAMLGenerator.Feature.MINIMIZE_QUOTES, minimizeQuotes)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .build();
        return new ObjectMapper(f).configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    }

    /**
     * The value as YAML, sorted by key. Minimal quoting is used only when the text reads back as the same value
     * (the YAML reader and writer disagree on a few strings such as {@code 1e3}); otherwise strings are quoted.
     */
    static String dump(Object value) {
        try {
            String text = MINIMAL.writeValueAsString(value);
            try {
                if (ConfigEdit.same(parse(text), value)) {
                    return text;
                }
            } catch (PgwardException e) {
                // minimal quoting produced something the reader rejects: fall back to quoting
            }
            return QUOTED.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML: " + e.getMessage(), e);
        }
    }

    /** Parses one YAML value (scalars typed as YAML 1.1: 5, true, on, null); blank text is null. */
    static Object parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return READER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new PgwardException(Code.BAD_REQUEST, "not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        }
    }

    /** Parses a YAML mapping; {@code what} names the source in the error when it is not one. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseMapping(String text, String what) {
        Object v;
        try {
            v = parse(text);
        } catch (PgwardException e) {
            throw new PgwardException(Code.BAD_REQUEST, what + " is " + e.getMessage());
        }
        if (v == null) {
            return new LinkedHashMap<>();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new PgwardException(Code.BAD_REQUEST, what + " must be a YAML mapping (key: value lines), not a "
                    + (v instanceof java.util.List<?> ? "list" : "single value"));
        }
        return (Map<String, Object>) m;
    }
}
