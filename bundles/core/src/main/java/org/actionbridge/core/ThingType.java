package org.actionbridge.core;

import java.util.Locale;
import java.util.Optional;

/** The kinds of Fanvil device ActionBridge models; the wire name is the middle part of a thing UID. */
public enum ThingType {
    /** A desk phone. */
    PHONE("phone"),
    /** A door intercom: a phone with door, sensors, tamper and outputs. */
    INTERCOM("intercom");

    private final String id;

    ThingType(String id) {
        this.id = id;
    }

    /** The lower-case name used in UIDs and configuration ({@code phone}, {@code intercom}). */
    public String id() {
        return id;
    }

    /** The type named {@code id} (case-insensitive), if any. */
    public static Optional<ThingType> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        for (ThingType type : values()) {
            if (type.id.equals(wanted)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
