package org.actionbridge.mqtt.internal;

import java.util.Optional;

/** The topic layout of DESIGN.md under one base topic, and the parsing of command topics. */
final class Topics {

    static final String ONLINE = "online";
    static final String OFFLINE = "offline";
    static final String SET = "set";

    private final String base;

    Topics(String base) {
        String trimmed = base == null ? "" : base.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.isEmpty() || trimmed.contains("+") || trimmed.contains("#") || trimmed.startsWith("$")) {
            throw new IllegalArgumentException("baseTopic must be a topic without wildcards: '" + base + "'");
        }
        this.base = trimmed;
    }

    String base() {
        return base;
    }

    String bridgeAvailability() {
        return base + "/bridge/availability";
    }

    String availability(String thingId) {
        return base + "/" + thingId + "/availability";
    }

    String channel(String thingId, String channelId) {
        return base + "/" + thingId + "/" + channelId;
    }

    String event(String thingId) {
        return base + "/" + thingId + "/event";
    }

    String set(String thingId, String command) {
        return base + "/" + thingId + "/" + command + "/" + SET;
    }

    String commandResult(String thingId) {
        return base + "/" + thingId + "/command/result";
    }

    /** The filter the bridge subscribes to for commands. */
    String setFilter() {
        return base + "/+/+/" + SET;
    }

    /** A command topic split into thing and command; empty when the topic is not {@code {base}/{thing}/{command}/set}. */
    Optional<CommandTopic> parseSet(String topic) {
        if (topic == null || !topic.startsWith(base + "/")) {
            return Optional.empty();
        }
        String[] parts = topic.substring(base.length() + 1).split("/", -1);
        if (parts.length != 3 || !SET.equals(parts[2]) || parts[0].isEmpty() || parts[1].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CommandTopic(parts[0], parts[1]));
    }

    /** The thing and command segments of a set topic, as received (not yet validated). */
    record CommandTopic(String thingId, String command) {
    }
}
