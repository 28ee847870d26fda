package io.pgward.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The dynamic configuration's {@code backup} section (pgward's own, not Patroni's): the pgBackRest stanza, its
 * repositories, retention and asynchronous archiving. Every node reads the same section from etcd.
 *
 * @param retentionFull full backups to keep (pgBackRest's repo-retention-full), null: keep all
 * @param retentionDiff differential backups to keep, null: pgBackRest's default
 * @param schedule      backups the leader runs by itself, empty when none
 */
public record BackupConfig(String stanza, List<Repo> repos, Integer retentionFull, Integer retentionDiff,
                           boolean archiveAsync, List<Scheduled> schedule) {

    /** The GUCs pgward writes when the section is set; they are taken from nowhere else. */
    public static final List<String> ARCHIVE_GUCS = List.of("archive_mode", "archive_command", "restore_command");
    static final int DEFAULT_HOST_PORT = 8432;
    static final String DEFAULT_S3_PATH = "/";
    static final int S3_DEFAULT_PORT = 443;
    static final List<String> S3_URI_STYLES = List.of("host", "path");
    static final int MAX_REPOS = 256;
    /** pgBackRest's backup types, largest first. */
    public static final List<String> SCHEDULE_TYPES = List.of("full", "diff", "incr");

    /** One pgBackRest repository, numbered from 1 in the order given. */
    public sealed interface Repo permits PosixRepo, HostRepo, S3Repo {}

    /** A repository in a directory this node can write (a local disk or a mounted file system). */
    public record PosixRepo(String path) implements Repo {}

    /**
     * A repository host running pgBackRest's TLS server ({@code pgbackrest server}); ca may be null (system CAs).
     * {@code path} is the repository's directory on that host, null for pgBackRest's default: the nodes send it with
     * every request, the server's own repo1-path is not used for them.
     */
    public record HostRepo(String host, int port, String ca, String cert, String key, String path) implements Repo {}

    /**
     * A repository in a bucket of an S3-compatible object store. The access key is not here (this section is in
     * etcd): {@code credentials} names a file on every node holding it (see {@link S3Keys}).
     *
     * @param port      the endpoint's port, null: pgBackRest's default (443)
     * @param path      the repository's directory inside the bucket
     * @param uriStyle  host (bucket.endpoint) or path (endpoint/bucket)
     * @param ca        a CA file to verify the endpoint's certificate with, null: the system's CAs
     * @param verifyTls false only when explicitly turned off (a lint warning)
     */
    public record S3Repo(String bucket, String endpoint, Integer port, String region, String path, String uriStyle,
                         String ca, boolean verifyTls, String credentials) implements Repo {}

    /** A backup of {@code type} (full, diff, incr) whenever {@code cron} fires (UTC). */
    public record Scheduled(String type, CronSchedule cron) {

        /** What identifies the entry in the record of runs: type and schedule. */
        public String key() {
            return type + " " + cron;
        }
    }

    public BackupConfig {
        repos = List.copyOf(repos);
        schedule = schedule == null ? List.of() : List.copyOf(schedule);
    }

    public BackupConfig(String stanza, List<Repo> repos, Integer retentionFull, Integer retentionDiff,
                        boolean archiveAsync) {
        this(stanza, repos, retentionFull, retentionDiff, archiveAsync, List.of());
    }

    /** pgBackRest's configuration file of the node whose data directory is {@code dataDir}: next to it. */
    public static Path confFile(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + ".pgbackrest.conf");
    }

    /** The node's pgBackRest directory (lock, spool and log directories) next to the data directory. */
    public static Path workDir(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + ".pgbackrest");
    }

    /** The start of every pgBackRest command line of this node: program, --config and --stanza. */
    public List<String> command(Path dataDir) {
        return List.of("pgbackrest", "--config=" + confFile(dataDir), "--stanza=" + stanza);
    }

    /** archive_mode, archive_command and restore_command for the node whose data directory is {@code dataDir}. */
    public Map<String, String> archiveGucs(Path dataDir) {
        String base = "pgbackrest " + shellQuote("--config=" + confFile(dataDir)) + " " + shellQuote("--stanza=" + stanza);
        return Map.of("archive_mode", "on",
                "archive_command", base + " archive-push \"%p\"",
                "restore_command", base + " archive-get %f \"%p\"");
    }

    private static String shellQuote(String word) {
        return word.matches("[A-Za-z0-9_./=:@+-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    /**
     * A lenient reading of the section as stored in etcd (validated when written): null when absent, or when it
     * names no stanza or no usable repository (then archiving is not configured at all).
     */
    static BackupConfig fromMap(Object value) {
        if (!(value instanceof Map<?, ?> map) || !(map.get("stanza") instanceof String stanza) || stanza.isBlank()) {
            return null;
        }
        List<Repo> repos = new ArrayList<>();
        if (map.get("repos") instanceof List<?> list) {
            for (Object item : list) {
                Repo repo = item instanceof Map<?, ?> r ? repo(r) : null;
                if (repo != null) {
                    repos.add(repo);
                }
            }
        }
        if (repos.isEmpty()) {
            return null;
        }
        Map<?, ?> retention = map.get("retention") instanceof Map<?, ?> r ? r : Map.of();
        return new BackupConfig(stanza, repos, positive(retention.get("full")), positive(retention.get("diff")),
                PlainValues.parseBool(map.get("archive_async")).orElse(false), schedule(map.get("schedule")));
    }

    /** Entries that read well; the section was validated when written, so others are only skipped. */
    private static List<Scheduled> schedule(Object value) {
        List<Scheduled> entries = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> m && m.get("type") instanceof String type && SCHEDULE_TYPES.contains(type)
                        && m.get("cron") instanceof String cron) {
                    try {
                        entries.add(new Scheduled(type, CronSchedule.parse(cron)));
                    } catch (IllegalArgumentException e) {
                        // refused when the configuration was written
                    }
                }
            }
        }
        return entries;
    }

    private static Repo repo(Map<?, ?> r) {
        if ("s3".equals(r.get("type"))) {
            return s3Repo(r);
        }
        if (r.get("path") instanceof String path && !r.containsKey("host")) {
            return new PosixRepo(path);
        }
        if (r.get("host") instanceof String host) {
            int port = PlainValues.parseLong(r.get("port")).map(Long::intValue).orElse(DEFAULT_HOST_PORT);
            return new HostRepo(host, port, text(r.get("ca")), text(r.get("cert")), text(r.get("key")), text(r.get("path")));
        }
        return null;
    }

    private static Repo s3Repo(Map<?, ?> r) {
        if (!(r.get("bucket") instanceof String bucket) || !(r.get("endpoint") instanceof String endpoint)
                || !(r.get("region") instanceof String region) || !(r.get("credentials") instanceof String credentials)) {
            return null;
        }
        HostPort hp;
        try {
            hp = s3Endpoint(endpoint);
        } catch (IllegalArgumentException e) {
            return null;
        }
        Integer port = hp.port() == S3_DEFAULT_PORT ? null : hp.port();
        String path = r.get("path") instanceof String p ? p : DEFAULT_S3_PATH;
        String style = r.get("uri_style") instanceof String u ? u : "host";
        boolean verify = PlainValues.parseBool(r.get("verify_tls")).orElse(true);
        return new S3Repo(bucket, hp.host(), port, region, path, style, text(r.get("ca")), verify, credentials);
    }

    /** host[:port] of an S3 endpoint; the port is 443 when not given. */
    static HostPort s3Endpoint(String text) {
        return HostPort.parse(text, S3_DEFAULT_PORT);
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static Integer positive(Object value) {
        return PlainValues.parseLong(value).filter(n -> n >= 1 && n <= 9_999_999).map(Long::intValue).orElse(null);
    }
}
