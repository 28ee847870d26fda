package io.pgward.postgres;

/**
 * Where a standby streams from. {@code upstreamName} is the member it follows (recorded in postgresql.conf so a
 * restarted agent knows it); host/port null means "no upstream yet" (read-only, no streaming).
 */
public record StandbySettings(String upstreamName, String host, int port, String user, String password,
                              String applicationName, String slotName) {

    public static StandbySettings none(String applicationName) {
        return new StandbySettings(null, null, 0, null, null, applicationName, null);
    }

    public boolean hasUpstream() {
        return host != null;
    }

    public String conninfo() {
        StringBuilder b = new StringBuilder();
        append(b, "host", host);
        append(b, "port", Integer.toString(port));
        append(b, "user", user);
        if (password != null) {
            append(b, "password", password);
        }
        append(b, "application_name", applicationName);
        append(b, "sslmode", "prefer");
        append(b, "connect_timeout", "3");
        return b.toString().trim();
    }

    private static void append(StringBuilder b, String key, String value) {
        b.append(key).append("='").append(value.replace("\\", "\\\\").replace("'", "\\'")).append("' ");
    }
}
