package io.pgward.routing;

import io.pgward.PgwardException;
import io.pgward.config.PgBouncerConfig;
import io.pgward.postgres.Exec;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PgBouncer's admin console, through {@code psql} (the console speaks only the simple query protocol and refuses
 * the startup parameters JDBC drivers send). The password of the URI goes to psql in its environment, never on its
 * command line.
 */
final class PgBouncerConsole {

    private static final Pattern PASSWORD = Pattern.compile("^([a-z]+://[^:@/]*):([^@]*)@");

    private final Path psql;
    private final String uri;
    private final String display;
    private final Map<String, String> env = new HashMap<>();

    PgBouncerConsole(PgBouncerConfig config, Path psql) {
        this.psql = psql;
        this.display = config.adminUriForDisplay();
        Matcher m = PASSWORD.matcher(config.adminUri());
        if (m.find()) {
            env.put("PGPASSWORD", URLDecoder.decode(m.group(2), StandardCharsets.UTF_8));
            uri = m.replaceFirst(Matcher.quoteReplacement(m.group(1) + "@"));
        } else {
            uri = config.adminUri();
        }
        env.put("PGCONNECT_TIMEOUT", "2");
    }

    /**
     * Runs one console command.
     *
     * @return null when it succeeded, else what went wrong (PgBouncer's error, or psql's)
     */
    String run(String command, Duration timeout) {
        try {
            Exec.Result r = Exec.run(List.of(psql.toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", uri, "-c",
                    command), env, timeout);
            return r.ok() ? null : r.output().isEmpty() ? "psql exited with " + r.exitCode() : r.output();
        } catch (PgwardException e) {
            return e.getMessage().contains("did not finish") ? "no answer within " + timeout.toSeconds() + " s"
                    : e.getMessage();
        }
    }

    @Override
    public String toString() {
        return display;
    }
}
