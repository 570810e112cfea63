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
}
