package org.actionbridge.protocol;

import java.util.Objects;

import org.actionbridge.protocol.internal.Texts;

/**
 * A device MAC address in canonical form: twelve lower-case hexadecimal digits without separators,
 * e.g. {@code 0c383e1a2b3c}, which is how Fanvil phones substitute {@code $mac}. Parsing accepts that
 * form in any case, colon- or hyphen-separated pairs ({@code 0C:38:3E:1A:2B:3C}, {@code 0c-38-3e-1a-2b-3c})
 * and dotted quads ({@code 0c38.3e1a.2b3c}); separators must be used consistently.
 *
 * @param value the canonical form
 */
public record MacAddress(String value) {
    /** Checks that the value is in canonical form. */
    public MacAddress {
        Objects.requireNonNull(value, "value");
        if (value.length() != 12) {
            throw new IllegalArgumentException("not a canonical MAC address: " + Texts.printable(value));
        }
        for (int i = 0; i < 12; i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw new IllegalArgumentException("not a canonical MAC address: " + Texts.printable(value));
            }
        }
    }

    /** Parses any of the accepted forms; the reason names the expected forms. */
    public static MacAddress parse(String text) throws ProtocolException {
        if (text == null || text.isEmpty()) {
            throw new ProtocolException("MAC address is empty");
        }
        char[] hex = new char[12];
        int n = 0;
        int len = text.length();
        if (len == 12) {
            for (int i = 0; i < 12; i++) {
                hex[n++] = text.charAt(i);
            }
        } else if (len == 17 && (text.charAt(2) == ':' || text.charAt(2) == '-')) {
            char sep = text.charAt(2);
            for (int i = 0; i < 17; i++) {
                char c = text.charAt(i);
                if (i % 3 == 2) {
                    if (c != sep) {
                        throw malformed(text);
                    }
                } else {
                    hex[n++] = c;
                }
            }
        } else if (len == 14 && text.charAt(4) == '.' && text.charAt(9) == '.') {
            for (int i = 0; i < 14; i++) {
                if (i != 4 && i != 9) {
                    hex[n++] = text.charAt(i);
                }
            }
        } else {
            throw malformed(text);
        }
        for (int i = 0; i < 12; i++) {
            char c = hex[i];
            if (c >= 'A' && c <= 'F') {
                hex[i] = (char) (c + ('a' - 'A'));
            } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw malformed(text);
            }
        }
        return new MacAddress(new String(hex));
    }

    private static ProtocolException malformed(String text) {
        return new ProtocolException("malformed MAC address '" + Texts.printable(text)
                + "'; expected 12 hexadecimal digits such as 0c383e1a2b3c or 0C:38:3E:1A:2B:3C");
    }

    /** The colon-separated upper-case form, e.g. {@code 0C:38:3E:1A:2B:3C}, for people. */
    public String toColonForm() {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Character.toUpperCase(value.charAt(i))).append(Character.toUpperCase(value.charAt(i + 1)));
        }
        return sb.toString();
    }

    /** The canonical form. */
    @Override
    public String toString() {
        return value;
    }
}
