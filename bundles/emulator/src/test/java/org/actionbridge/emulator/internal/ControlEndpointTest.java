package org.actionbridge.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control endpoint of DESIGN.md: {@code POST /emulator/{action}} and {@code GET /emulator/state}. */
class ControlEndpointTest {

    private DeviceFixture device;

    @BeforeEach
    void start() {
        device = new DeviceFixture("id", "hall", "type", "intercom");
    }

    @AfterEach
    void close() {
        device.close();
    }

    private TestHttp.Response state(String credentials) {
        return TestHttp.request(InetAddress.getLoopbackAddress(), "GET", device.address, device.httpPort,
                "/emulator/state", credentials, null);
    }

    @Test
    void stateIsJsonWithCallStateRemoteNumberDigitsDndMuteDoorAndAlarms() {
        device.act("ring", "number", "1001", "name", "Al \"the\" caller");
        device.act("alarm", "kind", "door-sensor-2");
        TestHttp.Response response = state(DeviceFixture.CREDENTIALS);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.body()).startsWith("{\"id\":\"hall\",\"type\":\"intercom\"")
                .contains("\"callState\":\"RINGING\"", "\"remoteNumber\":\"1001\"",
                        "\"remoteName\":\"Al \\\"the\\\" caller\"", "\"dialedDigits\":\"\"", "\"dnd\":false",
                        "\"mute\":false", "\"door\":{\"open\":false,\"doorSensor1\":false,\"doorSensor2\":true",
                        "\"event\":\"incoming_call\"").endsWith("}");
    }

    @Test
    void actionsTakeQueryParametersToo() {
        TestHttp.Response response = TestHttp.request(InetAddress.getLoopbackAddress(), "POST", device.address,
                device.httpPort, "/emulator/ring?number=777", DeviceFixture.CREDENTIALS, null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"callState\":\"RINGING\"");
    }

    @Test
    void controlNeedsTheWebLogin() {
        assertThat(state(null).status()).isEqualTo(401);
        assertThat(state("admin:nope").status()).isEqualTo(401);
        assertThat(TestHttp.request(InetAddress.getLoopbackAddress(), "POST", device.address, device.httpPort,
                "/emulator/ring?number=1", null, null).status()).isEqualTo(401);
        assertThat(device.state().calls()).isEmpty();
    }

    @Test
    void aChangedWebLoginIsReportedAndTakesEffect() {
        TestHttp.Response changed = TestHttp.request(InetAddress.getLoopbackAddress(), "POST", device.address,
                device.httpPort, "/emulator/web-login?username=admin&password=s3cret", DeviceFixture.CREDENTIALS,
                null);
        assertThat(changed.status()).isEqualTo(200);
        device.recorder.awaitEvents("web_api_auth_changed");
        assertThat(state(DeviceFixture.CREDENTIALS).status()).as("the old login").isEqualTo(401);
        assertThat(state("admin:s3cret").status()).isEqualTo(200);
        assertThat(TestHttp.request(InetAddress.getLoopbackAddress(), "GET", device.address, device.httpPort,
                "/cgi-bin/ConfigManApp.com?key=DNDON", "admin:s3cret", null).status()).isEqualTo(200);

        TestHttp.Response bad = TestHttp.request(InetAddress.getLoopbackAddress(), "POST", device.address,
                device.httpPort, "/emulator/web-login?username=a:b", "admin:s3cret", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("username");
    }

    @Test
    void badRequestsAreRefusedWithReasons() {
        assertThat(device.control("dance").status()).isEqualTo(404);
        TestHttp.Response missing = device.control("ring");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).contains("'number' is missing");
        assertThat(device.control("ring", "number", "12 34").status()).isEqualTo(400);
        assertThat(device.control("mwi", "count", "many").status()).isEqualTo(400);
        assertThat(device.control("alarm", "kind", "fire").status()).isEqualTo(400);
        assertThat(device.control("ip-change", "ip", "example.org").status()).isEqualTo(400);
        assertThat(device.control("remote-answer").status()).as("no outgoing call").isEqualTo(409);
        assertThat(device.control("remote-hangup").status()).as("no call").isEqualTo(409);
        assertThat(TestHttp.request(InetAddress.getLoopbackAddress(), "GET", device.address, device.httpPort,
                "/emulator/ring?number=1", DeviceFixture.CREDENTIALS, null).status()).isEqualTo(405);
        assertThat(TestHttp.request(InetAddress.getLoopbackAddress(), "POST", device.address, device.httpPort,
                "/emulator/state", DeviceFixture.CREDENTIALS, "").status()).isEqualTo(405);
        assertThat(device.state().calls()).isEmpty();
    }

    @Test
    void alarmOnAPhoneIsAConflict() {
        try (DeviceFixture phone = new DeviceFixture()) {
            assertThat(phone.control("alarm", "kind", "tamper").status()).isEqualTo(409);
        }
    }

    @Test
    void remoteHangupOfOneCallById() {
        device.act("ring", "number", "1");
        device.keys("OK");
        device.act("ring", "number", "2");
        device.act("remote-hangup", "call", "2");
        assertThat(device.state().calls()).singleElement().satisfies(c -> assertThat(c.remoteNumber()).isEqualTo("1"));
        assertThat(device.state().missedCalls()).isEqualTo(1);
    }
}
