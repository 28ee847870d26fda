package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The passwords every node of a local cluster shares. A cluster that already has node files keeps theirs: a node
 * added later with new ones could not replicate, and the REST credentials would differ between nodes.
 */
record LocalCredentials(String restUser, String restPassword, String superuser, String replication, String rewind) {

    static LocalCredentials generate(String restUser, String restPassword) {
        return new LocalCredentials(restUser, restPassword, password(), password(), password());
    }

    static String password() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The credentials written in an existing node file; fails naming the file and the YAML path of what is missing. */
    static LocalCredentials readFrom(Path nodeYaml) throws IOException {
        Map<String, Object> root = YamlText.parseMapping(Files.readString(nodeYaml), nodeYaml.toString());
        return new LocalCredentials(
                text(root, nodeYaml, "restapi", "authentication", "username"),
                text(root, nodeYaml, "restapi", "authentication", "password"),
                text(root, nodeYaml, "postgresql", "authentication", "superuser", "password"),
                text(root, nodeYaml, "postgresql", "authentication", "replication", "password"),
                text(root, nodeYaml, "postgresql", "authentication", "rewind", "password"));
    }

    private static String text(Map<String, Object> root, Path file, String... path) {
        Object v = root;
        for (String key : path) {
            v = v instanceof Map<?, ?> m ? m.get(key) : null;
        }
        if (v == null || v instanceof Map<?, ?> || v.toString().isEmpty()) {
            throw new PgwardException(Code.BAD_REQUEST, file + ": " + String.join(".", path) + " is missing; new nodes"
                    + " must use the same credentials as the existing ones: put it back, or start over with"
                    + " 'pgward down --purge'");
        }
        return v.toString();
    }
}
