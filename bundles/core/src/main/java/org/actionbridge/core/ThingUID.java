package org.actionbridge.core;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The unique id of a thing, {@code fanvil:{type}:{id}}. The id part is what MQTT topics, the shell and
 * the JSON API use; it is restricted to letters, digits, '-' and '_' so that it is safe in all of them.
 */
public record ThingUID(ThingType type, String id) {

    /** The binding prefix of every UID. */
    public static final String BINDING = "fanvil";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ThingUID {
        Objects.requireNonNull(type, "type");
        if (!isValidId(id)) {
            throw new IllegalArgumentException("thing id must be 1-64 letters, digits, '-' or '_': " + id);
        }
    }

    /** Whether {@code id} may be the id part of a UID. */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
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
