package io.pgward.config;

/** A host (name, IPv4 or IPv6 address without brackets) and a TCP port 1..65535. */
public record HostPort(String host, int port) {

    public HostPort {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("missing host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 1..65535");
        }
    }

    /**
     * Parses {@code host:port}, {@code [v6addr]:port} or {@code v6addr:port} (the last colon separates the port).
     *
     * @throws IllegalArgumentException with a message fit for the user when the text is not host:port
     */
    public static HostPort parse(String hostColonPort) {
        return parse(hostColonPort, -1);
    }

    /** Like {@link #parse(String)}, but a missing port means {@code defaultPort} (if it is positive). */
    static HostPort parse(String text, int defaultPort) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("expected host:port, found nothing");
        }
        String s = text.strip();
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' in '" + text + "'");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (rest.isEmpty() && defaultPort > 0) {
                return new HostPort(host, defaultPort);
            }
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("expected host:port, found '" + text + "'");
            }
            port = rest.substring(1);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                if (s.matches("[0-9]+")) {
                    throw new IllegalArgumentException("expected host:port, found only a port number '" + text
                            + "' (no host): write the host too, e.g. 127.0.0.1:" + s);
                }
                if (defaultPort > 0) {
                    return new HostPort(s, defaultPort);
                }
                throw new IllegalArgumentException("expected host:port, found '" + text + "' (no port)");
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("expected host:port, found '" + text + "' (no host)");
        }
        if (!port.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("expected host:port, found '" + text + "' ('" + port + "' is not a port number)");
        }
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("port " + p + " in '" + text + "' is out of range 1..65535");
        }
        return new HostPort(host, p);
    }

    /** {@code host:port}, with IPv6 addresses in brackets. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
