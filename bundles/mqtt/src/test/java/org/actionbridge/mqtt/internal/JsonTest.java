package org.actionbridge.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.actionbridge.core.ThingEvents;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class JsonTest {

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertThat(Json.write("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
    }

    @Test
    void escapesWhereverTheCharacterStandsAndCopiesPlainTextWhole() {
        assertThat(Json.write("plain 127.0.0.1 +49-30")).isEqualTo("\"plain 127.0.0.1 +49-30\"");
        assertThat(Json.write("\"start")).isEqualTo("\"\\\"start\"");
        assertThat(Json.write("end\\")).isEqualTo("\"end\\\\\"");
        assertThat(Json.write("a\u2028b\u2029\tc\r")).isEqualTo("\"a\\u2028b\\u2029\\tc\\r\"");
        assertThat(Json.write("")).isEqualTo("\"\"");
    }

    @Test
    void anEventIsWrittenWithItsVariablesSortedByName() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ThingEvents.EVENT, "incoming_call");
        properties.put(ThingEvents.TIMESTAMP, 1_700_000_000_123L);
        properties.put(ThingEvents.SEQUENCE, 42L);
        properties.put(ThingEvents.VARIABLES, Map.of("remote", "\"Boss\" <100>", "mac", "0c383e010203", "call_id", "7"));
        Event event = new Event(ThingEvents.CHANNEL_TRIGGER, properties);

        assertThat(MqttBridge.eventJson(event)).isEqualTo("{\"event\":\"incoming_call\",\"ts\":1700000000123,\"seq\":42,"
                + "\"vars\":{\"call_id\":\"7\",\"mac\":\"0c383e010203\",\"remote\":\"\\\"Boss\\\" <100>\"}}");

        properties.put(ThingEvents.VARIABLES, Map.of());
        properties.remove(ThingEvents.SEQUENCE);
        assertThat(MqttBridge.eventJson(new Event(ThingEvents.CHANNEL_TRIGGER, properties)))
                .isEqualTo("{\"event\":\"incoming_call\",\"ts\":1700000000123,\"seq\":0,\"vars\":{}}");
    }

    @Test
    void writesNestedMapsListsNumbersBooleansAndNull() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("ok", true);
        map.put("n", 7L);
        map.put("list", List.of("x", 1));
        map.put("none", null);
        assertThat(Json.write(map)).isEqualTo("{\"ok\":true,\"n\":7,\"list\":[\"x\",1],\"none\":null}");
    }
}
