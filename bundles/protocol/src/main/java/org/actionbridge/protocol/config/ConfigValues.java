package org.actionbridge.protocol.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The typed values of one configuration's properties. A value that is present but wrong adds a problem
 * naming its key and yields the default, so that one pass reports every wrong key at once; a blank value
 * counts as absent.
 */
public final class ConfigValues {

    private final Map<String, ?> properties;
    private final List<String> problems = new ArrayList<>();

    /** Reads {@code properties}; the map is not copied. */
    public ConfigValues(Map<String, ?> properties) {
        this.properties = Objects.requireNonNull(properties, "properties");
    }

    /** The trimmed text of {@code key}, empty when absent or blank. */
    public Optional<String> string(String key) {
        Object value = properties.get(key);
        if (value == null) {
            return Optional.empty();
        }
        String text = String.valueOf(value).trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** A TCP or UDP port (1-65535). */
    public int port(String key, int defaultValue) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            int port = Integer.parseInt(text.get());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(key + " '" + text.get() + "' is not a port number (1-65535)");
        return defaultValue;
    }

    /** {@code true} or {@code false} in any case; anything else is a problem, not false. */
    public boolean bool(String key, boolean defaultValue) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        String value = text.get().toLowerCase(Locale.ROOT);
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        problem(key + " '" + text.get() + "' is not true or false");
        return defaultValue;
    }

    /** Adds a problem found by the caller's own checks, in the order of the reading. */
    public void problem(String message) {
        problems.add(message);
    }

    /** The problems so far, in the order found. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Whether no problem has been found so far. */
    public boolean ok() {
        return problems.isEmpty();
    }
}
