package io.pgward.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Patroni's PATRONI_* environment variables, turned into a tree merged over the file (environment wins).
 * Values stay text; the section readers coerce them and report problems by variable name.
 */
final class EnvOverrides {

    private static final String PREFIX = "PATRONI_";
    private static final Set<String> ENDPOINT_KEYS = Set.of("host", "hosts", "url", "urls", "proxy", "srv");
    private static final Set<String> OTHER_DCS = Set.of("CONSUL", "ZOOKEEPER", "KUBERNETES", "EXHIBITOR", "RAFT");
    private static final Set<String> LISTS = Set.of("restapi.allowlist", "etcd.hosts", "etcd3.hosts");
    private static final Set<String> DICTS = Set.of("restapi.http_extra_headers", "restapi.https_extra_headers",
            "log.static_fields", "log.loggers");
    private static final Map<String, String> SIMPLE = table();

    private EnvOverrides() {
    }

    private static Map<String, String> table() {
        Map<String, String> t = new LinkedHashMap<>();
        for (String key : List.of("name", "namespace", "scope", "thread_pool_size", "thread_stack_size")) {
            t.put(key.toUpperCase(Locale.ROOT), key);
        }
        section(t, "restapi", "listen", "connect_address", "certfile", "keyfile", "keyfile_password", "cafile",
                "ciphers", "verify_client", "http_extra_headers", "https_extra_headers", "allowlist",
                "allowlist_include_members", "request_queue_size", "server_tokens");
        section(t, "ctl", "insecure", "cacert", "certfile", "keyfile", "keyfile_password");
        section(t, "postgresql", "listen", "connect_address", "proxy_address", "config_dir", "data_dir", "pgpass",
                "bin_dir");
        section(t, "log", "type", "level", "traceback_level", "format", "dateformat", "static_fields",
                "max_queue_size", "dir", "mode", "file_size", "file_num", "loggers", "deduplicate_heartbeat_logs");
        t.put("LOGLEVEL", "log.level");
        t.put("LOGFORMAT", "log.format");
        t.put("LOG_DATEFMT", "log.dateformat");
        for (String bin : List.of("pg_ctl", "initdb", "pg_controldata", "pg_basebackup", "postgres", "pg_isready",
                "pg_rewind")) {
            t.put("POSTGRESQL_BIN_" + bin.toUpperCase(Locale.ROOT), "postgresql.bin_name." + bin);
        }
        for (String s : List.of("restapi", "ctl")) {
            t.put(s.toUpperCase(Locale.ROOT) + "_USERNAME", s + ".authentication.username");
            t.put(s.toUpperCase(Locale.ROOT) + "_PASSWORD", s + ".authentication.password");
        }
        for (String user : List.of("superuser", "replication", "rewind")) {
            for (String p : PostgresqlBinder.USER_KEYS) {
                t.put((user + "_" + p).toUpperCase(Locale.ROOT), "postgresql.authentication." + user + "." + p);
            }
        }
        for (String dcs : List.of("etcd", "etcd3")) {
            section(t, dcs, "host", "hosts", "port", "url", "proxy", "srv", "srv_suffix", "protocol", "use_proxies",
                    "cacert", "cert", "key", "username", "password");
        }
        t.put("CITUS_GROUP", "citus.group");
        t.put("CITUS_DATABASE", "citus.database");
        return t;
    }

    private static void section(Map<String, String> t, String section, String... keys) {
        for (String key : keys) {
            t.put((section + "_" + key).toUpperCase(Locale.ROOT), section + "." + key);
        }
    }

    /** {@code root} with the environment's values merged over it. */
    static YNode.Mapping apply(YNode.Mapping root, Map<String, String> env, Problems problems) {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(env == null ? Map.of() : env).entrySet()) {
            String var = e.getKey();
            String value = e.getValue();
            if (!var.startsWith(PREFIX) || value == null || value.isEmpty()) {
                continue;
            }
            String name = var.substring(PREFIX.length());
            String path = SIMPLE.get(name);
            YNode.Origin origin = YNode.Origin.env(var);
            if (path != null) {
                YNode node = toNode(path, value, origin, problems);
                if (node != null) {
                    put(tree, List.of(path.split("\\.")), node);
                }
            } else if (OTHER_DCS.contains(name.split("_", 2)[0])) {
                problems.error(origin, var, "pgward supports only etcd3: remove the "
                        + name.split("_", 2)[0].toLowerCase(Locale.ROOT) + " settings and configure etcd3 instead");
            }
        }
        dropCredentialsWithoutSection(tree, root, problems);
        YNode.Mapping overrides = toMapping(tree, YNode.Origin.of("environment", 0));
        return YNode.merge(withoutReplacedEndpoints(root, overrides), overrides);
    }

    /**
     * As in Patroni, PATRONI_ETCD3_USERNAME/PASSWORD (and PATRONI_ETCD_*) apply only to an etcd3 (etcd) section that
     * the file or another variable defines; alone they would create a section with no endpoints.
     */
    private static void dropCredentialsWithoutSection(Map<String, Object> tree, YNode.Mapping root, Problems problems) {
        for (String dcs : List.of("etcd", "etcd3")) {
            if (tree.get(dcs) instanceof Map<?, ?> section && root.get(dcs) == null
                    && Set.of("username", "password").containsAll(section.keySet())) {
                tree.remove(dcs);
                for (Object value : section.values()) {
                    YNode.Origin origin = ((YNode) value).origin();
                    problems.warning(origin, origin.envVar(), origin.envVar() + " is ignored: there is no " + dcs
                            + " section in the configuration (Patroni ignores it too)");
                }
            }
        }
    }

    private static YNode toNode(String path, String value, YNode.Origin origin, Problems problems) {
        if (LISTS.contains(path)) {
            String text = value.strip().startsWith("-") || value.contains("[") ? value : "[" + value + "]";
            return YamlParser.parseValue(text, origin, problems);
        }
        if (DICTS.contains(path)) {
            String text = value.strip().startsWith("{") ? value : "{" + value + "}";
            return YamlParser.parseValue(text, origin, problems);
        }
        return YNode.Scalar.string(origin, value);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> tree, List<String> path, YNode value) {
        Map<String, Object> map = tree;
        for (String key : path.subList(0, path.size() - 1)) {
            map = (Map<String, Object>) map.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
        }
        map.put(path.get(path.size() - 1), value);
    }

    @SuppressWarnings("unchecked")
    private static YNode.Mapping toMapping(Map<String, Object> tree, YNode.Origin origin) {
        Map<String, YNode.Entry> entries = new LinkedHashMap<>();
        tree.forEach((key, value) -> entries.put(key, new YNode.Entry(key,
                value instanceof YNode node ? node : toMapping((Map<String, Object>) value, origin))));
        return new YNode.Mapping(origin, entries);
    }

    /** An endpoint from the environment replaces the file's endpoints of that DCS section, not adds to them. */
    private static YNode.Mapping withoutReplacedEndpoints(YNode.Mapping root, YNode.Mapping overrides) {
        Map<String, YNode.Entry> entries = new LinkedHashMap<>(root.entries());
        for (String dcs : List.of("etcd", "etcd3")) {
            if (overrides.get(dcs) instanceof YNode.Mapping env && root.get(dcs) instanceof YNode.Mapping file
                    && env.entries().keySet().stream().anyMatch(ENDPOINT_KEYS::contains)) {
                Map<String, YNode.Entry> kept = new LinkedHashMap<>(file.entries());
                kept.keySet().removeIf(k -> ENDPOINT_KEYS.contains(k) || k.equals("port"));
                entries.put(dcs, new YNode.Entry(dcs, new YNode.Mapping(file.origin(), kept)));
            }
        }
        return new YNode.Mapping(root.origin(), entries);
    }
}
