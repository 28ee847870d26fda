package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/** Opens {@code $EDITOR} (default vi) on a private temporary file and returns what was saved. */
final class Editor {
    private Editor() {}

    static String command(Map<String, String> env) {
        String e = env.get("EDITOR");
        return e == null || e.isBlank() ? "vi" : e;
    }

    static String edit(String text, String suffix) throws IOException, InterruptedException {
        if (System.console() == null) {
            throw new PgwardException(Code.BAD_REQUEST, "no terminal to run an editor in: give the changes with"
                    + " --set, --pg, --apply FILE or --replace FILE");
        }
        Path f = Files.createTempFile("pgward-", suffix,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(f, text);
            String editor = command(System.getenv());
            // through sh so that EDITOR may carry arguments ("code --wait"); the file is passed as $1
            int rc = new ProcessBuilder("sh", "-c", editor + " \"$1\"", "sh", f.toString()).inheritIO().start()
                    .waitFor();
            if (rc != 0) {
                throw new Refused("the editor (" + editor + ") exited with status " + rc + "; nothing was changed");
            }
            return Files.readString(f);
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
