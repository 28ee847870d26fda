package io.pgward.config;

import java.util.List;

/** Strict checks of the dynamic configuration's {@code backup} section (pgBackRest stanza, repositories, retention). */
final class BackupValidator {

    private static final String STANZA_CHARS = "[A-Za-z0-9][A-Za-z0-9_.-]*";

    private BackupValidator() {
    }

    static void validate(Section dcs) {
        Section backup = dcs.section("backup");
        if (!backup.present()) {
            return;
        }
        String stanza = backup.requiredString("stanza", "the pgBackRest stanza, e.g. the scope");
        if (stanza != null && !stanza.matches(STANZA_CHARS)) {
            backup.error("stanza", "'" + stanza + "' is not a usable stanza name: use letters, digits, '_', '.' and '-'"
                    + ", starting with a letter or digit");
        }
        repos(backup);
        Section retention = backup.section("retention");
        Long full = retention.integer("full", 1, 9_999_999);
        retention.integer("diff", 1, 9_999_999);
        retention.finish();
        if (full == null && !retention.has("full")) {
            backup.warning("retention", "no retention.full: pgBackRest keeps every full backup and all their WAL"
                    + " until the repository is full; set e.g. retention: {full: 2}");
        }
        backup.bool("archive_async");
        schedule(backup);
        refuseScheduleWithoutLocalRepo(backup);
        warnArchiveParameters(dcs);
        backup.finish();
    }

    private static void schedule(Section backup) {
        YNode node = backup.node("schedule");
        if (node == null) {
            return;
        }
        if (!(node instanceof YNode.Sequence seq)) {
            backup.error("schedule", "expected a list of {type: full|diff|incr, cron: 'minute hour day month weekday'},"
                    + " found " + YNode.describe(node));
            return;
        }
        for (int i = 0; i < seq.items().size(); i++) {
            YNode item = seq.items().get(i);
            String path = backup.path("schedule") + "[" + i + "]";
            if (!(item instanceof YNode.Mapping m)) {
                backup.problems().error(item.origin(), path, "expected {type: full|diff|incr, cron: '...'}, found "
                        + YNode.describe(item));
                continue;
            }
            Section entry = Section.root(m, path, backup.problems(), backup.placement());
            if (entry.has("type")) {
                entry.oneOf("type", true, BackupConfig.SCHEDULE_TYPES);
            } else {
                entry.missing("type", "key", "full, diff or incr");
            }
            String cron = entry.requiredString("cron", "when to run, in UTC, e.g. '0 1 * * 0' (Sundays at 01:00)");
            if (cron != null) {
                try {
                    CronSchedule.parse(cron);
                } catch (IllegalArgumentException e) {
                    entry.error("cron", e.getMessage());
                }
            }
            entry.finish();
        }
    }

    /** pgBackRest takes a backup into a repository host only on that host: the nodes cannot run a schedule. */
    private static void refuseScheduleWithoutLocalRepo(Section backup) {
        if (backup.node("schedule") instanceof YNode.Sequence schedule && !schedule.items().isEmpty()
                && backup.node("repos") instanceof YNode.Sequence repos && !repos.items().isEmpty()
                && repos.items().stream().allMatch(r -> r instanceof YNode.Mapping m && m.get("host") != null)) {
            backup.error("schedule", "every repository is a repository host, and pgBackRest takes backups into a"
                    + " repository host only on that host: schedule them there (pgbackrest --stanza=... backup from"
                    + " cron or a systemd timer), or add a repository the nodes write themselves");
        }
    }

    private static void repos(Section backup) {
        YNode node = backup.node("repos");
        if (node == null) {
            backup.missing("repos", "key", "one or more pgBackRest repositories, e.g. repos: [{path: /var/lib/pgbackrest}]");
            return;
        }
        if (!(node instanceof YNode.Sequence seq) || seq.items().isEmpty()) {
            backup.error("repos", "expected a non-empty list of repositories ({path: ...}, {host: ...} or {type: s3, ...}), found "
                    + YNode.describe(node));
            return;
        }
        if (seq.items().size() > BackupConfig.MAX_REPOS) {
            backup.error("repos", "pgBackRest takes at most " + BackupConfig.MAX_REPOS + " repositories, found "
                    + seq.items().size());
        }
        for (int i = 0; i < seq.items().size(); i++) {
            YNode item = seq.items().get(i);
            String path = backup.path("repos") + "[" + i + "]";
            if (!(item instanceof YNode.Mapping m)) {
                backup.problems().error(item.origin(), path, "expected a repository ({path: ...} or {host: ...}), found "
                        + YNode.describe(item));
                continue;
            }
            repo(Section.root(m, path, backup.problems(), backup.placement()));
        }
    }

    private static void repo(Section repo) {
        if (repo.has("type")) {
            String type = repo.oneOf("type", true, List.of("posix", "host", "s3"));
            if ("s3".equals(type)) {
                S3RepoValidator.validate(repo);
                return;
            }
        }
        boolean host = repo.has("host");
        if (!host && !repo.has("path")) {
            repo.problems().error(repo.origin(), repo.path(), "missing 'path' (a directory on this node) or 'host'"
                    + " (a pgBackRest repository host running 'pgbackrest server')");
        }
        if (host && !repo.has("path")) {
            repo.warning("host", "no path: the nodes use pgBackRest's default /var/lib/pgbackrest on the repository"
                    + " host (they send the path with every request; the server's own repo1-path does not apply)");
        }
        String path = repo.string("path");
        if (path != null && !path.startsWith("/")) {
            repo.error("path", "'" + path + "' must be an absolute path: pgBackRest runs from the data directory's"
                    + " parent on every node");
        }
        repo.string("host");
        repo.integer("port", 1, 65535);
        if (host) {
            repo.file("ca", FileChecks.Kind.READABLE_FILE);
            String cert = repo.file("cert", FileChecks.Kind.READABLE_FILE);
            String key = repo.file("key", FileChecks.Kind.READABLE_FILE);
            if (cert == null || key == null) {
                repo.problems().error(repo.origin(), repo.path(), "a repository host needs cert and key: pgBackRest's"
                        + " TLS server admits only clients with a certificate it trusts (tls-server-auth)");
            }
        } else {
            for (String key : List.of("port", "ca", "cert", "key")) {
                if (repo.has(key)) {
                    repo.error(key, key + " applies to a repository host only (host: ...)");
                }
            }
        }
        repo.finish();
    }

    /** archive_mode, archive_command and restore_command in the dynamic parameters are replaced: say so. */
    private static void warnArchiveParameters(Section dcs) {
        if (!(dcs.mapping().get("postgresql") instanceof YNode.Mapping pg)
                || !(pg.get("parameters") instanceof YNode.Mapping params)) {
            return;
        }
        for (String guc : BackupConfig.ARCHIVE_GUCS) {
            YNode node = params.get(guc);
            if (node != null) {
                dcs.problems().warning(node.origin(), dcs.path("postgresql.parameters." + guc), guc
                        + " is ignored while the backup section is set: pgward writes it for pgBackRest");
            }
        }
    }
}
