package io.pgward.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The settings of a systemd unit file, read as systemd reads the simple cases: {@code Key=value} lines, # comments. */
final class SystemdUnit {
    private final Map<String, List<String>> settings = new LinkedHashMap<>();

    private SystemdUnit() {}

    static SystemdUnit read(Path file) throws IOException {
        SystemdUnit unit = new SystemdUnit();
        for (String line : Files.readAllLines(file)) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";") || l.startsWith("[") || eq < 0) {
                continue;
            }
            unit.settings.computeIfAbsent(l.substring(0, eq).strip(), k -> new ArrayList<>()).add(l.substring(eq + 1).strip());
        }
        return unit;
    }

    /** The last value of a setting (a later line overrides), or an AssertionError naming the missing one. */
    String get(String key) {
        List<String> values = settings.get(key);
        if (values == null) {
            throw new AssertionError("the unit has no " + key + "=");
        }
        return values.get(values.size() - 1);
    }

    boolean has(String key) {
        return settings.containsKey(key);
    }

    /** ExecStart's program and arguments (the unit uses neither prefixes nor quoting). */
    List<String> execStart() {
        String cmd = get("ExecStart");
        if (!cmd.startsWith("/") || cmd.contains("\"") || cmd.contains("'") || cmd.contains("$")) {
            throw new AssertionError("ExecStart is not a plain absolute command line: " + cmd);
        }
        return List.of(cmd.split("\\s+"));
    }
}
