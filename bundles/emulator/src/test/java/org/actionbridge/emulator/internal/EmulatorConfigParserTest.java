package org.actionbridge.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.actionbridge.emulator.DeviceType;
import org.actionbridge.protocol.ActionEvent;
import org.actionbridge.protocol.PhoneModelSeries;
import org.junit.jupiter.api.Test;

class EmulatorConfigParserTest {

    private static Map<String, Object> props(String... keyValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    @Test
    void defaultsFollowDesignAndTheFileName() {
        EmulatorConfigParser.Result result = EmulatorConfigParser.parse(props("service.pid",
                "org.actionbridge.emulator~desk1", "bindAddress", "127.0.10.1"));
        EmulatorConfig config = result.configuration().orElseThrow();
        assertThat(config.id()).isEqualTo("desk1");
        assertThat(config.type()).isEqualTo(DeviceType.PHONE);
        assertThat(config.username()).isEqualTo("admin");
        assertThat(config.password()).isEqualTo("admin");
        assertThat(config.mac().value()).isEqualTo("0c383e000a01");
        assertThat(config.model()).isEqualTo("X6U");
        assertThat(config.series()).isEqualTo(PhoneModelSeries.X6);
        assertThat(config.allowedIps()).isEmpty();
        assertThat(config.sipServer()).map(a -> a.getHostAddress()).contains("127.0.0.1");
        assertThat(config.actionUrls()).isEmpty();
        assertThat(config.toString()).doesNotContain("admin");
    }

    @Test
    void idComesFromTheKarafFileName() {
        assertThat(EmulatorConfigParser.nameFromPid(props("felix.fileinstall.filename",
                "file:/opt/karaf/etc/org.actionbridge.emulator-door1.cfg", "service.pid", "x.y.z"))).isEqualTo("door1");
        assertThat(EmulatorConfigParser.nameFromFile("conf/hall.properties")).contains("hall");
    }

    @Test
    void aDeviceListensOnLoopbackUnlessExposedOnPurpose() {
        for (String address : new String[] { "0.0.0.0", "192.0.2.1", "10.1.2.3" }) {
            EmulatorConfigParser.Result result = EmulatorConfigParser.parse(props("id", "desk1", "bindAddress", address));
            assertThat(result.configuration()).as(address).isEmpty();
            assertThat(String.join("\n", result.problems())).contains("bindAddress '" + address
                    + "' is not a loopback address", "exposeOnNetwork = true");
        }
        assertThat(EmulatorConfigParser.parse(props("id", "desk1", "bindAddress", "127.0.10.1")).configuration())
                .isPresent();
        assertThat(EmulatorConfigParser.parse(props("id", "desk1", "bindAddress", "0.0.0.0", "exposeOnNetwork", "true"))
                .configuration()).isPresent();
    }

    @Test
    void everyBadKeyIsNamed() {
        EmulatorConfigParser.Result result = EmulatorConfigParser.parse(props("id", "bad id", "type", "fax",
                "bindAddress", "localhost", "httpPort", "99999", "sipPort", "x", "allowedIps", "10.0.0.0/33,nope",
                "sipServer", "pbx.example.org", "mac", "zz", "doorCode", "12 34", "doorOpenSeconds", "-1",
                "actionUrl.no_such_event", "http://h/x", "actionUrl.dnd_enabled", "ftp://h/x", "actionUrlBase",
                "http://h/a?b"));
        assertThat(result.configuration()).isEmpty();
        assertThat(String.join("\n", result.problems())).contains("id 'bad id'", "type 'fax'", "bindAddress 'localhost'",
                "httpPort '99999'", "sipPort 'x'", "allowedIps: '10.0.0.0/33'", "allowedIps: 'nope'",
                "sipServer 'pbx.example.org'", "mac:", "doorCode:", "doorOpenSeconds '-1'",
                "actionUrl.no_such_event", "actionUrl.dnd_enabled", "actionUrlBase:");
    }

    @Test
    void baseGivesEveryEventAndPerEventTemplatesOverride() {
        EmulatorConfig config = EmulatorConfigParser.parse(props("id", "d", "actionUrlBase",
                "http://127.0.0.1:8181/actionurl/T/", "actionUrl.incoming_call", "http://h/in?n=$remote_number",
                "actionUrl.sms", "")).configuration().orElseThrow();
        assertThat(config.actionUrls()).hasSize(ActionEvent.values().length - 1).doesNotContainKey(ActionEvent.SMS);
        assertThat(config.actionUrls().get(ActionEvent.INCOMING_CALL).template()).isEqualTo("http://h/in?n=$remote_number");
        assertThat(config.actionUrls().get(ActionEvent.DND_ENABLED).template())
                .startsWith("http://127.0.0.1:8181/actionurl/T/dnd_enabled?mac=$mac&ip=$ip");
    }

    @Test
    void x4ModelsUseTheX3X4Variables() {
        assertThat(EmulatorConfigParser.parse(props("id", "d", "model", "X4U")).configuration().orElseThrow().series())
                .isEqualTo(PhoneModelSeries.X3_X4);
        assertThat(EmulatorConfigParser.parse(props("id", "d", "model", "i20S", "series", "x3x4")).configuration()
                .orElseThrow().series()).isEqualTo(PhoneModelSeries.X3_X4);
    }

    @Test
    void sameHttpAndSipPortOnlyWithoutSipTcp() {
        assertThat(EmulatorConfigParser.parse(props("id", "d", "httpPort", "5060")).problems())
                .anyMatch(p -> p.contains("both 5060"));
        assertThat(EmulatorConfigParser.parse(props("id", "d", "httpPort", "5060", "sipTcp", "false")).problems())
                .isEmpty();
    }

    @Test
    void sourceRulesOfSpec32() {
        EmulatorConfig open = EmulatorConfigParser.parse(props("id", "d")).configuration().orElseThrow();
        assertThat(open.httpSourceAllowed(Ipv4.parse("192.0.2.1").orElseThrow())).isTrue();
        assertThat(open.sipSourceAllowed(Ipv4.parse("192.0.2.1").orElseThrow())).isFalse();
        assertThat(open.sipSourceAllowed(Ipv4.parse("127.0.0.1").orElseThrow())).as("the registrar").isTrue();
        EmulatorConfig listed = EmulatorConfigParser.parse(props("id", "d", "allowedIps", "192.0.2.0/24"))
                .configuration().orElseThrow();
        assertThat(listed.httpSourceAllowed(Ipv4.parse("192.0.2.9").orElseThrow())).isTrue();
        assertThat(listed.httpSourceAllowed(Ipv4.parse("127.0.0.1").orElseThrow())).isFalse();
        assertThat(listed.sipSourceAllowed(Ipv4.parse("192.0.2.9").orElseThrow())).isTrue();
        assertThat(listed.sipSourceAllowed(Ipv4.parse("127.0.0.1").orElseThrow())).isTrue();
    }
}
