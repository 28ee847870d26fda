package io.pgward.postgres;

import java.util.Map;

/**
 * Where a standby streams from. {@code upstreamName} is the member it follows (recorded in postgresql.conf so a
 * restarted agent knows it); host/port null means "no upstream yet" (read-only, no streaming).
 */
public record StandbySettings(String upstreamName, String host, int port, String user, String password,
                              Map<String, String> connectionOptions, String applicationName, String slotName) {

    public StandbySettings {
        connectionOptions = connectionOptions == null ? Map.of() : Map.copyOf(connectionOptions);
    }

    public static StandbySettings none(String applicationName) {
        return new StandbySettings(null, null, 0, null, null, Map.of(), applicationName, null);
    }

    public boolean hasUpstream() {
        return host != null;
    }

    /**
     * libpq options of the replication connection unless the user's connection options set them: a connection whose
     * packets go unacknowledged for 10 s (tcp_user_timeout, in ms) or whose idle peer stops answering keepalives is
     * dropped, so the receiver connects afresh instead of waiting out TCP's retransmission back-off.
     */
    static final Map<String, String> CONNECTION_DEFAULTS = orderedMap(
            "keepalives", "1", "keepalives_idle", "5", "keepalives_interval", "5", "keepalives_count", "3",
            "tcp_user_timeout", "10000");

    /**
     * primary_conninfo: the replication user's connection options (sslmode prefer unless set), 3 s connect timeout,
     * {@link #CONNECTION_DEFAULTS} (the user's connection options win); the password only when no passfile option
     * holds it.
     */
    public String conninfo() {
        String inline = connectionOptions.containsKey("passfile") ? null : password;
        Conninfo c = new Conninfo().set("host", host).set("port", Integer.toString(port)).set("user", user)
                .set("password", inline).set("application_name", applicationName);
        CONNECTION_DEFAULTS.forEach(c::set);
        return c.userOptions(connectionOptions).set("connect_timeout", "3").toString();
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
