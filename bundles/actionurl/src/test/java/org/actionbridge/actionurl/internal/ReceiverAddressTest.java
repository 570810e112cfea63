package org.actionbridge.actionurl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ReceiverAddressTest {

    @Test
    void takesThePortJettyListensOnFromTheRuntimesEndpoints() {
        // Pax Web 8 publishes osgi.http.endpoint as a String[] such as this one
        assertThat(ReceiverAddress.baseUrl(new String[] { "http://0.0.0.0:21181/" }, "192.0.2.5"))
                .isEqualTo("http://192.0.2.5:21181");
        assertThat(ReceiverAddress.baseUrl(List.of("http://127.0.0.1:9090/"), "192.0.2.5"))
                .isEqualTo("http://192.0.2.5:9090");
        assertThat(ReceiverAddress.baseUrl("http://[::]:8282/", "192.0.2.5")).isEqualTo("http://192.0.2.5:8282");
    }

    @Test
    void prefersPlainHttpAndUsesHttpsOnlyWhenThatIsAllThereIs() {
        assertThat(ReceiverAddress.baseUrl(new String[] { "https://0.0.0.0:8443/", "http://0.0.0.0:8181/" }, "h"))
                .isEqualTo("http://h:8181");
        assertThat(ReceiverAddress.baseUrl(new String[] { "https://0.0.0.0:8443/" }, "h")).isEqualTo("https://h:8443");
    }

    @Test
    void fallsBackTo8181WithoutARuntimeOrWithEndpointsItCannotRead() {
        assertThat(ReceiverAddress.baseUrl(null, "h")).isEqualTo("http://h:8181");
        assertThat(ReceiverAddress.baseUrl(new String[] { "not a url", "ftp://x:21/" }, "h")).isEqualTo("http://h:8181");
        assertThat(ReceiverAddress.baseUrl(42, "h")).isEqualTo("http://h:8181");
    }
}
