package io.pgward.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/** The DCS section: {@code etcd3}, or {@code etcd} read with v3 semantics. Other DCS types are refused. */
final class EtcdBinder {

    static final List<String> OTHER_DCS = List.of("consul", "zookeeper", "kubernetes", "raft", "exhibitor");
    static final int DEFAULT_PORT = 2379;
    /** In Patroni's order of precedence. */
    private static final List<String> ENDPOINT_KEYS = List.of("proxy", "url", "urls", "hosts", "host");

    private EtcdBinder() {
    }

    static EtcdConfig bind(Section root) {
        boolean other = false;
        for (String dcs : OTHER_DCS) {
            if (root.has(dcs)) {
                other = true;
                root.error(dcs, "pgward supports only etcd3: replace the " + dcs + " section with an etcd3 section "
                        + "(hosts, protocol, username, password, cacert, cert, key)");
            }
        }
        boolean v3 = root.has("etcd3");
        boolean v2 = root.has("etcd");
        if (v3 && v2) {
            root.error("etcd", "both etcd and etcd3 are set; keep only etcd3 (pgward uses the etcd v3 API for both)");
            return null;
        }
        if (!v3 && !v2) {
            if (!other) {
                root.error("etcd3", "missing DCS section: add etcd3 with the etcd endpoints, e.g. "
                        + "etcd3: {hosts: 10.0.0.1:2379,10.0.0.2:2379,10.0.0.3:2379}");
            }
            return null;
        }
        return bindSection(root.section(v3 ? "etcd3" : "etcd"));
    }

    private static EtcdConfig bindSection(Section s) {
        String protocol = s.oneOf("protocol", true, List.of("http", "https"));
        String username = s.string("username");
        String password = s.string("password");
        String cacert = s.file("cacert", FileChecks.Kind.READABLE_FILE);
        String cert = s.file("cert", FileChecks.Kind.READABLE_FILE);
        String key = s.file("key", FileChecks.Kind.UNENCRYPTED_KEY);
        Long port = s.integer("port", 1, 65535);
        int defaultPort = port == null ? DEFAULT_PORT : port.intValue();
        if (Boolean.TRUE.equals(s.bool("use_proxies"))) {
            s.warning("use_proxies", "use_proxies is accepted for compatibility, not used by pgward: the hosts are"
                    + " used as etcd members, and pgward asks the next one when one does not answer");
        }
        s.unused("srv_suffix", "DNS SRV discovery is not supported; the hosts are used");
        List<String> given = ENDPOINT_KEYS.stream().filter(s::has).toList();
        List<HostPort> hosts = new ArrayList<>();
        if (given.isEmpty()) {
            s.error(s.has("srv") ? "srv" : "hosts", s.has("srv")
                    ? "DNS SRV discovery is not supported by pgward; list the etcd endpoints with hosts"
                    : "missing etcd endpoints: set hosts (a list of host:port, or \"h1:p1,h2:p2\"), host or url");
        } else {
            String used = given.get(0);
            if (given.size() > 1) {
                s.warning(given.get(1), "several of " + String.join(", ", given) + " are set; pgward uses " + used
                        + " (as Patroni does) and ignores the others");
            }
            if (s.has("srv")) {
                s.warning("srv", "DNS SRV discovery is not supported by pgward; it uses " + used);
            }
            if (used.equals("proxy") || used.equals("url") || used.equals("urls")) {
                protocol = fromUrls(s, used, protocol, hosts);
            } else {
                hostList(s, used, defaultPort, hosts);
            }
        }
        if ((cert == null) != (key == null)) {
            s.error(cert == null ? "key" : "cert", "cert and key (the client certificate and its private key) "
                    + "must be set together");
        }
        if (cacert != null && !"https".equals(protocol)) {
            s.warning("cacert", "cacert is set but the protocol is " + (protocol == null ? "http (the default)" : protocol)
                    + ", so TLS is not used; set protocol: https");
        }
        s.finish();
        return new EtcdConfig(hosts, protocol, username, password, cacert, cert, key);
    }

    /** host / hosts: "h:p", ["h1:p1", ...] or "h1:p1,h2:p2"; a missing port is 2379 (or the section's port). */
    private static void hostList(Section s, String key, int defaultPort, List<HostPort> hosts) {
        YNode node = s.node(key);
        List<String> items = new ArrayList<>();
        if (node instanceof YNode.Sequence) {
            items.addAll(s.strings(key));
        } else if (node instanceof YNode.Scalar scalar) {
            for (String part : scalar.text().split(",")) {
                items.add(part.strip());
            }
        } else {
            s.error(key, "expected host:port or a list of host:port, found " + YNode.describe(node));
            return;
        }
        if (key.equals("host") && items.size() > 1) {
            s.error(key, "host takes one host:port; use hosts for several");
            return;
        }
        for (String item : items) {
            try {
                hosts.add(HostPort.parse(item, defaultPort));
            } catch (IllegalArgumentException e) {
                s.error(key, e.getMessage());
            }
        }
    }

    /** url / urls / proxy: http(s)://[user:password@]host[:port]; returns the protocol the URLs use. */
    private static String fromUrls(Section s, String key, String protocol, List<HostPort> hosts) {
        YNode node = s.node(key);
        List<String> urls = new ArrayList<>();
        if (node instanceof YNode.Sequence) {
            urls.addAll(s.strings(key));
        } else if (node instanceof YNode.Scalar scalar) {
            for (String part : scalar.text().split(",")) {
                urls.add(part.strip());
            }
        } else {
            s.error(key, "expected a URL such as http://10.0.0.1:2379, found " + YNode.describe(node));
            return protocol;
        }
        String scheme = protocol;
        for (String url : urls) {
            try {
                URI uri = new URI(url);
                String itsScheme = uri.getScheme();
                if (!"http".equals(itsScheme) && !"https".equals(itsScheme) || uri.getHost() == null) {
                    s.error(key, "expected a URL such as http://10.0.0.1:2379, found '" + url + "'");
                    continue;
                }
                if (scheme != null && !scheme.equals(itsScheme)) {
                    s.error(key, "'" + url + "' uses " + itsScheme + " but the protocol is " + scheme);
                    continue;
                }
                if (uri.getUserInfo() != null) {
                    s.error(key, "'" + url.replace(uri.getUserInfo() + "@", "***@") + "' carries credentials; "
                            + "set them with username and password instead");
                    continue;
                }
                scheme = itsScheme;
                String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                        : uri.getHost();
                hosts.add(new HostPort(host, uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT));
            } catch (URISyntaxException | IllegalArgumentException e) {
                s.error(key, "expected a URL such as http://10.0.0.1:2379, found '" + url + "'");
            }
        }
        return scheme;
    }
}
