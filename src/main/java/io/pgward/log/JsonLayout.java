package io.pgward.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgward.config.LogConfig;

import java.util.List;
import java.util.Map;

/**
 * One JSON object per line, as Patroni's {@code type: json}: the configured record attributes under their
 * (possibly renamed) keys, then the static fields, then {@code exc_info} with the stack trace when there is one.
 */
final class JsonLayout extends LayoutBase<ILoggingEvent> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<LogConfig.JsonField> fields;
    private final ObjectNode staticFields;
    private final RecordAttributes attributes;
    private final Tracebacks tracebacks;

    JsonLayout(List<LogConfig.JsonField> fields, Map<String, Object> staticFields, RecordAttributes attributes,
               Tracebacks tracebacks) {
        this.fields = List.copyOf(fields);
        this.staticFields = JSON.valueToTree(staticFields);
        this.attributes = attributes;
        this.tracebacks = tracebacks;
    }

    @Override
    public String doLayout(ILoggingEvent e) {
        ObjectNode line = JSON.createObjectNode();
        for (LogConfig.JsonField f : fields) {
            Object value = attributes.value(f.name(), e);
            if (value instanceof Long l) {
                line.put(f.key(), l);
            } else if (value instanceof Double d) {
                line.put(f.key(), d);
            } else if (value == null) {
                line.putNull(f.key());
            } else {
                line.put(f.key(), value.toString());
            }
        }
        line.setAll(staticFields);
        String trace = tracebacks.of(e);
        if (trace != null) {
            line.put("exc_info", trace);
        }
        try {
            return JSON.writeValueAsString(line) + "\n";
        } catch (JsonProcessingException ex) {
            return "{\"message\": \"cannot write a log line as JSON: " + ex.getOriginalMessage().replace("\"", "'")
                    + "\"}\n";
        }
    }
}
