package io.pgward.config;

import java.util.List;
import java.util.Optional;

/** Checks one pg_ident.conf line: {@code map-name system-user database-user}, or an include line. */
public final class PgIdentLine {

    private PgIdentLine() {
    }

    /** Empty if PostgreSQL would accept the line (comments and blank lines included), else what is wrong. */
    public static Optional<String> check(String line) {
        List<HbaFields.Field> fields;
        try {
            fields = HbaFields.split(line);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        String first = fields.get(0).text();
        if (PgHbaLine.INCLUDES.contains(first) && !fields.get(0).quoted()) {
            return fields.size() == 2 ? Optional.empty()
                    : Optional.of(first + " takes exactly one file name, found " + (fields.size() - 1));
        }
        if (fields.size() != 3) {
            return Optional.of("expected 3 fields (map-name system-user database-user), found " + fields.size());
        }
        return Optional.empty();
    }
}
