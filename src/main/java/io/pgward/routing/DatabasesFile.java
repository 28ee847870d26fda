package io.pgward.routing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code [databases]} file PgBouncer includes: every database line keeps what the operator wrote except its
 * {@code host=} and {@code port=}, which name the primary.
 */
final class DatabasesFile {

    /** {@code name = key=value key=value ...}; a name may be quoted. */
    private static final Pattern DATABASE_LINE = Pattern.compile("^(\\s*(?:\"[^\"]*\"|[^=\\s;#\\[][^=]*?)\\s*=\\s*)(.*)$");
    private static final Pattern SETTING = Pattern.compile("(\\S+?)=('(?:[^'\\\\]|\\\\.)*'|\\S*)");

    private DatabasesFile() {
    }

    /** {@code text} with every database line of its {@code [databases]} section pointing at host:port. */
    static String pointAt(String text, String host, int port) {
        StringBuilder out = new StringBuilder();
        boolean inDatabases = !text.stripLeading().startsWith("[");
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("[")) {
                inDatabases = trimmed.equalsIgnoreCase("[databases]");
            } else if (inDatabases && !trimmed.isEmpty() && !trimmed.startsWith(";") && !trimmed.startsWith("#")
                    && !trimmed.startsWith("%")) {
                Matcher m = DATABASE_LINE.matcher(line);
                if (m.matches()) {
                    line = m.group(1) + settings(m.group(2), host, port);
                }
            }
            out.append(line).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    private static String settings(String connstr, String host, int port) {
        List<String> kept = new ArrayList<>();
        Matcher m = SETTING.matcher(connstr);
        int end = 0;
        while (m.find()) {
            String key = m.group(1);
            if (!key.equals("host") && !key.equals("port")) {
                kept.add(m.group());
            }
            end = m.end();
        }
        String rest = connstr.substring(end).strip();
        List<String> all = new ArrayList<>();
        all.add("host=" + host);
        all.add("port=" + port);
        all.addAll(kept);
        return String.join(" ", all) + (rest.isEmpty() ? "" : " " + rest);
    }

    /**
     * Rewrites {@code file} to point at host:port, replacing it whole (through a file beside it, with its owner and
     * mode) so that PgBouncer never reads half of it.
     *
     * @return false when it pointed there already (nothing written)
     */
    static boolean rewrite(Path file, String host, int port) throws IOException {
        String before = Files.readString(file, StandardCharsets.UTF_8);
        String after = pointAt(before, host, port);
        if (after.equals(before)) {
            return false;
        }
        Path tmp = file.resolveSibling("." + file.getFileName() + ".pgward-tmp");
        try {
            Files.writeString(tmp, after, StandardCharsets.UTF_8);
            PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class);
            PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            view.setPermissions(attributes.permissions());
            try {
                view.setOwner(attributes.owner());
                view.setGroup(attributes.group());
            } catch (IOException notRoot) {
                // an agent that does not run as root writes the file as its own user, as before
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
