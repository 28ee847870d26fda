package io.pgward.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads pgward's own {@code haproxy} and {@code pgbouncer} sections (see {@link RoutingConfig}). */
final class RoutingBinder {

    /** The names HAProxy accepts for a backend or a server. */
    private static final String HAPROXY_NAME = "[A-Za-z0-9._:-]+";

    private RoutingBinder() {
    }

    static RoutingConfig bind(Section root) {
        return new RoutingConfig(haproxy(root.section("haproxy")), pgbouncer(root.section("pgbouncer")));
    }

    private static HaproxyNotifyConfig haproxy(Section s) {
        if (!s.present()) {
            return null;
        }
        List<RuntimeApi> apis = runtimeApis(s);
        String primary = haproxyName(s, "primary_backend");
        String replica = haproxyName(s, "replica_backend");
        String server = haproxyName(s, "server");
        s.finish();
        return apis.isEmpty() ? null : new HaproxyNotifyConfig(apis, primary, replica, server);
    }

    /** A list of addresses, or one address alone; each item's problem is reported at its own line. */
    private static List<RuntimeApi> runtimeApis(Section s) {
        String key = "runtime_api";
        YNode node = s.node(key);
        List<RuntimeApi> apis = new ArrayList<>();
        if (node == null) {
            s.missing(key, "key", "the HAProxy runtime APIs to tell of a role change: Unix socket paths or"
                    + " host:port, as in their 'stats socket ... level admin' lines");
            return apis;
        }
        List<YNode> items = node instanceof YNode.Sequence seq ? seq.items() : List.of(node);
        for (int i = 0; i < items.size(); i++) {
            YNode item = items.get(i);
            String path = node instanceof YNode.Sequence ? s.path(key) + "[" + i + "]" : s.path(key);
            if (!(item instanceof YNode.Scalar scalar) || scalar.isNull()) {
                s.problems().error(item.origin(), path, "expected a Unix socket path or host:port, found "
                        + YNode.describe(item));
                continue;
            }
            try {
                apis.add(RuntimeApi.parse(scalar.text()));
            } catch (IllegalArgumentException e) {
                s.problems().error(item.origin(), path, e.getMessage());
            }
        }
        if (items.isEmpty()) {
            s.error(key, "the list is empty: name at least one HAProxy runtime API, or remove the haproxy section");
        }
        return apis;
    }

    private static String haproxyName(Section s, String key) {
        String name = s.strictString(key);
        if (name != null && !name.matches(HAPROXY_NAME)) {
            s.error(key, "'" + name + "' is not a name HAProxy accepts (letters, digits, '.', '_', '-', ':')");
            return null;
        }
        return name;
    }

    private static PgBouncerConfig pgbouncer(Section s) {
        if (!s.present()) {
            return null;
        }
        String uri = s.requiredString("admin_uri", "libpq URI of PgBouncer's admin console, e.g."
                + " postgresql://pgward@127.0.0.1:6432/pgbouncer");
        if (uri != null && !uri.matches("postgres(ql)?://.*")) {
            s.error("admin_uri", "expected a libpq URI starting with postgresql://, e.g."
                    + " postgresql://pgward@127.0.0.1:6432/pgbouncer");
            uri = null;
        } else if (uri != null && !uri.replaceFirst("\\?.*", "").endsWith("/pgbouncer")) {
            s.error("admin_uri", "names no database 'pgbouncer': PAUSE, RELOAD and RESUME are commands of PgBouncer's"
                    + " admin console, database pgbouncer (e.g. postgresql://pgward@127.0.0.1:6432/pgbouncer)");
            uri = null;
        }
        String file = s.has("databases_file") ? s.file("databases_file", FileChecks.Kind.READABLE_FILE)
                : s.requiredString("databases_file", "the [databases] file PgBouncer includes (%include) and"
                + " pgward rewrites with the primary's host and port");
        if (file != null && !file.startsWith("/")) {
            s.error("databases_file", "'" + file + "' is not an absolute path");
            file = null;
        }
        int pauseTimeout = s.integer("pause_timeout", PgBouncerConfig.DEFAULT_PAUSE_TIMEOUT, 1, 60);
        s.finish();
        return uri == null || file == null ? null : new PgBouncerConfig(uri, Path.of(file), pauseTimeout);
    }
}
