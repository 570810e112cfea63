package org.actionbridge.protocol.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.actionbridge.protocol.ProtocolException;

/**
 * Strict percent-encoding (RFC 3986) in UTF-8. Encoding keeps the unreserved characters and an
 * optional set of extra ASCII characters literal; decoding rejects malformed escapes and invalid UTF-8.
 */
public final class PercentCodec {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final boolean[] UNRESERVED = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            UNRESERVED[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            UNRESERVED[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            UNRESERVED[c] = true;
        }
        UNRESERVED['-'] = true;
        UNRESERVED['.'] = true;
        UNRESERVED['_'] = true;
        UNRESERVED['~'] = true;
    }

    private PercentCodec() {
    }

    /** Percent-encodes everything except the unreserved characters and those in {@code keep} (ASCII). */
    public static String encode(String s, String keep) {
        StringBuilder out = null;
        byte[] bytes = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean literal = c < 128 && (UNRESERVED[c] || keep.indexOf(c) >= 0);
            if (literal) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length() + 16);
                out.append(s, 0, i);
            }
            if (c < 128) {
                appendEscape(out, c);
            } else {
                int end = i + 1;
                if (Character.isHighSurrogate(c) && end < s.length() && Character.isLowSurrogate(s.charAt(end))) {
                    end++;
                }
                bytes = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
                for (byte b : bytes) {
                    appendEscape(out, b & 0xFF);
                }
                i = end - 1;
            }
        }
        return out == null ? s : out.toString();
    }

    private static void appendEscape(StringBuilder out, int b) {
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
    }

    /**
     * Decodes percent escapes (and {@code +} as a space when {@code plusIsSpace}); raw non-ASCII
     * characters are kept as they are.
     *
     * @throws ProtocolException for a truncated or non-hexadecimal escape, or escapes that are not UTF-8
     */
    public static String decode(String s, boolean plusIsSpace) throws ProtocolException {
        int first = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' || (plusIsSpace && c == '+')) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        out.append(s, 0, first);
        int i = first;
        byte[] buf = null;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '+' && plusIsSpace) {
                out.append(' ');
                i++;
            } else if (c == '%') {
                int start = i;
                int n = 0;
                if (buf == null) {
                    buf = new byte[(s.length() - i) / 3 + 1];
                }
                while (i < s.length() && s.charAt(i) == '%') {
                    if (i + 2 >= s.length()) {
                        throw new ProtocolException("truncated percent escape at position " + i);
                    }
                    int hi = hex(s.charAt(i + 1));
                    int lo = hex(s.charAt(i + 2));
                    if (hi < 0 || lo < 0) {
                        throw new ProtocolException("malformed percent escape '" + Texts.printable(s.substring(i, i + 3))
                                + "' at position " + i);
                    }
                    buf[n++] = (byte) ((hi << 4) | lo);
                    i += 3;
                }
                out.append(utf8(buf, n, start));
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String utf8(byte[] buf, int n, int position) throws ProtocolException {
        boolean ascii = true;
        for (int k = 0; k < n; k++) {
            if (buf[k] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(buf, 0, n, StandardCharsets.US_ASCII);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(buf, 0, n));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException("percent escapes at position " + position + " are not valid UTF-8");
        }
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
