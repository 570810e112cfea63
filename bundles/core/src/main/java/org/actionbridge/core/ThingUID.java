package org.actionbridge.core;

import java.util.Objects;
import java.util.Optional;

/**
 * The unique id of a thing, {@code fanvil:{type}:{id}}. The id part is what MQTT topics, the shell and
 * the JSON API use; it is restricted to letters, digits, '-' and '_' so that it is safe in all of them.
 */
public record ThingUID(ThingType type, String id) {

    /** The binding prefix of every UID. */
    public static final String BINDING = "fanvil";

    private static final int MAX_ID_LENGTH = 64;

    public ThingUID {
        Objects.requireNonNull(type, "type");
        if (!isValidId(id)) {
            throw new IllegalArgumentException("thing id must be 1-64 letters, digits, '-' or '_': " + id);
        }
    }

    /** Whether {@code id} may be the id part of a UID. */
    public static boolean isValidId(String id) {
        // a plain loop: the MQTT bridge checks the id of every event it publishes
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Parses {@code fanvil:{type}:{id}}. */
    public static Optional<ThingUID> parse(String uid) {
        if (uid == null) {
            return Optional.empty();
        }
        String[] parts = uid.split(":", -1);
        if (parts.length != 3 || !BINDING.equals(parts[0]) || !isValidId(parts[2])) {
            return Optional.empty();
        }
        return ThingType.fromId(parts[1]).map(type -> new ThingUID(type, parts[2]));
    }

    @Override
    public String toString() {
        return BINDING + ":" + type.id() + ":" + id;
    }
}
