package io.pgward.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PostgreSQL-style durations as Patroni parses them: 1800, "1800", "30min", "2h", "1d", "90s", "500ms". */
final class Durations {

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,12})\\s*(ms|s|min|h|d)?");

    private Durations() {
    }

    static Optional<Long> seconds(Object value) {
        if (value instanceof Boolean) {
            return Optional.empty();
        }
        Optional<Long> plain = PlainValues.parseLong(value);
        if (plain.isPresent()) {
            return plain.filter(n -> n >= 0);
        }
        if (!(value instanceof String s)) {
            return Optional.empty();
        }
        Matcher m = DURATION.matcher(s.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return Optional.of(switch (unit) {
            case "ms" -> n / 1000;
            case "min" -> n * 60;
            case "h" -> n * 3600;
            case "d" -> n * 86400;
            default -> n;
        });
    }
}
