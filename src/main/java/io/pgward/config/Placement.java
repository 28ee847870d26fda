package io.pgward.config;

import java.util.regex.Pattern;

/**
 * Knows where pg_hba and pg_ident belong. Patroni reads them only from postgresql.* and
 * bootstrap.dcs.postgresql.* (and, legacy, bootstrap.pg_hba) and silently ignores them anywhere else, which leaves
 * PostgreSQL with initdb's pg_hba.conf; pgward reports them where they are, with where they belong.
 */
final class Placement {

    private static final Pattern HBA_KEY = Pattern.compile("pg_(hba|ident)(_primary|_replica|_standby_leader)?");

    /** For the local configuration file. */
    static final Placement FILE = new Placement(null);

    private final String dynamicPrefix;

    private Placement(String dynamicPrefix) {
        this.dynamicPrefix = dynamicPrefix;
    }

    /** For a dynamic configuration validated on its own (a PATCH body, /config), paths starting at {@code prefix}. */
    static Placement dynamic(String prefix) {
        return new Placement(prefix == null ? "" : prefix);
    }

    static boolean isHbaKey(String key) {
        return HBA_KEY.matcher(key).matches();
    }

    /** The message for a pg_hba/pg_ident key found where Patroni ignores it. */
    String message(String key) {
        String file = key.startsWith("pg_hba") ? "pg_hba" : "pg_ident";
        String where;
        if (dynamicPrefix == null) {
            where = "postgresql." + key + " (or bootstrap.dcs.postgresql." + key + ")";
        } else {
            where = (dynamicPrefix.isEmpty() ? "" : dynamicPrefix + ".") + "postgresql." + key;
        }
        return "Patroni silently ignores " + key + " here and PostgreSQL would get an empty/initdb " + file
                + ".conf; move it to " + where;
    }

    /**
     * Reports pg_hba/pg_ident keys at or under an unknown key of {@code section}.
     *
     * @return true when that explains the key completely (it is, or only contains, misplaced pg_hba/pg_ident)
     */
    boolean reportMisplaced(Section section, String key, YNode value) {
        if (isHbaKey(key)) {
            section.error(key, message(key));
            return true;
        }
        return value instanceof YNode.Mapping m && reportInside(section.problems(), section.path(key), m);
    }

    private boolean reportInside(Problems problems, String path, YNode.Mapping mapping) {
        boolean onlyHba = !mapping.entries().isEmpty();
        for (YNode.Entry e : mapping.entries().values()) {
            String childPath = path + "." + e.key();
            if (isHbaKey(e.key())) {
                problems.error(e.value().origin(), childPath, message(e.key()));
            } else {
                boolean explained = e.value() instanceof YNode.Mapping m && reportInside(problems, childPath, m);
                onlyHba &= explained;
            }
        }
        return onlyHba;
    }
}
