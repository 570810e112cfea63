package org.actionbridge.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of a thing: its identity, configuration, status and current channel states.
 *
 * @param configuration the validated configuration, empty when the configuration is invalid (the
 *            status then is OFFLINE with CONFIGURATION_ERROR and says why)
 * @param ipAddress the address the device is known by: the configured host, or the last address
 *            reported by an {@code ip_changed} event
 * @param states current values of state channels that have one, by channel id
 * @param lastSeen when the device last sent a valid event or answered a command, if ever
 */
public record Thing(ThingUID uid, String label, Optional<PhoneConfiguration> configuration, ThingStatusInfo status,
        String ipAddress, Map<String, String> states, Optional<Instant> lastSeen) {

    public Thing {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(lastSeen, "lastSeen");
        label = label == null ? uid.id() : label;
        ipAddress = ipAddress == null ? "" : ipAddress;
        states = Map.copyOf(states);
    }

    /** The id part of the UID, as used in MQTT topics and the API. */
    public String id() {
        return uid.id();
    }

    /** The thing type. */
    public ThingType type() {
        return uid.type();
    }

    /** The current value of state channel {@code channelId}, if it has one. */
    public Optional<String> state(String channelId) {
        return Optional.ofNullable(states.get(channelId));
    }
}
