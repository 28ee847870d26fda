package io.pgward.config;

import java.util.List;

/**
 * The {@code etcd3} (or {@code etcd}) section, resolved to a list of endpoints.
 *
 * @param protocol "http" (default) or "https"
 */
public record EtcdConfig(List<HostPort> hosts, String protocol, String username, String password,
                         String cacert, String cert, String key) {

    public EtcdConfig {
        hosts = List.copyOf(hosts);
        protocol = protocol == null ? "http" : protocol;
    }

    /** The endpoints as URLs, e.g. {@code ["http://127.0.0.1:2379", ...]}. */
    public List<String> endpoints() {
        return hosts.stream().map(h -> protocol + "://" + h).toList();
    }

    @Override
    public String toString() {
        return "EtcdConfig[endpoints=" + endpoints() + ", username=" + username
                + ", password=" + (password == null ? "null" : "***") + ", cacert=" + cacert + ", cert=" + cert
                + ", key=" + key + "]";
    }
}
