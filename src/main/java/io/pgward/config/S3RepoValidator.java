package io.pgward.config;

import java.util.List;

/** Strict checks of one {@code type: s3} repository of the backup section. */
final class S3RepoValidator {

    /** S3's rules for bucket names (3 to 63 lower-case letters, digits, '.' and '-'). */
    private static final String BUCKET_CHARS = "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]";
    static final String CREDENTIALS_EXAMPLE = "credentials: /etc/pgward/s3-credentials.yml (a file on every node, mode"
            + " 0600, readable by the agent's user, holding key: and key_secret:)";

    private S3RepoValidator() {
    }

    static void validate(Section repo) {
        String bucket = repo.requiredString("bucket", "the bucket holding the repository (created beforehand)");
        if (bucket != null && !bucket.matches(BUCKET_CHARS)) {
            repo.error("bucket", "'" + bucket + "' is not a valid S3 bucket name: 3 to 63 lower-case letters, digits,"
                    + " '.' and '-', starting and ending with a letter or digit");
        }
        endpoint(repo);
        repo.requiredString("region", "the bucket's region, e.g. us-east-1 (any value the endpoint accepts)");
        String path = repo.string("path");
        if (path != null && !path.startsWith("/")) {
            repo.error("path", "'" + path + "' must start with '/': it is the repository's directory inside the bucket");
        }
        repo.oneOf("uri_style", true, BackupConfig.S3_URI_STYLES);
        repo.file("ca", FileChecks.Kind.READABLE_FILE);
        if (Boolean.FALSE.equals(repo.bool("verify_tls"))) {
            repo.warning("verify_tls", "the endpoint's certificate is not verified: anyone on the way can read and"
                    + " change the backups and WAL; give the CA that signed it with ca: instead");
        }
        for (String secret : List.of("key", "key_secret", "token")) {
            if (repo.has(secret)) {
                repo.error(secret, "the S3 " + secret + " must not be in the backup section: it is stored in etcd in"
                        + " clear, readable by anyone who can read etcd; put it in a file on every node and name it"
                        + " with " + CREDENTIALS_EXAMPLE);
            }
        }
        if (repo.has("credentials")) {
            repo.file("credentials", FileChecks.Kind.S3_CREDENTIALS);
        } else {
            repo.missing("credentials", "key", "the file on every node holding the S3 access key: "
                    + CREDENTIALS_EXAMPLE);
        }
        for (String other : List.of("host", "port", "cert")) {
            if (repo.has(other)) {
                repo.error(other, other + " applies to a repository host only; an S3 repository names its endpoint"
                        + " (host[:port]) with endpoint:");
            }
        }
        repo.finish();
    }

    private static void endpoint(Section repo) {
        String endpoint = repo.requiredString("endpoint", "the S3 server, host[:port] (port 443 when not given),"
                + " e.g. s3.us-east-1.amazonaws.com");
        if (endpoint == null) {
            return;
        }
        if (endpoint.contains("://") || endpoint.contains("/")) {
            repo.error("endpoint", "'" + endpoint + "' must be host[:port] only, without a scheme or path:"
                    + " pgBackRest always speaks HTTPS to the endpoint");
            return;
        }
        try {
            BackupConfig.s3Endpoint(endpoint);
        } catch (IllegalArgumentException e) {
            repo.error("endpoint", e.getMessage());
        }
    }
}
