package org.actionbridge.core;

import java.util.Objects;
import java.util.Optional;

/**
 * The validated configuration of one phone thing (factory PID {@code org.actionbridge.phone}).
 * {@link #toString()} masks the password.
 *
 * @param mac canonical MAC (12 lower-case hex digits), or empty when not configured
 */
public record PhoneConfiguration(String id, ThingType type, String label, String host, int httpPort, boolean https,
        String mac, String username, String password, TransportMode transport, int sipPort) {

    public PhoneConfiguration {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(transport, "transport");
        label = label == null || label.isBlank() ? id : label;
        mac = mac == null ? "" : mac;
        username = username == null ? "" : username;
        password = password == null ? "" : password;
    }

    /** The thing's UID. */
    public ThingUID uid() {
        return new ThingUID(type, id);
    }

    /** The configured MAC, if any. */
    public Optional<String> macAddress() {
        return mac.isEmpty() ? Optional.empty() : Optional.of(mac);
    }

    @Override
    public String toString() {
        return "PhoneConfiguration[id=" + id + ", type=" + type.id() + ", label=" + label + ", host=" + host
                + ", httpPort=" + httpPort + ", https=" + https + ", mac=" + mac + ", username=" + username
                + ", password=" + (password.isEmpty() ? "" : "****") + ", transport=" + transport.id()
                + ", sipPort=" + sipPort + "]";
    }
}
