package org.actionbridge.protocol.internal;

import org.actionbridge.protocol.ProtocolException;

/** Helpers for checking untrusted text and quoting it safely in error messages. */
public final class Texts {
    private static final int QUOTE_LIMIT = 40;

    private Texts() {
    }

    /** True for C0 and C1 control characters, DEL, and the Unicode line and paragraph separators. */
    public static boolean isControl(int cp) {
        return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
    }

    /**
     * The text shortened to a few dozen characters with control and non-ASCII characters written as
     * {@code U+XXXX}, safe to put in a log line or an HTTP answer.
     */
    public static String printable(String s) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), QUOTE_LIMIT) + 8);
        int count = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (count++ >= QUOTE_LIMIT) {
                out.append("...");
                break;
            }
            if (cp >= 0x20 && cp < 0x7F) {
                out.append((char) cp);
            } else {
                out.append(describe(cp));
            }
        }
        return out.toString();
    }

    /** A code point described for a user: {@code '&'} for printable ASCII, {@code U+FF06} otherwise. */
    public static String describe(int cp) {
        if (cp >= 0x20 && cp < 0x7F) {
            return "'" + (char) cp + "'";
        }
        return String.format("U+%04X", cp);
    }

    /**
     * Rejects control characters and unpaired surrogates.
     *
     * @param what what the text is, for the message ("value of 'mac'")
     */
    public static void requireNoControl(String s, String what) throws ProtocolException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isControl(c)) {
                throw new ProtocolException(what + " contains the control character " + describe(c));
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                        && Character.isLowSurrogate(s.charAt(i + 1));
                if (!paired) {
                    throw new ProtocolException(what + " contains an unpaired surrogate " + describe(c));
                }
                i++;
            }
        }
    }
}
