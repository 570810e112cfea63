package org.actionbridge.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.ThingType;
import org.actionbridge.core.ThingUID;
import org.actionbridge.core.TransportMode;
import org.actionbridge.protocol.MacAddress;
import org.actionbridge.protocol.ProtocolException;

/**
 * Turns the properties of an {@code org.actionbridge.phone} configuration into a
 * {@link PhoneConfiguration}, collecting every problem with a message that names the key.
 */
final class PhoneConfigParser {

    static final String FACTORY_PID = "org.actionbridge.phone";

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]{2,45}\\]");

    /** The outcome: a configuration, or the thing's id and type (as far as known) and the problems. */
    record Result(String id, ThingType type, Optional<PhoneConfiguration> configuration, List<String> problems) {
    }

    private PhoneConfigParser() {
    }

    static Result parse(Map<String, ?> properties) {
        List<String> problems = new ArrayList<>();

        String id = string(properties, "id").orElseGet(() -> nameFromPid(properties));
        if (!ThingUID.isValidId(id)) {
            problems.add("id '" + id + "' must be 1-64 letters, digits, '-' or '_'");
            id = fallbackId(properties);
        }

        String typeName = string(properties, "type").orElse("phone");
        ThingType type = ThingType.fromId(typeName).orElse(null);
        if (type == null) {
            problems.add("type '" + typeName + "' is unknown: use phone or intercom");
            type = ThingType.PHONE;
        }

        String host = string(properties, "host").orElse("");
        if (host.isEmpty()) {
            problems.add("host is missing: set it to the phone's IP address or host name");
        } else if (!HOST.matcher(host).matches()) {
            problems.add("host '" + host + "' is not an IP address or host name");
        }

        int httpPort = port(properties, "httpPort", 80, problems);
        int sipPort = port(properties, "sipPort", 5060, problems);
        boolean https = bool(properties, "https", false, problems);

        String mac = "";
        Optional<String> macText = string(properties, "mac");
        if (macText.isPresent()) {
            try {
                mac = MacAddress.parse(macText.get()).value();
            } catch (ProtocolException e) {
                problems.add("mac: " + e.getMessage());
            }
        }

        String transportName = string(properties, "transport").orElse("http");
        TransportMode transport = TransportMode.fromId(transportName).orElse(null);
        if (transport == null) {
            problems.add("transport '" + transportName + "' is unknown: use http, sip or auto");
            transport = TransportMode.HTTP;
        }

        String username = string(properties, "username").orElse("admin");
        String password = string(properties, "password").orElse("admin");
        String label = string(properties, "label").orElse(id);

        if (!problems.isEmpty()) {
            return new Result(id, type, Optional.empty(), List.copyOf(problems));
        }
        return new Result(id, type, Optional.of(new PhoneConfiguration(id, type, label, host, httpPort, https, mac,
                username, password, transport, sipPort)), List.of());
    }

    private static Optional<String> string(Map<String, ?> properties, String key) {
        Object value = properties.get(key);
        if (value == null) {
            return Optional.empty();
        }
        String text = String.valueOf(value).trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private static int port(Map<String, ?> properties, String key, int defaultValue, List<String> problems) {
        Optional<String> text = string(properties, key);
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
        problems.add(key + " '" + text.get() + "' is not a port number (1-65535)");
        return defaultValue;
    }

    private static boolean bool(Map<String, ?> properties, String key, boolean defaultValue, List<String> problems) {
        Optional<String> text = string(properties, key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        String value = text.get().toLowerCase(Locale.ROOT);
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        problems.add(key + " '" + text.get() + "' is not true or false");
        return defaultValue;
    }

    /**
     * Karaf names factory configurations after their file: {@code org.actionbridge.phone-desk1.cfg}
     * becomes PID {@code org.actionbridge.phone~desk1} (or a generated PID with the file name in
     * {@code felix.fileinstall.filename}); the name is the thing id when {@code id} is not set.
     */
    static String nameFromPid(Map<String, ?> properties) {
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String name = String.valueOf(file);
            name = name.substring(name.lastIndexOf('/') + 1);
            String prefix = FACTORY_PID + "-";
            if (name.startsWith(prefix) && name.endsWith(".cfg")) {
                return name.substring(prefix.length(), name.length() - ".cfg".length());
            }
        }
        Object pid = properties.get("service.pid");
        if (pid != null) {
            String text = String.valueOf(pid);
            int tilde = text.indexOf('~');
            if (tilde >= 0) {
                return text.substring(tilde + 1);
            }
        }
        return fallbackId(properties);
    }

    private static String fallbackId(Map<String, ?> properties) {
        Object pid = properties.get("service.pid");
        String text = pid == null ? "unnamed" : String.valueOf(pid);
        String cleaned = text.replaceAll("[^A-Za-z0-9_-]", "_");
        return cleaned.length() > 64 ? cleaned.substring(cleaned.length() - 64) : cleaned;
    }
}
