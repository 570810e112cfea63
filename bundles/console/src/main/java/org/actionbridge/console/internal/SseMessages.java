package org.actionbridge.console.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.actionbridge.core.Channels;
import org.actionbridge.core.ThingEvents;
import org.osgi.service.event.Event;

/**
 * Turns the core's EventAdmin events into Server-Sent Events: {@code state}, {@code trigger},
 * {@code status}, {@code thing} and {@code result}, each with a JSON object as data.
 */
final class SseMessages {

    /** An SSE message about one thing (or none). */
    record Message(Optional<String> thingId, String type, String json) {
        byte[] bytes(long id) {
            return ("id: " + id + "\nevent: " + type + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
        }
    }

    private SseMessages() {
    }

    /** The message for an event, or empty for topics the stream does not carry. */
    static Optional<Message> of(Event event) {
        String thing = string(event, ThingEvents.THING_ID);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("thing", thing);
        String type;
        switch (event.getTopic()) {
            case ThingEvents.CHANNEL_STATE -> {
                type = "state";
                data.put("channel", string(event, ThingEvents.CHANNEL));
                data.put("value", string(event, ThingEvents.VALUE));
                data.put("previous", event.getProperty(ThingEvents.PREVIOUS) == null ? null
                        : string(event, ThingEvents.PREVIOUS));
            }
            case ThingEvents.CHANNEL_TRIGGER -> {
                type = "trigger";
                data.put("event", string(event, ThingEvents.EVENT));
                data.put("seq", event.getProperty(ThingEvents.SEQUENCE));
                data.put("ts", event.getProperty(ThingEvents.TIMESTAMP));
                Object variables = event.getProperty(ThingEvents.VARIABLES);
                data.put("vars", variables instanceof Map<?, ?> map ? map : Map.of());
            }
            case ThingEvents.THING_STATUS -> {
                type = "status";
                data.put("status", string(event, ThingEvents.STATUS));
                data.put("detail", string(event, ThingEvents.STATUS_DETAIL));
                data.put("message", string(event, ThingEvents.STATUS_MESSAGE));
            }
            case ThingEvents.THING_ADDED, ThingEvents.THING_UPDATED, ThingEvents.THING_REMOVED -> {
                type = "thing";
                data.put("change", event.getTopic().substring(event.getTopic().lastIndexOf('/') + 1));
            }
            case ThingEvents.COMMAND_RESULT -> {
                type = "result";
                String command = string(event, ThingEvents.COMMAND);
                data.put("command", command);
                // every signed-in user may read the stream; a door code is for those who may open the door
                data.put("value", command.equals(Channels.OPEN_DOOR) ? "***" : string(event, ThingEvents.VALUE));
                data.put("ok", Boolean.TRUE.equals(event.getProperty(ThingEvents.OK)));
                data.put("error", event.getProperty(ThingEvents.ERROR) == null ? null
                        : string(event, ThingEvents.ERROR));
                data.put("message", string(event, ThingEvents.MESSAGE));
                data.put("transport", string(event, ThingEvents.TRANSPORT));
                data.put("durationMs", event.getProperty(ThingEvents.DURATION_MS));
                data.put("source", string(event, ThingEvents.SOURCE));
                data.put("correlation", event.getProperty(ThingEvents.CORRELATION) == null ? null
                        : string(event, ThingEvents.CORRELATION));
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(new Message(thing.isEmpty() ? Optional.empty() : Optional.of(thing), type,
                Json.write(data)));
    }

    private static String string(Event event, String property) {
        Object value = event.getProperty(property);
        return value == null ? "" : value.toString();
    }
}
