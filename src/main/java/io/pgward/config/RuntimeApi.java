package io.pgward.config;

import java.nio.file.Path;

/**
 * Where an HAProxy runtime API (its {@code stats socket}) listens: a Unix socket path, or a TCP host:port.
 *
 * @param socket  the Unix socket, or null
 * @param address the TCP address, or null
 */
public record RuntimeApi(Path socket, HostPort address) {

    /**
     * Parses {@code /run/haproxy/admin.sock} (an absolute path) or {@code host:port}.
     *
     * @throws IllegalArgumentException with a message fit for the user
     */
    public static RuntimeApi parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.startsWith("/")) {
            if (s.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("'" + s + "': a socket path with white space cannot be named in"
                        + " HAProxy's configuration");
            }
            return new RuntimeApi(Path.of(s), null);
        }
        try {
            return new RuntimeApi(null, HostPort.parse(s));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "; give the absolute path of a Unix socket"
                    + " (/run/haproxy/admin.sock) or host:port (127.0.0.1:9999)");
        }
    }

    /** As in HAProxy's {@code stats socket} line: the path, or {@code ipv4@host:port} / {@code ipv6@[host]:port}. */
    public String haproxyAddress() {
        if (socket != null) {
            return socket.toString();
        }
        return (address.host().contains(":") ? "ipv6@" : "ipv4@") + address;
    }

    @Override
    public String toString() {
        return socket != null ? socket.toString() : address.toString();
    }
}
