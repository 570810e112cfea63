package org.actionbridge.mqtt.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.actionbridge.core.Channels;
import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingType;

/**
 * Home Assistant MQTT discovery: one device per thing, with entities fitting its channels, all retained
 * under {@code {prefix}/{component}/actionbridge_{thing}/{object}/config}. A thing's entities depend on its
 * type only, so the same list with empty payloads removes them.
 */
final class HomeAssistantDiscovery {

    static final String BRIDGE_DEVICE = "actionbridge_bridge";

    static final List<String> CALL_EVENTS = List.of("incoming_call", "outgoing_call", "call_established",
            "call_terminated", "missed_call", "call_hold", "call_resume", "call_transfer", "unattended_transfer",
            "attended_transfer");
    static final List<String> REGISTRATION_EVENTS = List.of("registration_succeeded", "registration_disabled",
            "registration_failed");
    static final List<String> DOOR_EVENTS = List.of("door_opened", "door_closed", "door_sensor_1", "door_sensor_2",
            "tamper");

    private final String prefix;
    private final Topics topics;
    private final int qos;

    HomeAssistantDiscovery(String prefix, Topics topics, int qos) {
        String trimmed = Topics.prefix(prefix);
        Optional<String> problem = Topics.prefixProblem(trimmed);
        if (problem.isPresent()) { // MqttConfigCheck refuses such a configuration before the bridge gets here
            throw new IllegalArgumentException("discoveryPrefix '" + prefix + "' " + problem.get());
        }
        this.prefix = trimmed;
        this.topics = topics;
        this.qos = qos;
    }

    /** The topic Home Assistant announces itself on ({@code online} after a restart). */
    String statusTopic() {
        return prefix + "/status";
    }

    /** The bridge's own device: a connectivity sensor on the bridge availability. */
    Publication bridge() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", "Bridge");
        config.put("unique_id", BRIDGE_DEVICE + "_connectivity");
        config.put("object_id", BRIDGE_DEVICE + "_connectivity");
        config.put("state_topic", topics.bridgeAvailability());
        config.put("payload_on", Topics.ONLINE);
        config.put("payload_off", Topics.OFFLINE);
        config.put("device_class", "connectivity");
        config.put("entity_category", "diagnostic");
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("identifiers", List.of(BRIDGE_DEVICE));
        device.put("name", "ActionBridge");
        device.put("manufacturer", "ActionBridge");
        device.put("model", "Fanvil MQTT bridge");
        config.put("device", device);
        return Publication.state(prefix + "/binary_sensor/" + BRIDGE_DEVICE + "/connectivity/config",
                Json.write(config), qos);
    }

    /** Every discovery message of a thing. */
    List<Publication> configs(Thing thing) {
        List<Publication> out = new ArrayList<>();
        for (Entity entity : entities(thing.id(), thing.type())) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("name", entity.name);
            config.put("unique_id", node(thing.id()) + "_" + entity.object);
            config.put("object_id", node(thing.id()) + "_" + entity.object);
            config.putAll(entity.fields);
            config.put("availability", List.of(Map.of("topic", topics.bridgeAvailability()),
                    Map.of("topic", topics.availability(thing.id()))));
            config.put("availability_mode", "all");
            config.put("payload_available", Topics.ONLINE);
            config.put("payload_not_available", Topics.OFFLINE);
            config.put("qos", qos);
            config.put("device", device(thing));
            out.add(Publication.state(entity.topic, Json.write(config), qos));
        }
        return out;
    }

    /** Empty retained payloads on every discovery topic of a thing: Home Assistant removes its entities. */
    List<Publication> removals(String thingId, ThingType type) {
        List<Publication> out = new ArrayList<>();
        for (Entity entity : entities(thingId, type)) {
            out.add(Publication.state(entity.topic, "", qos));
        }
        return out;
    }

    private Map<String, Object> device(Thing thing) {
        Map<String, Object> device = new LinkedHashMap<>();
        List<String> identifiers = new ArrayList<>();
        identifiers.add(node(thing.id()));
        String mac = thing.configuration().map(PhoneConfiguration::mac).orElse("");
        if (!mac.isEmpty()) {
            identifiers.add("fanvil_" + mac);
            device.put("connections", List.of(List.of("mac", colons(mac))));
        }
        device.put("identifiers", identifiers);
        device.put("name", thing.label());
        device.put("manufacturer", "Fanvil");
        device.put("model", thing.state(Channels.MODEL).orElse(thing.type() == ThingType.INTERCOM ? "Intercom" : "Phone"));
        thing.state(Channels.FIRMWARE).ifPresent(firmware -> device.put("sw_version", firmware));
        device.put("via_device", BRIDGE_DEVICE);
        return device;
    }

    private static String colons(String mac) {
        if (mac.length() != 12) {
            return mac;
        }
        StringBuilder out = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                out.append(':');
            }
            out.append(mac, i, i + 2);
        }
        return out.toString();
    }

    static String node(String thingId) {
        return "actionbridge_" + thingId;
    }

    /** One Home Assistant entity: its discovery topic, object id, name and component-specific fields. */
    private record Entity(String topic, String object, String name, Map<String, Object> fields) {
    }

    private List<Entity> entities(String id, ThingType type) {
        List<Entity> list = new ArrayList<>();
        String event = topics.event(id);
        String template = "{{ {'event_type': value_json.event} | tojson }}";
        list.add(entity(id, "event", "calls", "Calls", "event_types", CALL_EVENTS, "state_topic", event,
                "value_template", template, "icon", "mdi:phone"));
        list.add(entity(id, "event", "registration_events", "Registration", "event_types", REGISTRATION_EVENTS,
                "state_topic", event, "value_template", template, "icon", "mdi:account-network"));

        list.add(binary(id, "registered", "Registered", Channels.REGISTRATION, "REGISTERED", "connectivity"));
        list.add(binary(id, "off_hook", "Off hook", Channels.HOOK, "OFF_HOOK", null));
        list.add(entity(id, "binary_sensor", "in_call", "In call", "state_topic", topics.channel(id, Channels.CALL_STATE),
                "value_template", "{{ 'OFF' if value == 'IDLE' else 'ON' }}", "icon", "mdi:phone-in-talk"));
        list.add(binary(id, "muted", "Muted", Channels.MUTE, "ON", null));
        list.add(binary(id, "dnd", "Do not disturb", Channels.DND, "ON", null));

        list.add(entity(id, "sensor", "call_state", "Call state", "state_topic", topics.channel(id, Channels.CALL_STATE),
                "device_class", "enum", "options", Channels.CALL_STATES));
        list.add(entity(id, "sensor", "remote_number", "Remote number", "state_topic",
                topics.channel(id, Channels.REMOTE_NUMBER), "icon", "mdi:card-account-phone"));
        list.add(entity(id, "sensor", "remote_name", "Remote name", "state_topic",
                topics.channel(id, Channels.REMOTE_NAME), "icon", "mdi:account"));
        list.add(entity(id, "sensor", "missed_calls", "Missed calls", "state_topic",
                topics.channel(id, Channels.MISSED_CALLS), "state_class", "total", "icon", "mdi:phone-missed"));
        list.add(entity(id, "sensor", "ip_address", "IP address", "state_topic", topics.channel(id, Channels.IP_ADDRESS),
                "entity_category", "diagnostic", "icon", "mdi:ip-network"));
        list.add(entity(id, "sensor", "firmware", "Firmware", "state_topic", topics.channel(id, Channels.FIRMWARE),
                "entity_category", "diagnostic"));

        list.add(toggle(id, "dnd_switch", "Do not disturb", Channels.DND, "mdi:minus-circle"));
        list.add(toggle(id, "mute_switch", "Mute", Channels.MUTE, "mdi:microphone-off"));

        list.add(button(id, "answer", "Answer", Channels.ANSWER, "mdi:phone"));
        list.add(button(id, "hangup", "Hang up", Channels.HANGUP, "mdi:phone-hangup"));
        list.add(entity(id, "button", "hold", "Hold", "command_topic", topics.set(id, Channels.HOLD), "payload_press",
                "TOGGLE", "icon", "mdi:phone-paused"));
        list.add(entity(id, "button", "reboot", "Reboot", "command_topic", topics.set(id, Channels.REBOOT),
                "payload_press", "PRESS", "device_class", "restart", "entity_category", "config"));

        list.add(entity(id, "text", "dial", "Dial", "command_topic", topics.set(id, Channels.DIAL), "min", 1, "max", 64,
                "pattern", "[0-9*#+A-Za-z@._:-]+", "icon", "mdi:dialpad"));
        list.add(entity(id, "text", "key", "Key sequence", "command_topic", topics.set(id, Channels.KEY), "min", 1,
                "max", 255, "enabled_by_default", false, "icon", "mdi:keyboard"));

        if (type == ThingType.INTERCOM) {
            list.add(entity(id, "event", "door_events", "Door", "event_types", DOOR_EVENTS, "state_topic", event,
                    "value_template", template, "icon", "mdi:door"));
            list.add(entity(id, "binary_sensor", "door", "Door", "state_topic", topics.channel(id, Channels.DOOR),
                    "value_template", "{{ 'ON' if value == 'OPEN' else 'OFF' }}", "device_class", "door"));
            list.add(binary(id, "tamper", "Tamper", Channels.TAMPER, "ON", "tamper"));
            // opening needs the door code: Home Assistant sends what is typed, the code never lands in a retained topic
            list.add(entity(id, "text", "open_door", "Open door (code)", "command_topic",
                    topics.set(id, Channels.OPEN_DOOR), "mode", "password", "min", 1, "max", 32, "icon", "mdi:door-open"));
        }
        return list;
    }

    private Entity binary(String id, String object, String name, String channel, String onValue, String deviceClass) {
        if (deviceClass == null) {
            return entity(id, "binary_sensor", object, name, "state_topic", topics.channel(id, channel),
                    "value_template", "{{ 'ON' if value == '" + onValue + "' else 'OFF' }}");
        }
        return entity(id, "binary_sensor", object, name, "state_topic", topics.channel(id, channel), "value_template",
                "{{ 'ON' if value == '" + onValue + "' else 'OFF' }}", "device_class", deviceClass);
    }

    private Entity toggle(String id, String object, String name, String channel, String icon) {
        return entity(id, "switch", object, name, "state_topic", topics.channel(id, channel), "command_topic",
                topics.set(id, channel), "payload_on", "ON", "payload_off", "OFF", "state_on", "ON", "state_off", "OFF",
                "icon", icon);
    }

    private Entity button(String id, String object, String name, String command, String icon) {
        return entity(id, "button", object, name, "command_topic", topics.set(id, command), "payload_press", "PRESS",
                "icon", icon);
    }

    private Entity entity(String id, String component, String object, String name, Object... fields) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            map.put((String) fields[i], fields[i + 1]);
        }
        return new Entity(prefix + "/" + component + "/" + node(id) + "/" + object + "/config", object, name, map);
    }
}
