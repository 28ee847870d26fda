package io.pgward.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Looks through every log a test cluster wrote (the agents', PostgreSQL's, etcd's) for the passwords the test gave
 * it: a password may sit in the configuration files, never in a log line.
 */
final class SecretScan {
    private SecretScan() {}

    static boolean isLog(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".log") || name.matches(".*\\.log\\.\\d+") || name.contains(".postgres.log");
    }

    /** "file:line: holds 'secret'" for each log line that contains one of {@code secrets}. */
    static List<String> findings(Path dir, Collection<String> secrets) {
        List<String> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).filter(SecretScan::isLog).toList()) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
                for (int i = 0; i < lines.size(); i++) {
                    for (String secret : secrets) {
                        if (lines.get(i).contains(secret)) {
                            found.add(file + ":" + (i + 1) + ": holds '" + secret + "'");
                        }
                    }
                }
            }
        } catch (IOException e) {
            found.add("cannot scan " + dir + ": " + e.getMessage());
        }
        return found;
    }
}
