package io.pgward.config;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The access key of an S3 repository, read from the node's own credentials file (named by the repository's
 * {@code credentials}), so that it never passes through etcd. The file is YAML: {@code key}, {@code key_secret} and,
 * for temporary credentials, {@code token}.
 */
public record S3Keys(String key, String keySecret, String token) {

    static final List<String> KEYS = List.of("key", "key_secret", "token");

    /**
     * @throws PgwardException naming the file, the line and what is wrong, when it cannot be read or lacks a key
     */
    public static S3Keys read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new PgwardException(Code.CONFIG_INVALID, "cannot read the S3 credentials file " + file + ": " + e
                    + " (it must be readable by the agent's user on every node)");
        }
        Problems problems = new Problems();
        YNode.Mapping map = YamlParser.parseDocument(text, file.toString(), problems);
        S3Keys keys = null;
        if (map != null) {
            Section s = Section.root(map, "", problems, Placement.FILE);
            String key = s.requiredString("key", "the access key id");
            String secret = s.requiredString("key_secret", "the secret access key");
            String token = s.string("token");
            for (String k : KEYS) {
                String value = s.string(k);
                if (value != null && (value.isBlank() || value.contains("\n"))) {
                    s.error(k, k + " must be one non-empty line");
                }
            }
            s.finish();
            keys = new S3Keys(key, secret, token);
        }
        if (problems.hasErrors()) {
            throw new PgwardException(Code.CONFIG_INVALID, "the S3 credentials file is not usable: " + problems.sorted()
                    .stream().filter(Problem::isError).map(Problem::format).collect(Collectors.joining("; ")));
        }
        return keys;
    }

    @Override
    public String toString() {
        return "S3Keys[key=" + key + ", key_secret=***" + (token == null ? "" : ", token=***") + "]";
    }
}
