package io.pgward.agent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which settings wait for a restart, as Patroni reports them ({@code pending_restart_reason}:
 * {@code {name: {old_value, new_value}}}). The settings pgward passes on the command line never show up in
 * PostgreSQL's own {@code pending_restart}, so they are compared here; pure.
 */
final class PendingRestart {
    private PendingRestart() {}

    static Map<String, Map<String, String>> reasons(Map<String, String> wantedOnCommandLine, Map<String, String> running,
                                                    List<String> reportedByPostgres) {
        Map<String, Map<String, String>> reasons = new LinkedHashMap<>();
        wantedOnCommandLine.forEach((name, wanted) -> {
            String now = running.get(name);
            if (now != null && !normalise(now).equals(normalise(wanted))) {
                reasons.put(name, Map.of("old_value", now, "new_value", wanted));
            }
        });
        for (String name : reportedByPostgres) {
            reasons.putIfAbsent(name, Map.of("old_value", String.valueOf(running.get(name)),
                    "new_value", "(changed in postgresql.conf)"));
        }
        return reasons;
    }

    static String normalise(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "yes", "1", "on" -> "on";
            case "false", "no", "0", "off" -> "off";
            case "hot_standby", "archive" -> "replica";
            default -> v;
        };
    }
}
