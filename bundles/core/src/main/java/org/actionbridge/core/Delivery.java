package org.actionbridge.core;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link CommandTransport} reports for one instruction: delivered, or the error with a message.
 *
 * @param error empty when the phone accepted the instruction
 */
public record Delivery(Optional<CommandError> error, String message) {

    public Delivery {
        Objects.requireNonNull(error, "error");
        message = message == null ? "" : message;
    }

    /** The phone accepted the instruction. */
    public static Delivery delivered(String message) {
        return new Delivery(Optional.empty(), message);
    }

    /** The instruction failed. */
    public static Delivery failed(CommandError error, String message) {
        return new Delivery(Optional.of(error), message);
    }

    /** Whether the phone accepted the instruction. */
    public boolean ok() {
        return error.isEmpty();
    }
}
