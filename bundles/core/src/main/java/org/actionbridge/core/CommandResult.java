package org.actionbridge.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one command: success, or the error with a readable message; the transport that
 * delivered it (empty when none was tried) and how long it took.
 */
public record CommandResult(CommandRequest request, Optional<CommandError> error, String message, String transport,
        Duration duration) {

    public CommandResult {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(duration, "duration");
        message = message == null ? "" : message;
        transport = transport == null ? "" : transport;
    }

    /** Whether the phone accepted the command. */
    public boolean ok() {
        return error.isEmpty();
    }

    /** A failure found before any transport was tried. */
    public static CommandResult rejected(CommandRequest request, CommandError error, String message) {
        return new CommandResult(request, Optional.of(error), message, "", Duration.ZERO);
    }

    @Override
    public String toString() {
        return (ok() ? "ok" : "error " + error.get()) + (message.isEmpty() ? "" : ": " + message)
                + (transport.isEmpty() ? "" : " [" + transport + ", " + duration.toMillis() + " ms]");
    }
}
