package io.pgward.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The name=value options after the method of a pg_hba line, checked as PostgreSQL does. */
final class HbaOptions {

    private HbaOptions() {
    }

    static void check(PgHbaLine.Rule rule) {
        Map<String, String> options = new HashMap<>();
        for (String option : rule.options()) {
            int eq = option.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("authentication option '" + option + "' is not in name=value form");
            }
            String name = option.substring(0, eq);
            if (!PgHbaLine.OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown authentication option '" + name + "'"
                        + DidYouMean.hint(name, PgHbaLine.OPTIONS));
            }
            options.put(name, option.substring(eq + 1));
        }
        String clientcert = options.get("clientcert");
        if (clientcert != null) {
            if (!rule.type().equals("hostssl")) {
                throw new IllegalArgumentException("clientcert can only be configured for hostssl lines");
            }
            if (!List.of("verify-ca", "verify-full").contains(clientcert)) {
                throw new IllegalArgumentException("invalid value '" + clientcert + "' for clientcert: expected "
                        + "verify-ca or verify-full");
            }
            if (rule.method().equals("cert") && !clientcert.equals("verify-full")) {
                throw new IllegalArgumentException("clientcert only accepts verify-full with cert authentication");
            }
        }
        switch (rule.method()) {
            case "ldap" -> {
                if (!options.containsKey("ldapserver") && !options.containsKey("ldapurl")) {
                    throw new IllegalArgumentException("ldap authentication requires ldapserver (or ldapurl)");
                }
            }
            case "radius" -> {
                for (String required : List.of("radiusservers", "radiussecrets")) {
                    if (!options.containsKey(required)) {
                        throw new IllegalArgumentException("radius authentication requires " + required);
                    }
                }
            }
            default -> {
            }
        }
    }
}
