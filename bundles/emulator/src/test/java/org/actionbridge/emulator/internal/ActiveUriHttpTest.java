package org.actionbridge.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.actionbridge.emulator.DeviceState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Active URI over HTTP (spec 3.2, 3.4, 3.5): authentication, source IP rules and malformed requests. */
class ActiveUriHttpTest {

    private DeviceFixture device;

    @AfterEach
    void close() {
        if (device != null) {
            device.close();
        }
    }

    private TestHttp.Response get(InetAddress source, String query, String credentials) {
        return TestHttp.request(source, "GET", device.address, device.httpPort,
                DeviceHttpServer.ACTIVE_URI_PATH + "?" + query, credentials, null);
    }

    private static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    @Test
    void missingCredentialsGet401WithChallengeAndChangeNothing() {
        device = new DeviceFixture();
        DeviceState before = device.state();
        TestHttp.Response response = get(loopback(), "key=DNDON", null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Basic realm=");
        assertUnchanged(before);
    }

    @Test
    void wrongCredentialsGet401AndChangeNothing() {
        device = new DeviceFixture("username", "installer", "password", "s3cret");
        DeviceState before = device.state();
        assertThat(get(loopback(), "key=DNDON", "admin:admin").status()).isEqualTo(401);
        assertThat(get(loopback(), "key=DNDON", "installer:wrong").status()).isEqualTo(401);
        assertUnchanged(before);
        assertThat(get(loopback(), "key=DNDON", "installer:s3cret").status()).isEqualTo(200);
        assertThat(device.state().dnd()).isTrue();
    }

    @Test
    void sourceNotListedGets403AndChangesNothing() throws Exception {
        InetAddress allowed = DeviceFixture.freeAddress();
        device = new DeviceFixture("allowedIps", allowed.getHostAddress() + ", 10.0.0.0/8");
        DeviceState before = device.state();
        TestHttp.Response refused = get(loopback(), "key=DNDON", DeviceFixture.CREDENTIALS);
        assertThat(refused.status()).isEqualTo(403);
        assertUnchanged(before);

        assertThat(get(allowed, "key=DNDON", DeviceFixture.CREDENTIALS).status()).isEqualTo(200);
        assertThat(device.state().dnd()).isTrue();
    }

    @Test
    void emptySourceListAcceptsAnySource() {
        device = new DeviceFixture();
        assertThat(get(DeviceFixture.freeAddress(), "key=DNDON", DeviceFixture.CREDENTIALS).status()).isEqualTo(200);
    }

    @Test
    void malformedAndUnknownGet4xxAndChangeNothing() {
        device = new DeviceFixture();
        DeviceState before = device.state();
        assertThat(device.activeUri("key=BOGUS").status()).isEqualTo(400);
        assertThat(device.activeUri("key=BOGUS").body()).contains("unknown key 'BOGUS'");
        assertThat(device.activeUri("key=OK&evil=1").status()).isEqualTo(400);
        assertThat(device.activeUri("key=").status()).isEqualTo(400);
        assertThat(device.activeUri("foo").status()).isEqualTo(400);
        assertThat(device.activeUri("key=DNDON;%0d%0aX").status()).isEqualTo(400);
        assertThat(device.activeUri("key=F_D1").status()).as("an X4-only key on an X6").isEqualTo(400);
        assertThat(device.activeUri("key=SPEAKER;F_D1").status()).as("nothing of the sequence runs").isEqualTo(400);
        assertThat(TestHttp.request(loopback(), "GET", device.address, device.httpPort,
                DeviceHttpServer.ACTIVE_URI_PATH, DeviceFixture.CREDENTIALS, null).status()).isEqualTo(400);
        assertThat(TestHttp.request(loopback(), "POST", device.address, device.httpPort,
                DeviceHttpServer.ACTIVE_URI_PATH + "?key=OK", DeviceFixture.CREDENTIALS, "").status()).isEqualTo(405);
        assertThat(TestHttp.request(loopback(), "GET", device.address, device.httpPort,
                "/cgi-bin/other.cgi?key=OK", DeviceFixture.CREDENTIALS, null).status()).isEqualTo(404);
        assertUnchanged(before);
    }

    @Test
    void keySequenceIsExecutedInOrderAndReported() {
        device = new DeviceFixture();
        TestHttp.Response response = device.activeUri("key=SPEAKER;12%23;ENTER");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("SPEAKER: off hook", "12#: number now '12#'", "ENTER: calling 12#");
        assertThat(device.state().calls()).singleElement().satisfies(c -> assertThat(c.remoteNumber()).isEqualTo("12#"));
        assertThat(device.state().recentKeys()).containsExactly("SPEAKER", "12#", "ENTER");
    }

    @Test
    void keysAreCaseInsensitiveAndAliasesWork() {
        device = new DeviceFixture();
        assertThat(device.activeUri("key=f_handsfree;0000;enter").status()).isEqualTo(200);
        assertThat(device.state().calls()).hasSize(1);
    }

    private void assertUnchanged(DeviceState before) {
        DeviceState after = device.state();
        assertThat(after.recentKeys()).isEqualTo(before.recentKeys());
        assertThat(after.recentEvents()).isEqualTo(before.recentEvents());
        assertThat(after.dnd()).isEqualTo(before.dnd());
        assertThat(after.calls()).isEqualTo(before.calls());
    }
}
