package org.actionbridge.actionurl.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of IP addresses and CIDR ranges (IPv4 and IPv6), parsed from a comma-separated list such as
 * {@code 192.0.2.7, 10.1.0.0/16, fd00::/8}. Addresses are parsed literally, never resolved through DNS.
 */
final class SourcePolicy {

    /** The policy and the entries that could not be read. */
    record Parsed(SourcePolicy policy, List<String> problems) {
    }

    private record Range(byte[] network, int prefix, String text) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    private SourcePolicy(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    static Parsed parse(String text) {
        List<Range> ranges = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (text != null) {
            for (String raw : text.split("[,\\s]+")) {
                String entry = raw.trim();
                if (entry.isEmpty()) {
                    continue;
                }
                int slash = entry.indexOf('/');
                byte[] address = IpAddresses.parse(slash < 0 ? entry : entry.substring(0, slash));
                if (address == null) {
                    problems.add("'" + entry + "' is not an IP address or CIDR range");
                    continue;
                }
                int prefix = address.length * 8;
                if (slash >= 0) {
                    try {
                        prefix = Integer.parseInt(entry.substring(slash + 1));
                    } catch (NumberFormatException e) {
                        prefix = -1;
                    }
                    if (prefix < 0 || prefix > address.length * 8) {
                        problems.add("'" + entry + "' has a bad prefix length");
                        continue;
                    }
                }
                ranges.add(new Range(address, prefix, entry));
            }
        }
        return new Parsed(new SourcePolicy(ranges), List.copyOf(problems));
    }

    /** Whether {@code ip} (a literal address) is in one of the ranges. */
    boolean contains(String ip) {
        if (ranges.isEmpty()) {
            return false;
        }
        byte[] address = IpAddresses.parse(ip);
        if (address == null) {
            return false;
        }
        for (Range range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    @Override
    public String toString() {
        return String.join(", ", ranges.stream().map(Range::text).toList());
    }
}
