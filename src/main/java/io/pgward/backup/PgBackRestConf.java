package io.pgward.backup;

import io.pgward.config.BackupConfig;
import io.pgward.config.BackupConfig.HostRepo;
import io.pgward.config.BackupConfig.PosixRepo;

import java.nio.file.Path;

/** The pgbackrest.conf of one node: the cluster's backup section plus where this node's PostgreSQL is. */
final class PgBackRestConf {

    private PgBackRestConf() {
    }

    /**
     * @param node where this node's PostgreSQL and pgBackRest's own files are
     */
    static String render(BackupConfig backup, PgBackRest.Node node) {
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

    private static void line(StringBuilder b, String key, Object value) {
        String text = String.valueOf(value);
        if (text.contains("\n")) {
            throw new IllegalArgumentException(key + " must be one line: " + text);
        }
        b.append(key).append('=').append(text).append('\n');
    }
}
