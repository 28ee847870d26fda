package io.pgward.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * A user name, its password and the libpq connection options set beside them in postgresql.authentication
 * (sslmode, sslrootcert, sslcert, sslkey, sslpassword, sslcrl, sslcrldir, sslnegotiation, gssencmode,
 * channel_binding), which every connection made as this user carries.
 *
 * @param password may be null (peer/cert/trust authentication, or a password kept in a pgpass file)
 * @param options  libpq option name -> value; empty when none is set
 */
public record Credentials(String username, String password, Map<String, String> options) {

    public Credentials {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public Credentials(String username, String password) {
        this(username, password, Map.of());
    }

    /** The same user with another password, its connection options kept. */
    public Credentials withPassword(String newPassword) {
        return new Credentials(username, newPassword, options);
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>(options);
        shown.computeIfPresent("sslpassword", (k, v) -> "***");
        return "Credentials[username=" + username + ", password=" + (password == null ? "null" : "***")
                + (shown.isEmpty() ? "" : ", options=" + shown) + "]";
    }
}
