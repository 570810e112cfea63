package org.actionbridge.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One channel of a thing type: its id (as in MQTT topics), kind, value type, whether it accepts commands,
 * the allowed values of an enum, and a description.
 */
public record ChannelDefinition(String id, ChannelKind kind, ChannelValueType valueType, boolean writable,
        List<String> allowedValues, String description) {

    private static final Pattern NUMBER = Pattern.compile("-?[0-9]{1,18}");

    public ChannelDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(valueType, "valueType");
        allowedValues = List.copyOf(allowedValues);
        description = description == null ? "" : description;
    }

    /** Whether commands may be sent to this channel. */
    public boolean acceptsCommands() {
        return kind == ChannelKind.COMMAND || (kind == ChannelKind.STATE && writable);
    }

    /**
     * Checks a state value against the value type; returns the reason it is not acceptable, or empty
     * when it is.
     */
    public Optional<String> rejectValue(String value) {
        if (value == null) {
            return Optional.of("channel " + id + ": no value");
        }
        return switch (valueType) {
            case STRING -> hasControlCharacter(value)
                    ? Optional.of("channel " + id + ": control characters are not allowed")
                    : Optional.empty();
            case NUMBER -> NUMBER.matcher(value).matches() ? Optional.empty()
                    : Optional.of("channel " + id + ": '" + value + "' is not a whole number");
            case SWITCH -> "ON".equals(value) || "OFF".equals(value) ? Optional.empty()
                    : Optional.of("channel " + id + ": '" + value + "' is not ON or OFF");
            case ENUM -> allowedValues.contains(value) ? Optional.empty()
                    : Optional.of("channel " + id + ": '" + value + "' is not one of " + allowedValues);
            case NONE -> Optional.of("channel " + id + " has no state");
        };
    }

    // a plain loop: this runs for every state an event changes
    private static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t') {
                return true;
            }
        }
        return false;
    }
}
