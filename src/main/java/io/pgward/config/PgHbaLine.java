package io.pgward.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one pg_hba.conf line the way PostgreSQL parses it (connection type, database, user, address for host*
 * lines, method, name=value options), so a bad line is refused before PostgreSQL refuses to start or reload.
 */
public final class PgHbaLine {

    static final List<String> TYPES = List.of("local", "host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc");
    static final List<String> INCLUDES = List.of("include", "include_if_exists", "include_dir");
    static final List<String> METHODS = List.of("trust", "reject", "scram-sha-256", "md5", "password", "gss", "sspi",
            "ident", "peer", "ldap", "radius", "cert", "pam", "bsd");
    static final List<String> OPTIONS = List.of("map", "clientcert", "clientname", "include_realm", "krb_realm",
            "compat_realm", "upn_username", "pamservice", "pam_use_hostname", "ldapserver", "ldapport", "ldapscheme",
            "ldaptls", "ldapprefix", "ldapsuffix", "ldapbasedn", "ldapbinddn", "ldapbindpasswd",
            "ldapsearchattribute", "ldapsearchfilter", "ldapurl", "radiusservers", "radiussecrets",
            "radiusidentifiers", "radiusports");
    private static final Set<String> ADDRESS_KEYWORDS = Set.of("all", "samehost", "samenet");

    /** A parsed host or local line; address and mask are null where absent. */
    record Rule(String type, String database, String user, String address, String mask, String method,
                List<String> options) {
    }

    private PgHbaLine() {
    }

    /** Empty if PostgreSQL would accept the line (comments and blank lines included), else what is wrong. */
    public static Optional<String> check(String line) {
        try {
            parse(line);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * True for a valid host* line with method trust whose address is not loopback-only (127.0.0.0/8, ::1/128,
     * localhost, samehost): anyone who can reach that address may log in without a password.
     */
    public static boolean isTrustFromNetwork(String line) {
        Rule rule;
        try {
            rule = parse(line);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return rule != null && !rule.type().equals("local") && rule.method().equals("trust") && !isLoopback(rule);
    }

    /**
     * The rule, or null for a comment, blank or include line.
     *
     * @throws IllegalArgumentException with what is wrong
     */
    static Rule parse(String line) {
        List<HbaFields.Field> f = HbaFields.split(line);
        if (f.isEmpty()) {
            return null;
        }
        String type = f.get(0).text();
        if (INCLUDES.contains(type)) {
            if (f.size() != 2) {
                throw new IllegalArgumentException(type + " takes exactly one file name, found " + (f.size() - 1));
            }
            return null;
        }
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown connection type '" + type + "'"
                    + hintOr(type, TYPES, " (expected one of " + String.join(", ", TYPES) + ")"));
        }
        need(f, 1, "database");
        need(f, 2, "user");
        int i = 3;
        String address = null;
        String mask = null;
        if (!type.equals("local")) {
            need(f, 3, "address");
            address = f.get(3).text();
            i = 4;
            if (needsMask(address)) {
                mask = mask(address, f.size() > 4 ? f.get(4).text() : null);
                i = 5;
            }
        }
        if (f.size() <= i) {
            throw new IllegalArgumentException("missing authentication method");
        }
        String method = f.get(i).text();
        if (!METHODS.contains(method)) {
            String hint = type.equals("local") && looksLikeAddress(method) ? " (local lines have no address field)"
                    : hintOr(method, METHODS, " (expected one of " + String.join(", ", METHODS) + ")");
            throw new IllegalArgumentException("unknown authentication method '" + method + "'" + hint);
        }
        List<String> options = f.subList(i + 1, f.size()).stream().map(HbaFields.Field::text).toList();
        Rule rule = new Rule(type, f.get(1).text(), f.get(2).text(), address, mask, method, options);
        checkMethod(rule);
        HbaOptions.check(rule);
        return rule;
    }

    private static void need(List<HbaFields.Field> f, int index, String what) {
        if (f.size() <= index) {
            throw new IllegalArgumentException("missing " + what + " field");
        }
        if (f.get(index).text().isEmpty()) {
            throw new IllegalArgumentException("empty " + what + " field");
        }
    }

    private static String hintOr(String wrong, List<String> known, String otherwise) {
        String hint = DidYouMean.hint(wrong, known);
        return hint.isEmpty() ? otherwise : hint;
    }

    /** Validates the address field; true when it is a bare IP address, so a netmask field must follow. */
    private static boolean needsMask(String address) {
        if (ADDRESS_KEYWORDS.contains(address)) {
            return false;
        }
        int slash = address.indexOf('/');
        if (slash >= 0) {
            String ip = address.substring(0, slash);
            String length = address.substring(slash + 1);
            Optional<IpAddress> parsed = IpAddress.parse(ip);
            if (parsed.isEmpty()) {
                throw malformed(address, looksNumeric(ip) ? "not an IPv4 or IPv6 address"
                        : "a host name cannot have a /prefix length");
            }
            int bits = parsed.get().bits();
            if (!length.matches("[0-9]{1,3}") || Integer.parseInt(length) > bits) {
                throw malformed(address, "the prefix length must be 0.." + bits);
            }
            return false;
        }
        if (IpAddress.parse(address).isPresent()) {
            return true;
        }
        if (looksNumeric(address) || !address.matches("\\.?[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
            throw malformed(address, looksNumeric(address) ? "not an IPv4 or IPv6 address" : "not an address or host name");
        }
        return false;
    }

    private static String mask(String address, String mask) {
        Optional<IpAddress> ip = IpAddress.parse(address);
        Optional<IpAddress> m = mask == null ? Optional.empty() : IpAddress.parse(mask);
        if (m.isEmpty()) {
            throw new IllegalArgumentException("IP address '" + address + "' needs a prefix length (e.g. '" + address
                    + (ip.orElseThrow().isV4() ? "/32" : "/128") + "') or a netmask as the next field");
        }
        if (m.get().isV4() != ip.orElseThrow().isV4()) {
            throw new IllegalArgumentException("IP address '" + address + "' and netmask '" + mask
                    + "' are of different families");
        }
        return mask;
    }

    private static IllegalArgumentException malformed(String address, String why) {
        return new IllegalArgumentException("malformed address '" + address + "' (" + why + ")");
    }

    /** Only digits, dots, hex digits and colons: meant as an IP address, not a host name. */
    private static boolean looksNumeric(String s) {
        return s.matches("[0-9.]+") || s.indexOf(':') >= 0;
    }

    private static boolean looksLikeAddress(String s) {
        return ADDRESS_KEYWORDS.contains(s) || s.indexOf('/') >= 0 || IpAddress.parse(s).isPresent();
    }

    private static void checkMethod(Rule rule) {
        String type = rule.type();
        String method = rule.method();
        if (method.equals("peer") && !type.equals("local")) {
            throw new IllegalArgumentException("peer authentication is only supported on local sockets; "
                    + "use ident, or a local line");
        }
        if (method.equals("gss") && type.equals("local")) {
            throw new IllegalArgumentException("gss authentication is not supported on local sockets");
        }
        if (method.equals("cert") && !type.equals("hostssl")) {
            throw new IllegalArgumentException("cert authentication is only supported on hostssl connections");
        }
        if (type.equals("hostgssenc") && !List.of("gss", "trust", "reject").contains(method)) {
            throw new IllegalArgumentException("hostgssenc (GSSAPI encryption) only supports gss, trust or reject "
                    + "authentication");
        }
    }

    private static boolean isLoopback(Rule rule) {
        String address = rule.address().toLowerCase(Locale.ROOT);
        if (address.equals("localhost") || address.equals("samehost")) {
            return true;
        }
        int slash = address.indexOf('/');
        String ip = slash >= 0 ? address.substring(0, slash) : address;
        Optional<IpAddress> parsed = IpAddress.parse(ip);
        if (parsed.isEmpty()) {
            return false;
        }
        int length = slash >= 0 ? Integer.parseInt(address.substring(slash + 1))
                : IpAddress.parse(rule.mask()).map(IpAddress::maskLength).orElse(-1);
        return parsed.get().isLoopbackNetwork(length);
    }
}
