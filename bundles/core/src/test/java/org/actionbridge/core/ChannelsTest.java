package org.actionbridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The channel ids are an external contract (DESIGN.md): MQTT topics and the JSON API use them. */
class ChannelsTest {

    private static final List<String> PHONE_STATES = List.of("call-state", "call-direction", "remote-number",
            "remote-name", "call-id", "call-duration", "line", "registration", "hook", "dnd",
            "forward-unconditional", "forward-busy", "forward-no-answer", "mute", "hold", "screen", "missed-calls",
            "last-missed-number", "mwi", "last-sms", "ip-address", "model", "firmware");
    private static final List<String> INTERCOM_EXTRA = List.of("door", "door-sensor-1", "door-sensor-2", "tamper",
            "output-1", "output-2");
    private static final List<String> COMMANDS = List.of("key", "dial", "answer", "hangup", "hold", "mute", "dnd",
            "transfer", "open-door", "reboot", "display-name");

    private static List<String> ids(ThingType type, ChannelKind kind) {
        return Channels.of(type).values().stream().filter(c -> c.kind() == kind).map(ChannelDefinition::id)
                .collect(Collectors.toList());
    }

    /** DESIGN.md's list, plus last-missed-number (issue 5: "the last missed number kept"). */
    @Test
    void phoneHasExactlyTheStateChannelsOfTheDesign() {
        assertThat(ids(ThingType.PHONE, ChannelKind.STATE)).containsExactlyElementsOf(PHONE_STATES);
    }

    @Test
    void intercomAddsDoorSensorsTamperAndOutputs() {
        List<String> expected = new java.util.ArrayList<>(PHONE_STATES);
        expected.addAll(INTERCOM_EXTRA);
        assertThat(ids(ThingType.INTERCOM, ChannelKind.STATE)).containsExactlyElementsOf(expected);
    }

    @Test
    void bothTypesAcceptTheCommandsOfTheDesign() {
        for (ThingType type : ThingType.values()) {
            List<String> commands = Channels.of(type).values().stream().filter(ChannelDefinition::acceptsCommands)
                    .map(ChannelDefinition::id).collect(Collectors.toList());
            assertThat(commands).containsExactlyInAnyOrderElementsOf(COMMANDS);
        }
    }

    @Test
    void eventIsTheOnlyTrigger() {
        assertThat(ids(ThingType.PHONE, ChannelKind.TRIGGER)).containsExactly("event");
    }

    @Test
    void callStateValuesAreThoseOfTheDesign() {
        Map<String, ChannelDefinition> phone = Channels.of(ThingType.PHONE);
        assertThat(phone.get("call-state").allowedValues()).containsExactly("IDLE", "RINGING", "DIALING", "CONNECTED",
                "HELD");
        assertThat(phone.get("call-state").rejectValue("IDLE")).isEmpty();
        assertThat(phone.get("call-state").rejectValue("idle")).isPresent();
    }

    @Test
    void uidRoundTripsAndRejectsTopicUnsafeIds() {
        assertThat(ThingUID.parse("fanvil:intercom:gate-1")).contains(new ThingUID(ThingType.INTERCOM, "gate-1"));
        assertThat(ThingUID.parse("fanvil:fax:x")).isEmpty();
        assertThat(ThingUID.parse("fanvil:phone:a/b")).isEmpty();
        assertThat(ThingUID.isValidId("desk+1")).isFalse();
        assertThat(ThingUID.isValidId("desk#1")).isFalse();
        assertThat(ThingUID.isValidId("Az09_-")).isTrue();
        assertThat(ThingUID.isValidId("x".repeat(64))).isTrue();
        assertThat(ThingUID.isValidId("x".repeat(65))).isFalse();
        assertThat(ThingUID.isValidId("")).isFalse();
        assertThat(ThingUID.isValidId(null)).isFalse();
        for (String bad : new String[] { "d\u00e9sk", "desk 1", "desk.1", "desk:1", "d\u0000", "[", "`", "{", "@" }) {
            assertThat(ThingUID.isValidId(bad)).as(bad).isFalse();
        }
    }
}
