package org.actionbridge.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingStatusInfo;
import org.actionbridge.core.ThingType;
import org.actionbridge.core.ThingUID;
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
}
