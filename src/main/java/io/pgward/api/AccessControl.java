package io.pgward.api;

import io.pgward.config.Credentials;
import io.pgward.config.RestApiConfig;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who may call the unsafe endpoints (docs/patroni-compatibility.md §4): the allowlist (plus the members' addresses when
 * {@code allowlist_include_members}), then HTTP Basic authentication when {@code restapi.authentication} is set.
 */
final class AccessControl {

    /** A refusal: the status (401 or 403) and the message. */
    record Denial(int status, String message) {}

    private final Supplier<RestApiConfig> current;
    private final Supplier<List<String>> memberApiUrls;

    AccessControl(RestApiConfig config, Supplier<List<String>> memberApiUrls) {
        this(() -> config, memberApiUrls);
    }

    /** Reads {@code config} anew for each request, so that a reload changes credentials and allowlist at once. */
    AccessControl(Supplier<RestApiConfig> config, Supplier<List<String>> memberApiUrls) {
        this.current = config;
        this.memberApiUrls = memberApiUrls;
    }

    Optional<Denial> check(InetAddress client, String authorizationHeader) {
        if (!allowed(client)) {
            return Optional.of(new Denial(403, "Access is denied: " + client.getHostAddress()
                    + " is not in restapi.allowlist"));
        }
        RestApiConfig config = current.get();
        Credentials auth = config.authentication();
        if (auth != null && !authenticated(auth, authorizationHeader)) {
            return Optional.of(new Denial(401, authorizationHeader == null ? "authentication required"
                    : "wrong username or password"));
        }
        return Optional.empty();
    }

    private boolean allowed(InetAddress client) {
        RestApiConfig config = current.get();
        List<String> list = new ArrayList<>(config.allowlist() == null ? List.of() : config.allowlist());
        if (config.allowlistIncludeMembers()) {
            for (String url : memberApiUrls.get()) {
                String host = URI.create(url).getHost();
                if (host != null) {
                    list.add(host);
                }
            }
        } else if (list.isEmpty()) {
            return true;
        }
        for (String entry : list) {
            if (Cidr.matches(entry, client)) {
                return true;
            }
        }
        return false;
    }

    private static boolean authenticated(Credentials auth, String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String expected = auth.username() + ":" + (auth.password() == null ? "" : auth.password());
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, expected.getBytes(StandardCharsets.UTF_8));
    }

    /** An allowlist entry: an address, a CIDR, or a host name (resolved). */
    static final class Cidr {
        private Cidr() {}

        static boolean matches(String entry, InetAddress client) {
            try {
                String e = entry.trim();
                int slash = e.indexOf('/');
                if (slash < 0) {
                    for (InetAddress a : InetAddress.getAllByName(e)) {
                        if (a.equals(client)) {
                            return true;
                        }
                    }
                    return false;
                }
                byte[] net = InetAddress.getByName(e.substring(0, slash)).getAddress();
                byte[] addr = client.getAddress();
                if (net.length != addr.length) {
                    return false;
                }
                int bits = Integer.parseInt(e.substring(slash + 1));
                for (int i = 0; i < net.length && bits > 0; i++, bits -= 8) {
                    int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
                    if ((net[i] & mask) != (addr[i] & mask)) {
                        return false;
                    }
                }
                return true;
            } catch (UnknownHostException | NumberFormatException e) {
                return false;
            }
        }
    }
}
