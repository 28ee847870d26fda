package io.pgward.api;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code POST /restart} body with Patroni's filters: {@code schedule} (later, ISO 8601 with a zone),
 * {@code role} (restart only in that role), {@code restart_pending} (only when a setting waits for a restart),
 * {@code postgres_version} (only when the running server is older) and {@code timeout} (seconds to wait).
 */
public record RestartRequest(Instant schedule, String role, boolean restartPending, Integer postgresVersion,
                             Duration timeout) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);

    /** A parsed request, or the reply that refuses it. */
    record Parsed(RestartRequest request, Reply error) {
        static Parsed refused(int status, String message) {
            return new Parsed(null, Reply.error(status, message));
        }
    }

    static Parsed parse(Map<String, Object> body, Instant now) {
        Instant schedule = null;
        String role = null;
        boolean pending = false;
        Integer version = null;
        Duration timeout = DEFAULT_TIMEOUT;
        for (Map.Entry<String, Object> e : body.entrySet()) {
            String value = e.getValue() == null ? null : e.getValue().toString().trim();
            switch (e.getKey()) {
                case "schedule" -> {
                    ScheduleTime when = ScheduleTime.parse(value == null ? "" : value, "restart", now);
                    if (when.error() != null) {
                        return new Parsed(null, when.error());
                    }
                    schedule = when.at();
                }
                case "role" -> {
                    if (!List.of("primary", "master", "replica", "standby_leader").contains(value)) {
                        return Parsed.refused(400, "PostgreSQL role should be either primary or replica");
                    }
                    role = "master".equals(value) ? "primary" : value;
                }
                case "restart_pending" -> pending = Boolean.parseBoolean(value);
                case "postgres_version" -> {
                    version = versionNumber(value);
                    if (version == null) {
                        return Parsed.refused(400, "postgres_version '" + value + "' is not a PostgreSQL version"
                                + " such as 15.4");
                    }
                }
                case "timeout" -> {
                    Long seconds = value == null ? null : seconds(value);
                    if (seconds == null || seconds <= 0) {
                        return Parsed.refused(400, "Timeout should be a positive number of seconds");
                    }
                    timeout = Duration.ofSeconds(seconds);
                }
                default -> {
                    return Parsed.refused(400, "Unknown filter for the scheduled restart: " + e.getKey());
                }
            }
        }
        return new Parsed(new RestartRequest(schedule, role, pending, version, timeout), null);
    }

    /** Why this node must not restart now, or empty when every filter is met. */
    public Optional<String> unmetCondition(boolean primary, boolean restartIsPending, int serverVersionNum) {
        String mine = primary ? "primary" : "replica";
        if (role != null && !role.equals(mine)) {
            return Optional.of("role is " + mine + ", not " + role);
        }
        if (restartPending && !restartIsPending) {
            return Optional.of("no restart is pending");
        }
        if (postgresVersion != null && postgresVersion <= serverVersionNum) {
            return Optional.of("the server runs version " + serverVersionNum + ", not older than " + postgresVersion);
        }
        return Optional.empty();
    }

    /** The request as Patroni's member key shows a scheduled restart. */
    public Map<String, Object> memberData(String postmasterStartTime) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schedule", schedule == null ? null : schedule.toString());
        if (role != null) {
            m.put("role", role);
        }
        if (restartPending) {
            m.put("restart_pending", true);
        }
        if (postgresVersion != null) {
            m.put("postgres_version", postgresVersion);
        }
        m.put("timeout", timeout.toSeconds());
        if (postmasterStartTime != null) {
            m.put("postmaster_start_time", postmasterStartTime);
        }
        return m;
    }

    /** "15.4" -> 150004, "9.6.24" -> 90624, "150004" -> 150004 (server_version_num); null when not a version. */
    static Integer versionNumber(String v) {
        if (v == null || !v.matches("\\d+(\\.\\d+){0,2}")) {
            return null;
        }
        String[] p = v.split("\\.");
        int major = Integer.parseInt(p[0]);
        if (p.length == 1) {
            return major >= 10000 ? major : major * 10000;
        }
        if (major >= 10) {
            return major * 10000 + Integer.parseInt(p[1]);
        }
        return major * 10000 + Integer.parseInt(p[1]) * 100 + (p.length > 2 ? Integer.parseInt(p[2]) : 0);
    }

    private static Long seconds(String v) {
        String digits = v.endsWith("s") ? v.substring(0, v.length() - 1) : v;
        return digits.matches("\\d+") ? Long.parseLong(digits) : null;
    }
}
