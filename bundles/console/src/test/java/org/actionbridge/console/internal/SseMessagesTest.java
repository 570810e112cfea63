package org.actionbridge.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.actionbridge.core.ThingEvents;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class SseMessagesTest {

    private static Event event(String topic, Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>(properties);
        all.put(ThingEvents.THING_ID, "desk1");
        return new Event(topic, all);
    }

    @Test
    void aStateChangeIsAStateMessage() {
        SseMessages.Message message = SseMessages.of(event(ThingEvents.CHANNEL_STATE,
                Map.of(ThingEvents.CHANNEL, "call-state", ThingEvents.VALUE, "RINGING", ThingEvents.PREVIOUS, "IDLE")))
                .orElseThrow();
        assertThat(message.thingId()).contains("desk1");
        assertThat(new String(message.bytes(7), StandardCharsets.UTF_8)).isEqualTo("id: 7\nevent: state\ndata: "
                + "{\"thing\":\"desk1\",\"channel\":\"call-state\",\"value\":\"RINGING\",\"previous\":\"IDLE\"}\n\n");
    }

    @Test
    void aTriggerCarriesTheWireNameAndVariables() {
        String json = SseMessages.of(event(ThingEvents.CHANNEL_TRIGGER, Map.of(ThingEvents.CHANNEL, "event",
                ThingEvents.EVENT, "incoming_call", ThingEvents.SEQUENCE, 3L, ThingEvents.TIMESTAMP, 1000L,
                ThingEvents.VARIABLES, Map.of("remote", "100\n")))).orElseThrow().json();
        assertThat(json).isEqualTo("{\"thing\":\"desk1\",\"event\":\"incoming_call\",\"seq\":3,\"ts\":1000,"
                + "\"vars\":{\"remote\":\"100\\n\"}}");
    }

    @Test
    void aCommandResultKeepsItsError() {
        String json = SseMessages.of(event(ThingEvents.COMMAND_RESULT, Map.of(ThingEvents.COMMAND, "dial",
                ThingEvents.VALUE, "0", ThingEvents.OK, false, ThingEvents.ERROR, "UNREACHABLE", ThingEvents.MESSAGE,
                "refused", ThingEvents.TRANSPORT, "http", ThingEvents.DURATION_MS, 5L, ThingEvents.SOURCE, "mqtt")))
                .orElseThrow().json();
        assertThat(json).contains("\"ok\":false", "\"error\":\"UNREACHABLE\"", "\"durationMs\":5", "\"source\":\"mqtt\"");
    }

    @Test
    void aDoorCodeIsNotStreamedToEveryReaderButTheCorrelationIs() {
        String json = SseMessages.of(event(ThingEvents.COMMAND_RESULT, Map.of(ThingEvents.COMMAND, "open-door",
                ThingEvents.VALUE, "4711", ThingEvents.OK, true, ThingEvents.MESSAGE, "done", ThingEvents.TRANSPORT,
                "http", ThingEvents.DURATION_MS, 5L, ThingEvents.SOURCE, "api", ThingEvents.CORRELATION, "c-17")))
                .orElseThrow().json();
        assertThat(json).contains("\"value\":\"***\"", "\"correlation\":\"c-17\"").doesNotContain("4711");
    }

    @Test
    void thingLifecycleAndStatusAreCarried() {
        assertThat(SseMessages.of(event(ThingEvents.THING_REMOVED, Map.of())).orElseThrow().json())
                .isEqualTo("{\"thing\":\"desk1\",\"change\":\"REMOVED\"}");
        assertThat(SseMessages.of(event(ThingEvents.THING_STATUS, Map.of(ThingEvents.STATUS, "OFFLINE")))
                .orElseThrow().type()).isEqualTo("status");
    }

    @Test
    void otherTopicsAreNotStreamed() {
        assertThat(SseMessages.of(event("org/actionbridge/other/THING", Map.of()))).isEmpty();
    }
}
