package io.pgward.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a pg_hba.conf / pg_ident.conf line into fields the way PostgreSQL does: whitespace separates fields,
 * double quotes protect whitespace, commas and '#', '#' outside quotes starts a comment, and a comma continues the
 * field ("db1, db2" is one field).
 */
final class HbaFields {

    /** One field; {@code quoted} if any part of it was in double quotes (then it is never a keyword). */
    record Field(String text, boolean quoted) {
    }

    private HbaFields() {
    }

    /** @throws IllegalArgumentException for an unterminated quoted string */
    static List<Field> split(String line) {
        List<Field> fields = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n || line.charAt(i) == '#') {
                return fields;
            }
            StringBuilder text = new StringBuilder();
            boolean quoted = false;
            boolean inQuotes = false;
            while (i < n) {
                char c = line.charAt(i);
                if (c == '"') {
                    inQuotes = !inQuotes;
                    quoted = true;
                    i++;
                } else if (inQuotes) {
                    text.append(c);
                    i++;
                } else if (Character.isWhitespace(c) || c == '#') {
                    break;
                } else if (c == ',') {
                    text.append(c);
                    i++;
                    while (i < n && Character.isWhitespace(line.charAt(i))) {
                        i++;
                    }
                } else {
                    text.append(c);
                    i++;
                }
            }
            if (inQuotes) {
                throw new IllegalArgumentException("unterminated quoted string");
            }
            fields.add(new Field(text.toString(), quoted));
        }
    }
}
