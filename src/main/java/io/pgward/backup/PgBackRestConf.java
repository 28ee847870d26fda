package io.pgward.backup;

import io.pgward.config.BackupConfig;
import io.pgward.config.BackupConfig.HostRepo;
import io.pgward.config.BackupConfig.PosixRepo;
import io.pgward.config.BackupConfig.S3Repo;
import io.pgward.config.S3Keys;

import java.nio.file.Path;
import java.util.function.Function;

/** The pgbackrest.conf of one node: the cluster's backup section plus where this node's PostgreSQL is. */
final class PgBackRestConf {

    private PgBackRestConf() {
    }

    /** With the S3 keys read from each S3 repository's credentials file. */
    static String render(BackupConfig backup, PgBackRest.Node node) {
        return render(backup, node, file -> S3Keys.read(Path.of(file)));
    }

    /**
     * @param node   where this node's PostgreSQL and pgBackRest's own files are
     * @param s3Keys the keys in an S3 repository's credentials file (the file is 0600 for them)
     */
    static String render(BackupConfig backup, PgBackRest.Node node, Function<String, S3Keys> s3Keys) {
        Path work = BackupConfig.workDir(node.dataDir());
        StringBuilder b = new StringBuilder("# Written by pgward from the backup section of the dynamic configuration."
                + " Do not edit: use pgward edit-config.\n[global]\n");
        line(b, "lock-path", work.resolve("lock"));
        line(b, "log-path", work.resolve("log"));
        line(b, "spool-path", work.resolve("spool"));
        line(b, "start-fast", "y");
        if (backup.archiveAsync()) {
            line(b, "archive-async", "y");
        }
        for (int i = 0; i < backup.repos().size(); i++) {
            String repo = "repo" + (i + 1);
            BackupConfig.Repo r = backup.repos().get(i);
            if (r instanceof PosixRepo p) {
                line(b, repo + "-path", p.path());
            } else if (r instanceof HostRepo h) {
                line(b, repo + "-host", h.host());
                line(b, repo + "-host-type", "tls");
                if (h.path() != null) {
                    line(b, repo + "-path", h.path());
                }
                line(b, repo + "-host-port", h.port());
                if (h.ca() != null) {
                    line(b, repo + "-host-ca-file", h.ca());
                }
                line(b, repo + "-host-cert-file", h.cert());
                line(b, repo + "-host-key-file", h.key());
            } else if (r instanceof S3Repo s) {
                s3(b, repo, s, s3Keys.apply(s.credentials()));
            }
            if (backup.retentionFull() != null) {
                line(b, repo + "-retention-full", backup.retentionFull());
            }
            if (backup.retentionDiff() != null) {
                line(b, repo + "-retention-diff", backup.retentionDiff());
            }
        }
        b.append("\n[").append(backup.stanza()).append("]\n");
        line(b, "pg1-path", node.dataDir());
        line(b, "pg1-port", node.port());
        line(b, "pg1-socket-path", node.socketDir());
        line(b, "pg1-user", node.superuser());
        return b.toString();
    }

    private static void s3(StringBuilder b, String repo, S3Repo s, S3Keys keys) {
        line(b, repo + "-type", "s3");
        line(b, repo + "-path", s.path());
        line(b, repo + "-s3-bucket", s.bucket());
        line(b, repo + "-s3-endpoint", s.endpoint());
        if (s.port() != null) {
            line(b, repo + "-storage-port", s.port());
        }
        line(b, repo + "-s3-region", s.region());
        line(b, repo + "-s3-uri-style", s.uriStyle());
        if (s.ca() != null) {
            line(b, repo + "-storage-ca-file", s.ca());
        }
        if (!s.verifyTls()) {
            line(b, repo + "-storage-verify-tls", "n");
        }
        line(b, repo + "-s3-key", keys.key());
        line(b, repo + "-s3-key-secret", keys.keySecret());
        if (keys.token() != null) {
            line(b, repo + "-s3-token", keys.token());
        }
    }

    private static void line(StringBuilder b, String key, Object value) {
        String text = String.valueOf(value);
        if (text.contains("\n")) {
            throw new IllegalArgumentException(key + " must be one line: " + text);
        }
        b.append(key).append('=').append(text).append('\n');
    }
}
