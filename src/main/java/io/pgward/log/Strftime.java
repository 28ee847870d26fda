package io.pgward.log;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Python's {@code log.dateformat} (C strftime directives such as {@code %Y-%m-%d %H:%M:%S}) as a Java formatter, in
 * the local time zone and the C locale's English names. A directive without an equivalent here is written as is.
 */
public final class Strftime {

    private static final Map<Character, String> DIRECTIVES = Map.ofEntries(
            Map.entry('a', "EEE"), Map.entry('A', "EEEE"), Map.entry('b', "MMM"), Map.entry('h', "MMM"),
            Map.entry('B', "MMMM"), Map.entry('d', "dd"), Map.entry('e', "ppd"), Map.entry('H', "HH"),
            Map.entry('I', "hh"), Map.entry('j', "DDD"), Map.entry('m', "MM"), Map.entry('M', "mm"),
            Map.entry('p', "a"), Map.entry('S', "ss"), Map.entry('y', "yy"), Map.entry('Y', "uuuu"),
            Map.entry('z', "xx"), Map.entry('Z', "zzz"), Map.entry('F', "uuuu-MM-dd"), Map.entry('T', "HH:mm:ss"),
            Map.entry('D', "MM/dd/yy"), Map.entry('R', "HH:mm"));

    private final DateTimeFormatter formatter;

    private Strftime(DateTimeFormatter formatter) {
        this.formatter = formatter;
    }

    public static Strftime compile(String pattern) {
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '%' && i + 1 < pattern.length()) {
                char d = pattern.charAt(i + 1);
                String java = DIRECTIVES.get(d);
                if (java != null) {
                    b.appendPattern(java);
                } else {
                    b.appendLiteral(d == '%' ? "%" : "%" + d);
                }
                i += 2;
            } else {
                b.appendLiteral(c);
                i++;
            }
        }
        return new Strftime(b.toFormatter(Locale.ENGLISH).withZone(ZoneId.systemDefault()));
    }

    /** The directives of {@code pattern} this class writes as is, e.g. ["%f"]: for a warning. */
    public static List<String> unsupported(String pattern) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 1 < pattern.length(); i++) {
            if (pattern.charAt(i) == '%') {
                char d = pattern.charAt(i + 1);
                if (d != '%' && !DIRECTIVES.containsKey(d)) {
                    out.add("%" + d);
                }
                i++;
            }
        }
        return out;
    }

    public String format(Instant t) {
        return formatter.format(t);
    }
}
