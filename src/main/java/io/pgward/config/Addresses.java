package io.pgward.config;

import java.util.Set;

/** Checks on addresses written in the configuration. */
final class Addresses {

    private static final Set<String> UNCONNECTABLE = Set.of("*", "0.0.0.0", "::", "0:0:0:0:0:0:0:0");

    private Addresses() {
    }

    /** A connect_address is published for others to connect to: a wildcard bind address cannot work. */
    static void checkConnectable(Section s, String key, HostPort address) {
        if (UNCONNECTABLE.contains(address.host())) {
            s.error(key, "'" + address + "' is a wildcard listen address, not one other nodes can connect to; "
                    + "use this node's IP address or host name");
        }
    }
}
