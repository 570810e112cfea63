package org.actionbridge.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Answers one digest challenge (RFC 7616: MD5, MD5-sess, SHA-256, SHA-256-sess; qop auth, auth-int with an
 * empty body, or none as in RFC 2069) and keeps the nonce count for reusing the challenge on later
 * requests. Thread-safe; one instance per phone and challenge.
 */
public final class DigestAuthenticator {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> SUPPORTED = List.of("SHA-256", "SHA-256-SESS", "MD5", "MD5-SESS");

    private final DigestChallenge challenge;
    private final String username;
    private final String password;
    private long nonceCount;

    private DigestAuthenticator(DigestChallenge challenge, String username, String password) {
        this.challenge = challenge;
        this.username = username;
        this.password = password;
    }

    /** An authenticator for the strongest supported digest challenge among {@code challenges}. */
    public static Optional<DigestAuthenticator> choose(List<DigestChallenge> challenges, String username, String password) {
        for (String algorithm : SUPPORTED) {
            for (DigestChallenge challenge : challenges) {
                if (challenge.isDigest() && challenge.algorithm().equals(algorithm)
                        && challenge.param("nonce").isPresent() && usableQop(challenge)) {
                    return Optional.of(new DigestAuthenticator(challenge, username, password));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean usableQop(DigestChallenge challenge) {
        List<String> qop = challenge.qopOptions();
        return qop.isEmpty() || qop.contains("auth") || qop.contains("auth-int");
    }

    /** The challenge answered. */
    public DigestChallenge challenge() {
        return challenge;
    }

    /** The credentials value ({@code Digest username=...}) for one request, with a fresh cnonce. */
    public String authorize(String method, String uri) {
        long nc;
        synchronized (this) {
            nc = ++nonceCount;
        }
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return authorize(method, uri, HexFormat.of().formatHex(random), nc);
    }

    /** The credentials value with a given cnonce and nonce count (tests use the RFC's examples). */
    public String authorize(String method, String uri, String cnonce, long nc) {
        String algorithm = challenge.algorithm();
        String hashName = algorithm.startsWith("SHA-256") ? "SHA-256" : "MD5";
        boolean session = algorithm.endsWith("-SESS");
        String realm = challenge.param("realm").orElse("");
        String nonce = challenge.param("nonce").orElse("");
        List<String> offered = challenge.qopOptions();
        String qop = offered.contains("auth") ? "auth" : offered.contains("auth-int") ? "auth-int" : null;
        boolean userhash = challenge.param("userhash").map("true"::equalsIgnoreCase).orElse(false);
        String ncValue = String.format(Locale.ROOT, "%08x", nc);

        String ha1 = hash(hashName, username + ":" + realm + ":" + password);
        if (session) {
            ha1 = hash(hashName, ha1 + ":" + nonce + ":" + cnonce);
        }
        String ha2 = "auth-int".equals(qop) ? hash(hashName, method + ":" + uri + ":" + hash(hashName, ""))
                : hash(hashName, method + ":" + uri);
        String response = qop == null ? hash(hashName, ha1 + ":" + nonce + ":" + ha2)
                : hash(hashName, ha1 + ":" + nonce + ":" + ncValue + ":" + cnonce + ":" + qop + ":" + ha2);

        StringBuilder value = new StringBuilder("Digest ");
        value.append("username=").append(quote(userhash ? hash(hashName, username + ":" + realm) : username));
        value.append(", realm=").append(quote(realm));
        value.append(", nonce=").append(quote(nonce));
        value.append(", uri=").append(quote(uri));
        value.append(", algorithm=").append(challenge.param("algorithm").orElse("MD5"));
        value.append(", response=").append(quote(response));
        if (qop != null) {
            value.append(", qop=").append(qop).append(", nc=").append(ncValue).append(", cnonce=")
                    .append(quote(cnonce));
        }
        challenge.param("opaque").ifPresent(opaque -> value.append(", opaque=").append(quote(opaque)));
        if (userhash) {
            value.append(", userhash=true");
        }
        return value.toString();
    }

    /** Lower-case hex digest of {@code text} with {@code MD5} or {@code SHA-256}. */
    public static String hash(String algorithm, String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java platform", e);
        }
    }

    private static String quote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            if (c >= 0x20 && c != 0x7f) {
                quoted.append(c); // control characters are dropped: they would split the header
            }
        }
        return quoted.append('"').toString();
    }
}
