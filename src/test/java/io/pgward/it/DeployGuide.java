package io.pgward.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runnable blocks of docs/deploy.md: fenced {@code sh} blocks whose first line says where they run
 * ({@code # on node1}, {@code # on node2 and node3}, {@code # on each host}, {@code # on the admin machine}),
 * optionally {@code , until it succeeds}. Other blocks are shown to the reader, not run.
 */
final class DeployGuide {

    static final Path FILE = Path.of("docs/deploy.md");
    static final String ADMIN = "admin";
    static final List<String> HOSTS = List.of("node1", "node2", "node3");

    private static final Pattern WHERE = Pattern.compile("# on (.+?)(, until it succeeds)?");

    /** One block: the hosts it runs on, in order ({@link #ADMIN} for the admin machine), its section and text. */
    record Block(int line, String section, List<String> hosts, boolean untilSuccess, String script) {
        @Override
        public String toString() {
            return FILE + ":" + line + " (" + section + ", on " + String.join(", ", hosts) + ")";
        }
    }

    private DeployGuide() {}

    static List<Block> read() throws IOException {
        return parse(Files.readAllLines(FILE));
    }

    static List<Block> parse(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        String section = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("## ")) {
                section = line.substring(3).strip();
            }
            if (!line.startsWith("```")) {
                continue;
            }
            boolean shell = line.strip().equals("```sh");
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).startsWith("```")) {
                end++;
            }
            if (end == lines.size()) {
                throw new IllegalArgumentException(FILE + ":" + (i + 1) + ": a fenced block that is never closed");
            }
            Matcher m = start < end ? WHERE.matcher(lines.get(start)) : null;
            if (shell && m != null && m.matches()) {
                blocks.add(new Block(start, section, hosts(m.group(1), start), m.group(2) != null,
                        String.join("\n", lines.subList(start + 1, end)) + "\n"));
            }
            i = end;
        }
        return blocks;
    }

    private static List<String> hosts(String where, int line) {
        if (where.equals("each host")) {
            return HOSTS;
        }
        if (where.equals("the admin machine")) {
            return List.of(ADMIN);
        }
        List<String> named = List.of(where.split(" and |, "));
        if (!HOSTS.containsAll(named)) {
            throw new IllegalArgumentException(FILE + ":" + (line + 1) + ": '# on " + where + "' names no host of "
                    + HOSTS + " (or 'each host', 'the admin machine')");
        }
        return named;
    }
}
