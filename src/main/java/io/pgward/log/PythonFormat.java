package io.pgward.log;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python logging format string ({@code %(asctime)s %(levelname)-8s: %(message)s}), parsed once and rendered
 * for each event. Placeholders take Python's printf flags, width and precision; {@code %%} is a percent sign.
 */
public final class PythonFormat {

    /** After a '%': (name) flags width .precision [length modifier] conversion. */
    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\(([^)]*)\\)([-#0 +]*)(\\d*)(?:\\.(\\d*))?[hlL]?([diouxXeEfFgGcrsa])");
    private static final Pattern NAMES = Pattern.compile("%\\((.+?)\\)");
    private static final String NUMERIC_CONVERSIONS = "diouxXeEfFgGc";

    private sealed interface Part permits Literal, Field {}

    private record Literal(String text) implements Part {}

    private record Field(String name, String flags, String width, String precision, char conversion) implements Part {}

    private final String source;
    private final List<Part> parts;

    private PythonFormat(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    /** @throws IllegalArgumentException saying what is wrong and where, when Python would reject the format */
    public static PythonFormat parse(String format) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c != '%') {
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 < format.length() && format.charAt(i + 1) == '%') {
                literal.append('%');
                i += 2;
                continue;
            }
            Matcher m = PLACEHOLDER.matcher(format).region(i + 1, format.length());
            if (!m.lookingAt()) {
                throw new IllegalArgumentException(badPlaceholder(format, i));
            }
            if (!literal.isEmpty()) {
                parts.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
            parts.add(new Field(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5).charAt(0)));
            i = m.end();
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new PythonFormat(format, List.copyOf(parts));
    }

    private static String badPlaceholder(String format, int at) {
        String rest = format.substring(at, Math.min(format.length(), at + 16));
        if (at + 1 < format.length() && format.charAt(at + 1) != '(') {
            return "'" + rest + "' at position " + at + " names no field: write %(name)s, e.g. %(message)s"
                    + " (a literal percent sign is %%)";
        }
        return "'" + rest + "' at position " + at + " is not a complete placeholder: write %(name)s, e.g."
                + " %(levelname)-8s (a literal percent sign is %%)";
    }

    /**
     * The field names a format mentions, without checking the rest of it: what a JSON line made from a
     * format string holds.
     */
    public static List<String> names(String format) {
        List<String> names = new ArrayList<>();
        Matcher m = NAMES.matcher(format);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    public List<String> names() {
        return parts.stream().filter(Field.class::isInstance).map(p -> ((Field) p).name()).toList();
    }

    /** Field names used with a numeric conversion ({@code %(levelno)d}), which must name numbers. */
    public List<String> numericNames() {
        return parts.stream().filter(p -> p instanceof Field f && NUMERIC_CONVERSIONS.indexOf(f.conversion()) >= 0)
                .map(p -> ((Field) p).name()).toList();
    }

    public String render(Function<String, Object> values) {
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Literal l) {
                out.append(l.text());
            } else if (p instanceof Field f) {
                out.append(render(f, values.apply(f.name())));
            }
        }
        return out.toString();
    }

    private static String render(Field f, Object value) {
        String precision = f.precision() == null ? "" : "." + (f.precision().isEmpty() ? "0" : f.precision());
        try {
            return switch (f.conversion()) {
                case 'd', 'i', 'u' -> value instanceof Number n
                        ? String.format(Locale.ROOT, "%" + integerFlags(f.flags(), false) + f.width() + "d", n.longValue())
                        : padded(f, str(value), "");
                case 'o', 'x', 'X' -> value instanceof Number n
                        ? String.format(Locale.ROOT, "%" + integerFlags(f.flags(), true) + f.width() + f.conversion(),
                        n.longValue())
                        : padded(f, str(value), "");
                case 'e', 'E', 'f', 'F', 'g', 'G' -> value instanceof Number n
                        ? String.format(Locale.ROOT, "%" + integerFlags(f.flags(), false) + f.width() + precision
                        + (f.conversion() == 'F' ? 'f' : f.conversion()), n.doubleValue())
                        : padded(f, str(value), "");
                default -> padded(f, str(value), precision);
            };
        } catch (IllegalFormatException e) {
            return str(value);
        }
    }

    /** Python lets '-' win over '0' and '+' over ' '; Java refuses such pairs. */
    private static String integerFlags(String flags, boolean alternateAllowed) {
        String f = flags;
        if (f.contains("-")) {
            f = f.replace("0", "");
        }
        if (f.contains("+")) {
            f = f.replace(" ", "");
        }
        if (!alternateAllowed) {
            f = f.replace("#", "");
        }
        return dedupe(f);
    }

    private static String padded(Field f, String text, String precision) {
        String flags = f.flags().contains("-") ? "-" : "";
        if (f.width().isEmpty() && precision.isEmpty()) {
            return text;
        }
        return String.format(Locale.ROOT, "%" + flags + f.width() + precision + "s", text);
    }

    private static String dedupe(String flags) {
        StringBuilder out = new StringBuilder();
        flags.chars().distinct().forEach(c -> out.append((char) c));
        return out.toString();
    }

    /** Python's str(): None, True/False, floats without exponent. */
    static String str(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Double d && Double.isFinite(d)) {
            return BigDecimal.valueOf(d).toPlainString();
        }
        return value.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PythonFormat other && other.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }
}
