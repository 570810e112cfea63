package org.actionbridge.mqtt.internal;

import java.util.Optional;

/** The topic layout of DESIGN.md under one base topic, and the parsing of command topics. */
final class Topics {

    static final String ONLINE = "online";
    static final String OFFLINE = "offline";
    static final String SET = "set";

    private final String base;

    Topics(String base) {
        String trimmed = prefix(base);
        Optional<String> problem = prefixProblem(trimmed);
        if (problem.isPresent()) { // MqttConfigCheck refuses such a configuration before the bridge gets here
            throw new IllegalArgumentException("baseTopic '" + base + "' " + problem.get());
        }
        this.base = trimmed;
    }

    /** A configured topic prefix as used: without surrounding blanks and trailing {@code /}. */
    static String prefix(String configured) {
        String trimmed = configured == null ? "" : configured.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    /**
     * Why {@code prefix} (as {@link #prefix(String)} returns it) cannot begin the bridge's topics and
     * subscription filters, in words for an operator; empty when it can.
     */
    static Optional<String> prefixProblem(String prefix) {
        if (prefix.isEmpty()) {
            return Optional.of("is empty");
        }
        if (prefix.contains("+") || prefix.contains("#")) {
            return Optional.of("contains a wildcard (+ or #)");
        }
        if (prefix.startsWith("$")) {
            return Optional.of("starts with $ (topics of the broker itself)");
        }
        return invalidCharacter(prefix).map(c -> "contains " + c);
    }

    /**
     * The first character of {@code text} that MQTT 5 does not allow in a string (1.5.4) and Paho refuses to
     * send, described ("the control character U+0009"); empty when there is none.
     */
    static Optional<String> invalidCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, text.charAt(++i));
                if ((codePoint & 0xFFFE) == 0xFFFE) {
                    return Optional.of(String.format("the non-character U+%04X", codePoint));
                }
            } else if (Character.isSurrogate(c)) {
                return Optional.of(String.format("an unpaired surrogate U+%04X", (int) c));
            } else if (Character.isISOControl(c)) {
                return Optional.of(String.format("the control character U+%04X", (int) c));
            } else if (c >= 0xFDD0 && c <= 0xFDDF || c >= 0xFFFE) {
                return Optional.of(String.format("the non-character U+%04X", (int) c));
            }
        }
        return Optional.empty();
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
