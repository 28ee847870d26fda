package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code --dcs-url} as patronictl takes it: {@code etcd3://[user:password@]host:port} (or {@code etcd://}), and as
 * an etcd client URL: {@code http(s)://[user:password@]host:port}, or bare {@code host:port}.
 *
 * @param endpoint the etcd client URL, without credentials
 * @param username null when the URL has none
 */
record DcsUrl(String endpoint, String username, String password) {

    static DcsUrl parse(String text) {
        String raw = text.strip();
        if (!raw.contains("://")) {
            raw = "http://" + raw;
        }
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw bad(text, e.getMessage());
        }
        String scheme = uri.getScheme().toLowerCase();
        String protocol = switch (scheme) {
            case "http", "etcd", "etcd3" -> "http";
            case "https" -> "https";
            default -> throw bad(text, "pgward keeps its state in etcd only, not " + scheme
                    + " (use etcd3://host:port or http(s)://host:port)");
        };
        if (uri.getHost() == null) {
            throw bad(text, "no host");
        }
        int port = uri.getPort() < 0 ? 2379 : uri.getPort();
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
            if (password == null) {
                throw bad(text, "a user without a password: write user:password@host:port");
            }
        }
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]"
                : uri.getHost();
        return new DcsUrl(protocol + "://" + host + ":" + port, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static PgwardException bad(String text, String why) {
        return new PgwardException(Code.BAD_REQUEST, "--dcs-url " + text.replaceAll("//[^@/]*@", "//***@") + ": " + why);
    }

    @Override
    public String toString() {
        return endpoint + (username == null ? "" : " (as " + username + ")");
    }
}
