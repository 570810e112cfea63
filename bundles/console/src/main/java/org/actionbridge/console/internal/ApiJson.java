package org.actionbridge.console.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.actionbridge.actionurl.InboxEntry;
import org.actionbridge.core.ChannelDefinition;
import org.actionbridge.core.Channels;
import org.actionbridge.core.CommandResult;
import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.Thing;
import org.actionbridge.protocol.ActionUrlGenerator.ActionUrlLine;

/** The JSON shapes of the API: things, command results, Action URL lines, inbox entries. */
final class ApiJson {

    private ApiJson() {
    }

    /** A thing: identity, status, the non-secret part of its configuration, channel states, commands. */
    static Map<String, Object> thing(Thing thing) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", thing.id());
        json.put("uid", thing.uid().toString());
        json.put("type", thing.type().id());
        json.put("label", thing.label());
        json.put("status", thing.status().status().name());
        json.put("statusDetail", thing.status().detail().name());
        json.put("statusMessage", thing.status().message());
        json.put("host", thing.configuration().map(PhoneConfiguration::host).orElse(""));
        json.put("mac", thing.configuration().map(PhoneConfiguration::mac).orElse(""));
        json.put("transport", thing.configuration().map(c -> c.transport().id()).orElse(""));
        json.put("ipAddress", thing.ipAddress());
        json.put("lastSeen", thing.lastSeen().map(Object::toString));
        Map<String, Object> states = new LinkedHashMap<>();
        List<String> commands = new ArrayList<>();
        for (ChannelDefinition channel : Channels.of(thing.type()).values()) {
            thing.state(channel.id()).ifPresent(value -> states.put(channel.id(), value));
            if (channel.acceptsCommands()) {
                commands.add(channel.id());
            }
        }
        json.put("states", states);
        json.put("commands", commands);
        return json;
    }

    /** A command's result, as on MQTT: ok, error, message, transport, durationMs. */
    static Map<String, Object> result(CommandResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("thing", result.request().thingId());
        json.put("command", result.request().command());
        json.put("value", result.request().value());
        json.put("ok", result.ok());
        json.put("error", result.error().map(Enum::name));
        json.put("message", result.message());
        json.put("transport", result.transport());
        json.put("durationMs", result.duration().toMillis());
        json.put("correlation", result.request().correlation());
        return json;
    }

    static Map<String, Object> actionUrls(String thingId, String base, List<ActionUrlLine> lines) {
        List<Object> list = new ArrayList<>();
        for (ActionUrlLine line : lines) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("event", line.event().wireName());
            json.put("label", line.label());
            json.put("url", line.url());
            list.add(json);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("thing", thingId);
        json.put("base", base);
        json.put("lines", list);
        return json;
    }

    static Map<String, Object> inboxEntry(InboxEntry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key", entry.key());
        json.put("mac", entry.mac());
        json.put("ip", entry.ip());
        json.put("model", entry.model());
        json.put("firmware", entry.firmware());
        json.put("firstSeen", entry.firstSeen().toString());
        json.put("lastSeen", entry.lastSeen().toString());
        json.put("lastEvent", entry.lastEvent());
        json.put("requests", entry.requests());
        return json;
    }
}
