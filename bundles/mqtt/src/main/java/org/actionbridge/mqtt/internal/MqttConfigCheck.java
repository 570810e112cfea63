package org.actionbridge.mqtt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.eclipse.paho.mqttv5.client.internal.NetworkModuleService;

/**
 * Checks a whole {@link MqttConfig} before the bridge starts: every value that would make one of its topics or
 * subscriptions invalid, or that Paho or the broker would refuse on every connection, with the key, the value
 * and the rule, so that one log line tells the operator all there is to fix. Passwords are never read here.
 */
final class MqttConfigCheck {

    private static final int MAX_SHOWN = 64;

    private MqttConfigCheck() {
    }

    /** What is wrong with {@code config}, one entry per bad key; empty when the bridge may start. */
    static List<String> problems(MqttConfig config) {
        List<String> problems = new ArrayList<>();
        read(problems, "brokerUrl", config::brokerUrl).ifPresent(url -> {
            try {
                NetworkModuleService.validateURI(url.trim()); // Paho's own check, with the schemes this bundle has
            } catch (RuntimeException e) {
                problems.add("brokerUrl '" + shown(withoutUserInfo(url))
                        + "' is not tcp://host:port or ssl://host:port");
            }
        });
        read(problems, "clientId", config::clientId).ifPresent(id -> characters(problems, "clientId", id));
        read(problems, "username", config::username).ifPresent(user -> characters(problems, "username", user));
        read(problems, "baseTopic", config::baseTopic).ifPresent(base -> prefix(problems, "baseTopic", base));
        readNumber(problems, "qos", config::qos).filter(qos -> qos < 0 || qos > 2)
                .ifPresent(qos -> problems.add("qos " + qos + " is not 0, 1 or 2"));
        if (read(problems, "homeAssistantDiscovery", config::homeAssistantDiscovery).orElse(false)) {
            read(problems, "discoveryPrefix", config::discoveryPrefix)
                    .ifPresent(prefix -> prefix(problems, "discoveryPrefix", prefix));
        }
        read(problems, "sharedSubscriptionGroup", config::sharedSubscriptionGroup).map(String::trim)
                .filter(group -> !group.isEmpty()).ifPresent(group -> {
                    if (group.contains("/") || group.contains("+") || group.contains("#")) {
                        problems.add("sharedSubscriptionGroup '" + shown(group) + "' contains '/', '+' or '#'");
                    } else {
                        characters(problems, "sharedSubscriptionGroup", group);
                    }
                });
        read(problems, "trustStore", config::trustStore);
        read(problems, "trustStoreType", config::trustStoreType);
        read(problems, "hostnameVerification", config::hostnameVerification);
        // numbers outside their range are raised to the least the link works with, as before; only text that is
        // no number at all is refused (Declarative Services would throw it out of the constructor)
        readNumber(problems, "maxInflight", config::maxInflight);
        readNumber(problems, "bufferSize", config::bufferSize);
        readNumber(problems, "keepAliveSeconds", config::keepAliveSeconds);
        readNumber(problems, "connectTimeoutSeconds", config::connectTimeoutSeconds);
        readNumber(problems, "reconnectMinDelayMillis", config::reconnectMinDelayMillis);
        readNumber(problems, "reconnectMaxDelayMillis", config::reconnectMaxDelayMillis);
        return problems;
    }

    /** The one WARN line for {@code problems}. */
    static String refusal(List<String> problems) {
        return "MQTT bridge not started: etc/" + MqttBridge.PID + ".cfg has bad values: " + String.join("; ", problems)
                + ". Nothing is published until the file is fixed.";
    }

    private static void prefix(List<String> problems, String key, String value) {
        Topics.prefixProblem(Topics.prefix(value)).ifPresent(problem -> problems.add(
                value.isBlank() ? key + " is empty" : key + " '" + shown(value) + "' " + problem));
    }

    private static void characters(List<String> problems, String key, String value) {
        Topics.invalidCharacter(value)
                .ifPresent(problem -> problems.add(key + " '" + shown(value) + "' contains " + problem));
    }

    /** The value of {@code key}, or empty with the problem noted when Declarative Services cannot convert it. */
    private static <T> Optional<T> read(List<String> problems, String key, Supplier<T> value) {
        try {
            return Optional.ofNullable(value.get());
        } catch (RuntimeException e) {
            problems.add(key + " cannot be read (" + shown(String.valueOf(e.getMessage())) + ")");
            return Optional.empty();
        }
    }

    private static Optional<Integer> readNumber(List<String> problems, String key, Supplier<Integer> value) {
        try {
            return Optional.ofNullable(value.get());
        } catch (RuntimeException e) {
            problems.add(key + " is not a whole number (" + shown(String.valueOf(e.getMessage())) + ")");
            return Optional.empty();
        }
    }

    /** {@code value} fit for one log line: control characters as '?', at most {@value #MAX_SHOWN} characters. */
    static String shown(String value) {
        String cut = value.length() > MAX_SHOWN ? value.substring(0, MAX_SHOWN) + "..." : value;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }

    /** A broker URL without the {@code user:password@} a user may have written into it. */
    static String withoutUserInfo(String url) {
        int scheme = url.indexOf("://");
        int start = scheme >= 0 ? scheme + 3 : 0;
        int at = url.lastIndexOf('@');
        return at >= start ? url.substring(0, start) + "***" + url.substring(at) : url;
    }
}
