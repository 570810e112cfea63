package org.actionbridge.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class BasicCredentialsTest {

    private static String header(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesUserAndPasswordWithColons() {
        assertThat(BasicCredentials.parse(header("alice:pa:ss"))).contains(new BasicCredentials("alice", "pa:ss"));
    }

    @Test
    void acceptsAnyCaseOfTheSchemeAndUtf8() {
        assertThat(BasicCredentials.parse("basic " + header("zoë:pässword").substring(6)))
                .contains(new BasicCredentials("zoë", "pässword"));
    }

    @Test
    void refusesMissingMalformedOrOtherSchemes() {
        assertThat(BasicCredentials.parse(null)).isEmpty();
        assertThat(BasicCredentials.parse("Bearer abc")).isEmpty();
        assertThat(BasicCredentials.parse("Basic !!!")).isEmpty();
        assertThat(BasicCredentials.parse(header("nocolon"))).isEmpty();
        assertThat(BasicCredentials.parse(header(":password"))).isEmpty();
        assertThat(BasicCredentials.parse(header("ali\nce:x"))).isEmpty();
        assertThat(BasicCredentials.parse("Basic " + "A".repeat(BasicCredentials.MAX_HEADER))).isEmpty();
    }

    @Test
    void neverShowsThePassword() {
        assertThat(new BasicCredentials("alice", "s3cret").toString()).doesNotContain("s3cret").contains("alice");
    }

    @Test
    void theEdgesOfTheHeader() {
        String longest = header("u:" + "p".repeat(3000));
        assertThat(longest).hasSizeLessThanOrEqualTo(BasicCredentials.MAX_HEADER);
        String padded = longest + " ".repeat(BasicCredentials.MAX_HEADER - longest.length());
        assertThat(BasicCredentials.parse(padded)).as("exactly the limit, spaces trimmed").isPresent();
        assertThat(BasicCredentials.parse(padded + " ")).as("one past it").isEmpty();
        assertThat(BasicCredentials.parse(" Basic   " + header("a:b").substring(6) + " ")).contains(
                new BasicCredentials("a", "b"));
        assertThat(BasicCredentials.parse("Basic")).as("no credentials").isEmpty();
        assertThat(BasicCredentials.parse("BasicX " + header("a:b").substring(6))).isEmpty();
        assertThat(BasicCredentials.parse(header("a:"))).as("an empty password is a password").contains(
                new BasicCredentials("a", ""));
        for (char c = 0; c < 0x80; c++) {
            boolean control = c < 0x20 || c == 0x7f;
            // a colon ends the user: "u::p" is user u with password ":p"
            assertThat(BasicCredentials.parse(header("u" + c + ":p")).isPresent()).as("U+%04X", (int) c)
                    .isEqualTo(!control);
            assertThat(BasicCredentials.parse(header("u:p" + c)).isPresent()).as("U+%04X in the password", (int) c)
                    .isEqualTo(!control);
        }
    }
}
