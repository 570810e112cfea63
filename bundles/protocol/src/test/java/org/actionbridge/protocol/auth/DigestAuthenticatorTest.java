package org.actionbridge.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class DigestAuthenticatorTest {

    private static final String RFC7616_NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String RFC7616_CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    private static final String RFC7616_OPAQUE = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";

    private static DigestAuthenticator rfc7616(String algorithm) {
        String header = "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=" + algorithm
                + ", nonce=\"" + RFC7616_NONCE + "\", opaque=\"" + RFC7616_OPAQUE + "\"";
        return DigestAuthenticator.choose(DigestChallenge.parse(header), "Mufasa", "Circle of Life").orElseThrow();
    }

    @Test
    void computesRfc7616Md5Example() {
        String value = rfc7616("MD5").authorize("GET", "/dir/index.html", RFC7616_CNONCE, 1);
        assertThat(value).contains("response=\"8ca523f5e9506fed4657c9700eebdbec\"", "qop=auth", "nc=00000001",
                "opaque=\"" + RFC7616_OPAQUE + "\"", "username=\"Mufasa\"", "uri=\"/dir/index.html\"");
    }

    @Test
    void computesRfc7616Sha256Example() {
        String value = rfc7616("SHA-256").authorize("GET", "/dir/index.html", RFC7616_CNONCE, 1);
        assertThat(value)
                .contains("response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\"")
                .contains("algorithm=SHA-256");
    }

    @Test
    void computesRfc2617Example() {
        String header = "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
        String value = DigestAuthenticator.choose(DigestChallenge.parse(header), "Mufasa", "Circle Of Life")
                .orElseThrow().authorize("GET", "/dir/index.html", "0a4f113b", 1);
        assertThat(value).contains("response=\"6629fae49393a05397450978507c4ef1\"");
    }

    @Test
    void prefersSha256WhenThePhoneOffersBoth() {
        List<DigestChallenge> challenges = DigestChallenge.parse("Digest realm=\"r\", nonce=\"n1\", algorithm=MD5, "
                + "qop=\"auth\", Digest realm=\"r\", nonce=\"n2\", algorithm=SHA-256, qop=\"auth\", Basic realm=\"r\"");
        assertThat(challenges).extracting(DigestChallenge::scheme).containsExactly("digest", "digest", "basic");
        DigestAuthenticator chosen = DigestAuthenticator.choose(challenges, "u", "p").orElseThrow();
        assertThat(chosen.challenge().algorithm()).isEqualTo("SHA-256");
    }

    @Test
    void countsNoncesUpForReusedChallenge() {
        DigestAuthenticator digest = rfc7616("MD5");
        assertThat(digest.authorize("GET", "/a")).contains("nc=00000001");
        assertThat(digest.authorize("GET", "/a")).contains("nc=00000002");
    }

    @Test
    void answersChallengeWithoutQopInRfc2069Style() {
        DigestAuthenticator digest = DigestAuthenticator
                .choose(DigestChallenge.parse("Digest realm=\"r\", nonce=\"abc\""), "u", "p").orElseThrow();
        String ha1 = DigestAuthenticator.hash("MD5", "u:r:p");
        String ha2 = DigestAuthenticator.hash("MD5", "GET:/x");
        assertThat(digest.authorize("GET", "/x", "c", 1))
                .contains("response=\"" + DigestAuthenticator.hash("MD5", ha1 + ":abc:" + ha2) + "\"")
                .doesNotContain("qop=", "nc=");
    }

    @Test
    void ignoresUnsupportedAlgorithms() {
        assertThat(DigestAuthenticator.choose(
                DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256, qop=auth"), "u", "p"))
                .isEmpty();
    }

    @Test
    void escapesQuotesInUsernameAndDropsControlCharacters() {
        DigestAuthenticator digest = DigestAuthenticator
                .choose(DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\", qop=auth"), "a\"b\r\nc", "p")
                .orElseThrow();
        assertThat(digest.authorize("GET", "/x")).contains("username=\"a\\\"bc\"").doesNotContain("\r", "\n");
    }

    @Test
    void parsesEscapedQuotedValues() {
        DigestChallenge challenge = DigestChallenge.parse("Digest realm=\"a \\\"b\\\" c\", nonce=xyz").get(0);
        assertThat(challenge.param("realm")).contains("a \"b\" c");
        assertThat(challenge.param("nonce")).contains("xyz");
    }

    @Test
    void userhashSendsTheHashedNameAndSaysSo() {
        String challenge = "Digest realm=\"r\", nonce=\"n\", qop=auth, algorithm=SHA-256";
        DigestAuthenticator hashed = DigestAuthenticator
                .choose(DigestChallenge.parse(challenge + ", userhash=true"), "Jane Doe", "p").orElseThrow();
        assertThat(hashed.authorize("GET", "/x", "c", 1))
                .contains("username=\"" + DigestAuthenticator.hash("SHA-256", "Jane Doe:r") + "\"", "userhash=true")
                .doesNotContain("Jane");
        DigestAuthenticator plain = DigestAuthenticator.choose(DigestChallenge.parse(challenge), "Jane Doe", "p")
                .orElseThrow();
        assertThat(plain.authorize("GET", "/x", "c", 1)).contains("username=\"Jane Doe\"").doesNotContain("userhash");
    }

    @Test
    void everyRequestGetsAFreshRandomCnonce() {
        DigestAuthenticator digest = rfc7616("MD5");
        String first = cnonce(digest.authorize("GET", "/a"));
        String second = cnonce(digest.authorize("GET", "/a"));
        assertThat(first).hasSize(32).isNotEqualTo(second).isNotEqualTo("0".repeat(32));
    }

    private static String cnonce(String authorization) {
        int start = authorization.indexOf("cnonce=\"") + "cnonce=\"".length();
        return authorization.substring(start, authorization.indexOf('"', start));
    }

    @Test
    void answersAuthIntAloneAndRefusesOnlyUnknownQops() {
        DigestAuthenticator authInt = DigestAuthenticator
                .choose(DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\""), "u", "p")
                .orElseThrow();
        String ha1 = DigestAuthenticator.hash("MD5", "u:r:p");
        String ha2 = DigestAuthenticator.hash("MD5", "NOTIFY:/x:" + DigestAuthenticator.hash("MD5", ""));
        assertThat(authInt.authorize("NOTIFY", "/x", "c", 1)).contains("qop=auth-int", "response=\""
                + DigestAuthenticator.hash("MD5", ha1 + ":n:00000001:c:auth-int:" + ha2) + "\"");

        assertThat(DigestAuthenticator.choose(
                DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\", qop=\"auth-conf\""), "u", "p")).isEmpty();
        assertThat(DigestAuthenticator.choose(DigestChallenge.parse("Digest realm=\"r\", qop=auth"), "u", "p"))
                .as("no nonce").isEmpty();
    }

    @Test
    void sessionAlgorithmsHashTheNonceIntoHa1() {
        DigestAuthenticator sess = DigestAuthenticator.choose(
                DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\", qop=auth, algorithm=MD5-sess"), "u", "p")
                .orElseThrow();
        String ha1 = DigestAuthenticator.hash("MD5", DigestAuthenticator.hash("MD5", "u:r:p") + ":n:c");
        String ha2 = DigestAuthenticator.hash("MD5", "GET:/x");
        assertThat(sess.authorize("GET", "/x", "c", 1)).contains("algorithm=MD5-sess", "response=\""
                + DigestAuthenticator.hash("MD5", ha1 + ":n:00000001:c:auth:" + ha2) + "\"");
    }
}
