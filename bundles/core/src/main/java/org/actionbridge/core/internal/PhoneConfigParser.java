package org.actionbridge.core.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.ThingType;
import org.actionbridge.core.ThingUID;
import org.actionbridge.core.TransportMode;
import org.actionbridge.protocol.MacAddress;
import org.actionbridge.protocol.ProtocolException;
import org.actionbridge.protocol.config.ConfigValues;

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
        ConfigValues values = new ConfigValues(properties);

        String id = values.string("id").orElseGet(() -> nameFromPid(properties));
        if (!ThingUID.isValidId(id)) {
            values.problem("id '" + id + "' must be 1-64 letters, digits, '-' or '_'");
            id = fallbackId(properties);
        }

        String typeName = values.string("type").orElse("phone");
        ThingType type = ThingType.fromId(typeName).orElse(null);
        if (type == null) {
            values.problem("type '" + typeName + "' is unknown: use phone or intercom");
            type = ThingType.PHONE;
        }

        String host = values.string("host").orElse("");
        if (host.isEmpty()) {
            values.problem("host is missing: set it to the phone's IP address or host name");
        } else if (!HOST.matcher(host).matches()) {
            values.problem("host '" + host + "' is not an IP address or host name");
        }

        int httpPort = values.port("httpPort", 80);
        int sipPort = values.port("sipPort", 5060);
        boolean https = values.bool("https", false);

        String mac = "";
        Optional<String> macText = values.string("mac");
        if (macText.isPresent()) {
            try {
                mac = MacAddress.parse(macText.get()).value();
            } catch (ProtocolException e) {
                values.problem("mac: " + e.getMessage());
            }
        }

        String transportName = values.string("transport").orElse("http");
        TransportMode transport = TransportMode.fromId(transportName).orElse(null);
        if (transport == null) {
            values.problem("transport '" + transportName + "' is unknown: use http, sip or auto");
            transport = TransportMode.HTTP;
        }

        String username = values.string("username").orElse("admin");
        String password = values.string("password").orElse("admin");
        String label = values.string("label").orElse(id);

        if (!values.ok()) {
            return new Result(id, type, Optional.empty(), values.problems());
        }
        return new Result(id, type, Optional.of(new PhoneConfiguration(id, type, label, host, httpPort, https, mac,
                username, password, transport, sipPort)), List.of());
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
