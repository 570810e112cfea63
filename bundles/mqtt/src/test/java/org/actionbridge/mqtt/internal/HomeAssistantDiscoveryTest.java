package org.actionbridge.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingStatusInfo;
import org.actionbridge.core.ThingType;
import org.actionbridge.core.ThingUID;
import org.actionbridge.core.TransportMode;
import org.junit.jupiter.api.Test;

class HomeAssistantDiscoveryTest {

    private final HomeAssistantDiscovery discovery = new HomeAssistantDiscovery("homeassistant",
            new Topics("actionbridge"), 1);

    private static Thing thing(ThingType type) {
        return new Thing(new ThingUID(type, "door1"), "Front door", Optional.empty(), ThingStatusInfo.UNKNOWN, "",
                Map.of("model", "i10", "firmware", "2.12"), Optional.empty());
    }

    @Test
    void removalsClearExactlyTheTopicsThatWereConfigured() {
        for (ThingType type : ThingType.values()) {
            List<String> configured = discovery.configs(thing(type)).stream().map(Publication::topic)
                    .collect(Collectors.toList());
            List<Publication> removals = discovery.removals("door1", type);
            assertThat(removals).extracting(Publication::topic).containsExactlyElementsOf(configured);
            assertThat(removals).allMatch(p -> p.retained() && p.payload().length == 0);
        }
    }

    @Test
    void intercomsGetDoorEntitiesAndPhonesDoNot() {
        List<String> intercom = discovery.configs(thing(ThingType.INTERCOM)).stream().map(Publication::topic)
                .collect(Collectors.toList());
        List<String> phone = discovery.configs(thing(ThingType.PHONE)).stream().map(Publication::topic)
                .collect(Collectors.toList());
        assertThat(intercom).contains("homeassistant/binary_sensor/actionbridge_door1/door/config",
                "homeassistant/binary_sensor/actionbridge_door1/tamper/config",
                "homeassistant/event/actionbridge_door1/door_events/config");
        assertThat(phone).noneMatch(t -> t.contains("/door") || t.contains("tamper"));
    }

    @Test
    void deviceCarriesModelFirmwareAndTheBridge() {
        String payload = discovery.configs(thing(ThingType.PHONE)).get(0).payloadText();
        assertThat(payload).contains("\"manufacturer\":\"Fanvil\"", "\"model\":\"i10\"", "\"sw_version\":\"2.12\"",
                "\"via_device\":\"actionbridge_bridge\"");
    }

    private static String config(List<Publication> publications, String topicEnd) {
        return publications.stream().filter(p -> p.topic().endsWith(topicEnd)).findFirst().orElseThrow().payloadText();
    }

    @Test
    void aConfiguredMacBecomesTheDevicesConnection() {
        PhoneConfiguration withMac = new PhoneConfiguration("desk1", ThingType.PHONE, "Desk", "127.0.0.5", 80, false,
                "0c383e000001", "admin", "pw", TransportMode.HTTP, 5060);
        Thing known = new Thing(new ThingUID(ThingType.PHONE, "desk1"), "Desk", Optional.of(withMac),
                ThingStatusInfo.UNKNOWN, "", Map.of(), Optional.empty());
        assertThat(config(discovery.configs(known), "/dnd/config")).contains(
                "\"connections\":[[\"mac\",\"0c:38:3e:00:00:01\"]]",
                "\"identifiers\":[\"actionbridge_desk1\",\"fanvil_0c383e000001\"]", "\"model\":\"Phone\"")
                .doesNotContain("sw_version");

        String withoutMac = config(discovery.configs(thing(ThingType.INTERCOM)), "/dnd/config");
        assertThat(withoutMac).contains("\"identifiers\":[\"actionbridge_door1\"]").doesNotContain("connections");
    }

    @Test
    void binarySensorsCarryADeviceClassOnlyWhereOneFits() {
        List<Publication> configs = discovery.configs(thing(ThingType.PHONE));
        assertThat(config(configs, "/registered/config")).contains("\"device_class\":\"connectivity\"",
                "\"value_template\":\"{{ 'ON' if value == 'REGISTERED' else 'OFF' }}\"");
        assertThat(config(configs, "/binary_sensor/actionbridge_door1/dnd/config")).doesNotContain("device_class")
                .contains("\"state_topic\":\"actionbridge/door1/dnd\"");
        assertThat(config(configs, "/button/actionbridge_door1/answer/config")).contains(
                "\"command_topic\":\"actionbridge/door1/answer/set\"", "\"payload_press\":\"PRESS\"")
                .doesNotContain("device_class");
    }

    @Test
    void theBridgeIsADeviceOfItsOwnUnderTheChosenPrefix() {
        HomeAssistantDiscovery custom = new HomeAssistantDiscovery(" ha ", new Topics("ab"), 0);
        assertThat(custom.statusTopic()).isEqualTo("ha/status");
        Publication bridge = custom.bridge();
        assertThat(bridge.topic()).isEqualTo("ha/binary_sensor/actionbridge_bridge/connectivity/config");
        assertThat(bridge.retained()).isTrue();
        assertThat(bridge.payloadText()).contains("\"state_topic\":\"ab/bridge/availability\"",
                "\"device_class\":\"connectivity\"");
        assertThat(custom.configs(thing(ThingType.PHONE))).allSatisfy(p -> {
            assertThat(p.topic()).startsWith("ha/");
            assertThat(p.payloadText()).contains("\"qos\":0");
        });
        assertThat(new HomeAssistantDiscovery("ha/", new Topics("ab"), 1).statusTopic()).isEqualTo("ha/status");
    }

    @Test
    void refusesAPrefixThatCannotBeginATopic() {
        // MqttConfigCheck reports these as bad values before the bridge starts; this is the last guard
        for (String prefix : new String[] {"  ", "home+x", "ha/#", "$SYS"}) {
            assertThatThrownBy(() -> new HomeAssistantDiscovery(prefix, new Topics("ab"), 1)).as(prefix)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("discoveryPrefix");
        }
    }
}
