package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.config.Config;
import io.pgward.config.Credentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the CLI finds the REST API's Basic-auth credentials, first match wins: {@code --username/--password};
 * the config file's {@code ctl.authentication} (as patronictl), then its {@code restapi.authentication}; the file named by {@code PGWARD_REST_PASSWORD_FILE}; a
 * {@code restapi.password} file next to the config file (as {@code pgward up} writes). Files hold
 * {@code user:password}.
 */
final class RestAuth {

    static final String ENV_FILE = "PGWARD_REST_PASSWORD_FILE";
    static final String FILE_NAME = "restapi.password";

    private RestAuth() {}

    /**
     * @param config    the loaded config file, or null when none was given
     * @param configDir the directory of the config file, or null
     * @return the credentials, or null when none are known (requests then go without Authorization)
     */
    static Credentials resolve(String username, String password, Config config, Path configDir,
                               Map<String, String> env) {
        if (username != null || password != null) {
            if (username == null || password == null) {
                throw new PgwardException(Code.BAD_REQUEST, "--username and --password go together"
                        + " (give --password without a value to be asked for it)");
            }
            return new Credentials(username, password);
        }
        if (config != null && config.ctl().authentication() != null) {
            return config.ctl().authentication();
        }
        if (config != null && config.restapi() != null && config.restapi().authentication() != null) {
            return config.restapi().authentication();
        }
        String fromEnv = env.get(ENV_FILE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path f = Path.of(fromEnv);
            if (!Files.isReadable(f)) {
                throw new PgwardException(Code.BAD_REQUEST, ENV_FILE + " names " + f
                        + ", which does not exist or is not readable: fix the variable or unset it");
            }
            return readFile(f);
        }
        if (configDir != null) {
            Path f = configDir.resolve(FILE_NAME);
            if (Files.isReadable(f)) {
                return readFile(f);
            }
        }
        return null;
    }

    /** Reads {@code user:password} from the first non-empty line. */
    static Credentials readFile(Path f) {
        String content;
        try {
            content = Files.readString(f);
        } catch (IOException e) {
            throw new PgwardException(Code.BAD_REQUEST, "cannot read the REST API credentials in " + f + ": "
                    + e.getMessage());
        }
        for (String line : content.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            int colon = l.indexOf(':');
            if (colon <= 0) {
                break;
            }
            return new Credentials(l.substring(0, colon), l.substring(colon + 1));
        }
        throw new PgwardException(Code.BAD_REQUEST, f + " must hold the REST API credentials as one line"
                + " 'user:password'");
    }
}
