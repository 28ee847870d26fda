package io.pgward.backup;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.config.BackupConfig;
import io.pgward.config.BackupConfig.HostRepo;

/**
 * The repository a backup started on a node goes into: the first one that is not a repository host. pgBackRest backs
 * up into a repository host only when it runs on that host (elsewhere it stops with error 072, "backup command must be
 * run on the repository host"), so with repository hosts only, a node cannot take a backup at all.
 */
public final class BackupTarget {

    private BackupTarget() {
    }

    /**
     * @return the repository's number (pgBackRest's {@code --repo}, from 1)
     * @throws PgwardException BAD_REQUEST when every repository is a repository host, saying where to run the backup
     */
    public static int repo(BackupConfig backup) {
        for (int i = 0; i < backup.repos().size(); i++) {
            if (!(backup.repos().get(i) instanceof HostRepo)) {
                return i + 1;
            }
        }
        HostRepo first = (HostRepo) backup.repos().get(0);
        throw new PgwardException(Code.BAD_REQUEST, "every repository of stanza '" + backup.stanza() + "' is a"
                + " repository host (repo1: " + first.host() + ":" + first.port() + "), and pgBackRest takes a backup into"
                + " a repository host only on that host (elsewhere: error 072, backup command must be run on the"
                + " repository host): run 'pgbackrest --stanza=" + backup.stanza() + " backup' on " + first.host()
                + ", which reaches the nodes through the 'pgbackrest server' each of them runs (see pgward's"
                + " docs/backup.md, repository host)");
    }
}
