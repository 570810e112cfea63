package org.actionbridge.core.internal;

import java.util.Locale;
import java.util.Optional;

/** Normalises the MAC notations phones and people write to 12 lower-case hex digits. */
final class MacAddresses {

    private MacAddresses() {
    }

    /** The canonical form of {@code mac}, or empty when it is not a MAC address. */
    static Optional<String> canonical(String mac) {
        if (mac == null) {
            return Optional.empty();
        }
        String trimmed = mac.trim();
        StringBuilder hex = new StringBuilder(12);
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == ':' || c == '-' || c == '.') {
                continue;
            }
            if (Character.digit(c, 16) < 0 || c > 'f') {
                return Optional.empty();
            }
            hex.append(c);
        }
        if (hex.length() != 12 || !separatorsConsistent(trimmed)) {
            return Optional.empty();
        }
        return Optional.of(hex.toString().toLowerCase(Locale.ROOT));
    }

    // "0c:38-3e..." or "0c:383e..." are typos, not MACs: separators, when present, come in one style.
    private static boolean separatorsConsistent(String mac) {
        long colons = mac.chars().filter(c -> c == ':').count();
        long dashes = mac.chars().filter(c -> c == '-').count();
        long dots = mac.chars().filter(c -> c == '.').count();
        int styles = (colons > 0 ? 1 : 0) + (dashes > 0 ? 1 : 0) + (dots > 0 ? 1 : 0);
        if (styles == 0) {
            return mac.length() == 12;
        }
        if (styles > 1) {
            return false;
        }
        return (colons == 5 || dashes == 5) && mac.length() == 17 || dots == 2 && mac.length() == 14;
    }
}
