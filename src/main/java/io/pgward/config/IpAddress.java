package io.pgward.config;

import java.util.Optional;

/** A numeric IPv4 or IPv6 address, parsed without any name lookup. */
record IpAddress(byte[] bytes) {

    static Optional<IpAddress> parse(String text) {
        if (text.indexOf(':') >= 0) {
            return parseV6(text);
        }
        byte[] v4 = parseV4(text);
        return v4 == null ? Optional.empty() : Optional.of(new IpAddress(v4));
    }

    int bits() {
        return bytes.length * 8;
    }

    boolean isV4() {
        return bytes.length == 4;
    }

    /** The number of leading one bits, if this is a netmask made of ones then zeros; -1 otherwise. */
    int maskLength() {
        int length = 0;
        boolean zeros = false;
        for (byte b : bytes) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean one = (b >> bit & 1) == 1;
                if (one && zeros) {
                    return -1;
                }
                if (one) {
                    length++;
                } else {
                    zeros = true;
                }
            }
        }
        return length;
    }

    /** A host that only this machine reaches: a loopback address or {@code localhost}. */
    static boolean isLoopback(String host) {
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        return parse(host).map(a -> a.isLoopbackNetwork(a.isV4() ? 32 : 128)).orElse(false);
    }

    /** True if every address of this network with the given prefix length is a loopback address. */
    boolean isLoopbackNetwork(int prefixLength) {
        if (isV4()) {
            return (bytes[0] & 0xff) == 127 && prefixLength >= 8;
        }
        for (int i = 0; i < 15; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[15] == 1 && prefixLength == 128;
    }

    private static byte[] parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] result = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("[0-9]{1,3}")) {
                return null;
            }
            int n = Integer.parseInt(parts[i]);
            if (n > 255) {
                return null;
            }
            result[i] = (byte) n;
        }
        return result;
    }

    private static Optional<IpAddress> parseV6(String text) {
        String s = text;
        int zone = s.indexOf('%');
        if (zone >= 0) {
            if (zone == s.length() - 1) {
                return Optional.empty();
            }
            s = s.substring(0, zone);
        }
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return Optional.empty();
        }
        String head = doubleColon >= 0 ? s.substring(0, doubleColon) : s;
        String tail = doubleColon >= 0 ? s.substring(doubleColon + 2) : "";
        int[] headGroups = groups(head, doubleColon < 0);
        int[] tailGroups = doubleColon >= 0 ? groups(tail, true) : new int[0];
        if (headGroups == null || tailGroups == null) {
            return Optional.empty();
        }
        int total = headGroups.length + tailGroups.length;
        if (doubleColon < 0 ? total != 8 : total > 7) {
            return Optional.empty();
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < headGroups.length; i++) {
            put(bytes, i, headGroups[i]);
        }
        for (int i = 0; i < tailGroups.length; i++) {
            put(bytes, 8 - tailGroups.length + i, tailGroups[i]);
        }
        return Optional.of(new IpAddress(bytes));
    }

    private static void put(byte[] bytes, int group, int value) {
        bytes[group * 2] = (byte) (value >> 8);
        bytes[group * 2 + 1] = (byte) value;
    }

    /** 16-bit groups of "a:b:c"; the last may be a dotted IPv4 address (two groups) if allowed. */
    private static int[] groups(String part, boolean ipv4Allowed) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] pieces = part.split(":", -1);
        int count = pieces.length;
        String last = pieces[count - 1];
        byte[] v4 = ipv4Allowed && last.indexOf('.') >= 0 ? parseV4(last) : null;
        int[] result = new int[count + (v4 != null ? 1 : 0)];
        for (int i = 0; i < count; i++) {
            if (i == count - 1 && v4 != null) {
                result[i] = (v4[0] & 0xff) << 8 | v4[1] & 0xff;
                result[i + 1] = (v4[2] & 0xff) << 8 | v4[3] & 0xff;
            } else if (pieces[i].matches("[0-9A-Fa-f]{1,4}")) {
                result[i] = Integer.parseInt(pieces[i], 16);
            } else {
                return null;
            }
        }
        return result;
    }
}
