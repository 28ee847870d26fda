package io.pgward.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** postgresql.authentication: the superuser, replication and (optional) rewind users. */
final class AuthBinder {

    private AuthBinder() {
    }

    static Authentication bind(Section postgresql) {
        Section a = postgresql.requiredSection("authentication", "the superuser and replication users");
        Credentials superuser = user(a, "superuser", true);
        Credentials replication = user(a, "replication", true);
        Credentials rewind = a.has("rewind") ? user(a, "rewind", false) : null;
        a.finish();
        return new Authentication(superuser, replication, rewind);
    }

    /**
     * An {@code authentication: {username, password}} mapping of HTTP Basic credentials (restapi, ctl), or null when
     * the section is absent or incomplete (then reported).
     */
    static Credentials basic(Section owner) {
        Section a = owner.section("authentication");
        if (!a.present()) {
            return null;
        }
        String username = a.requiredString("username", "user for HTTP Basic authentication of unsafe endpoints");
        String password = a.requiredString("password", "its password");
        a.finish();
        return username == null || password == null ? null : new Credentials(username, password);
    }

    static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    private static Credentials user(Section a, String role, boolean required) {
        if (required && !a.has(role)) {
            a.missing(role, "key", "username and password of the " + role + " user");
            return null;
        }
        Section u = a.section(role);
        String username = u.requiredString("username", "the " + role + " user's name");
        String password = u.string("password");
        if (password == null && u.present()) {
            if (role.equals("replication")) {
                u.missing("password", "key", "replicas authenticate with it when they clone and stream");
            } else if (role.equals("superuser")) {
                u.warning("password", "no superuser password: initdb sets none, so pgward can connect as "
                        + username + " only where pg_hba allows peer or trust (or through a pgpass file)");
            }
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (String key : PostgresqlBinder.USER_KEYS.subList(2, PostgresqlBinder.USER_KEYS.size())) {
            String value = switch (key) {
                case "sslmode" -> u.oneOf(key, true, SSL_MODES);
                case "gssencmode" -> u.oneOf(key, true, List.of("disable", "prefer", "require"));
                case "channel_binding" -> u.oneOf(key, true, List.of("disable", "prefer", "require"));
                case "sslnegotiation" -> u.oneOf(key, true, List.of("postgres", "direct"));
                default -> u.string(key);
            };
            if (value != null) {
                options.put(key, value);
            }
        }
        for (String key : List.of("sslcrl", "sslcrldir")) {
            if (options.containsKey(key)) {
                u.warning(key, key + " is used by PostgreSQL's own connections as " + role + " (streaming, pg_basebackup,"
                        + " pg_rewind) but not by pgward's SQL connections, whose driver has no certificate"
                        + " revocation list");
            }
        }
        u.finish();
        return new Credentials(username, password, options);
    }
}
