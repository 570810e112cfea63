package org.actionbridge.protocol.internal;

/** Tells whether text is a literal IPv4 or IPv6 address, by its syntax alone (never a name lookup). */
public final class IpLiteral {

    private IpLiteral() {
    }

    /** True for a dotted-quad IPv4 address or an IPv6 address (RFC 4291 text forms, no zone id). */
    public static boolean isValid(String text) {
        return text.indexOf(':') >= 0 ? isIpv6(text) : isIpv4(text);
    }

    static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3) {
                return false;
            }
            int value = 0;
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv6(String text) {
        if (text.length() > 45) {
            return false;
        }
        int gap = text.indexOf("::");
        if (gap < 0) {
            return groups(text, true) == 8;
        }
        if (text.indexOf("::", gap + 1) >= 0) {
            return false; // "::" may stand for zero groups once only
        }
        String tail = text.substring(gap + 2);
        int before = groups(text.substring(0, gap), false);
        int after = groups(tail, true);
        return before >= 0 && after >= 0 && before + after < 8;
    }

    /**
     * The number of 16-bit groups in colon-separated hex groups ({@code ""} has none), an IPv4 address at
     * the end counting two where {@code mayEndInIpv4}; -1 when the text is not such groups.
     */
    private static int groups(String text, boolean mayEndInIpv4) {
        if (text.isEmpty()) {
            return 0;
        }
        String[] parts = text.split(":", -1);
        int groups = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (mayEndInIpv4 && i == parts.length - 1 && part.indexOf('.') >= 0) {
                return isIpv4(part) ? groups + 2 : -1;
            }
            if (part.isEmpty() || part.length() > 4) {
                return -1;
            }
            for (int j = 0; j < part.length(); j++) {
                char c = part.charAt(j);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                    return -1;
                }
            }
            groups++;
        }
        return groups;
    }
}
