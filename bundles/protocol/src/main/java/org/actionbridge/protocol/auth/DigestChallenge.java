package org.actionbridge.protocol.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One authentication challenge from a {@code WWW-Authenticate} (or SIP {@code Proxy-Authenticate}) header:
 * its scheme and parameters (names lower case). A header may hold several challenges; {@link #parse}
 * returns them all.
 */
public record DigestChallenge(String scheme, Map<String, String> params) {

    /** Longest header value considered; phones send a few hundred characters. */
    static final int MAX_HEADER_LENGTH = 4096;

    /** Lower-cases the scheme and copies the parameters. */
    public DigestChallenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Map.copyOf(params);
    }

    /** Whether this is a Digest challenge. */
    public boolean isDigest() {
        return "digest".equals(scheme);
    }

    /** Whether this is a Basic challenge. */
    public boolean isBasic() {
        return "basic".equals(scheme);
    }

    /** A parameter by its lower-case name. */
    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /** The algorithm, upper case; MD5 when absent. */
    public String algorithm() {
        return param("algorithm").map(a -> a.toUpperCase(Locale.ROOT)).orElse("MD5");
    }

    /** The qop options offered, lower case. */
    public List<String> qopOptions() {
        List<String> options = new ArrayList<>();
        for (String option : param("qop").orElse("").split(",")) {
            if (!option.isBlank()) {
                options.add(option.trim().toLowerCase(Locale.ROOT));
            }
        }
        return options;
    }

    /** Whether the server says the nonce is stale (retry with the new one, not a wrong password). */
    public boolean stale() {
        return param("stale").map("true"::equalsIgnoreCase).orElse(false);
    }

    /** Every challenge in one header value; malformed parts end the parse with what was read so far. */
    public static List<DigestChallenge> parse(String headerValue) {
        List<DigestChallenge> challenges = new ArrayList<>();
        if (headerValue == null || headerValue.length() > MAX_HEADER_LENGTH) {
            return challenges;
        }
        Lexer lexer = new Lexer(headerValue);
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            lexer.skipSeparators();
            if (lexer.atEnd()) {
                break;
            }
            String token = lexer.token();
            if (token.isEmpty()) {
                break;
            }
            lexer.skipSpaces();
            if (lexer.peek() == '=' && scheme != null) {
                lexer.next();
                lexer.skipSpaces();
                String value = lexer.peek() == '"' ? lexer.quoted() : lexer.token();
                if (value == null) {
                    break;
                }
                params.putIfAbsent(token.toLowerCase(Locale.ROOT), value);
            } else if (lexer.peek() == '=') {
                break; // a parameter before any scheme
            } else {
                if (scheme != null) {
                    challenges.add(new DigestChallenge(scheme, params));
                }
                scheme = token;
                params = new LinkedHashMap<>();
            }
        }
        if (scheme != null) {
            challenges.add(new DigestChallenge(scheme, params));
        }
        return challenges;
    }

    private static final class Lexer {
        private final String text;
        private int pos;

        Lexer(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        char peek() {
            return atEnd() ? '\0' : text.charAt(pos);
        }

        void next() {
            pos++;
        }

        void skipSpaces() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                pos++;
            }
        }

        void skipSeparators() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == ',')) {
                pos++;
            }
        }

        String token() {
            int start = pos;
            while (!atEnd()) {
                char c = peek();
                if (c == ' ' || c == '\t' || c == ',' || c == '=' || c == '"' || c < 0x20 || c > 0x7e) {
                    break;
                }
                pos++;
            }
            return text.substring(start, pos);
        }

        String quoted() {
            StringBuilder value = new StringBuilder();
            pos++; // opening quote
            while (!atEnd()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\' && !atEnd()) {
                    c = text.charAt(pos++);
                }
                value.append(c);
            }
            return null; // unterminated
        }
    }
}
