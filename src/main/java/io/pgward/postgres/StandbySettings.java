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
     * primary_conninfo: the replication user's connection options (sslmode prefer unless set), 3 s connect timeout;
     * the password only when no passfile option holds it.
     */
    public String conninfo() {
        String inline = connectionOptions.containsKey("passfile") ? null : password;
        return new Conninfo().set("host", host).set("port", Integer.toString(port)).set("user", user)
                .set("password", inline).set("application_name", applicationName)
                .userOptions(connectionOptions).set("connect_timeout", "3").toString();
    }
}
