package org.actionbridge.emulator.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** IPv4 literals and CIDR ranges, parsed without any name lookup. */
final class Ipv4 {

    /** One allowed source: an address ({@code /32}) or a range. */
    record Range(int network, int prefix, String text) {
        boolean contains(InetAddress address) {
            if (!(address instanceof Inet4Address)) {
                return false;
            }
            int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
            return (toInt(address) & mask) == (network & mask);
        }
    }

    private Ipv4() {
    }

    /** The address of a dotted quad such as {@code 127.0.10.1}; empty for anything else. */
    static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) v;
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty(); // cannot happen for four bytes
        }
    }

    /** An address ({@code 10.0.0.1}) or a CIDR range ({@code 10.0.0.0/8}). */
    static Optional<Range> parseRange(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String addressText = slash < 0 ? t : t.substring(0, slash);
        int prefix = 32;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (p.isEmpty() || p.length() > 2 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(p);
            if (prefix > 32) {
                return Optional.empty();
            }
        }
        int finalPrefix = prefix;
        return parse(addressText).map(a -> new Range(toInt(a), finalPrefix, t));
    }

    static int toInt(InetAddress address) {
        byte[] b = address.getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }
}
