package org.actionbridge.emulator;

import java.util.Locale;
import java.util.Optional;

/** What an emulated device is: a desk phone, or a door intercom (which adds a door, sensors and outputs). */
public enum DeviceType {
    /** A Fanvil desk phone. */
    PHONE,
    /** A Fanvil door intercom (access control product): door lock, door sensors, tamper switch, outputs. */
    INTERCOM;

    /** The name used in configuration and JSON: {@code phone} or {@code intercom}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type with this id, ignoring case. */
    public static Optional<DeviceType> fromId(String id) {
        for (DeviceType t : values()) {
            if (t.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
