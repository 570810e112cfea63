package org.actionbridge.core;

import java.util.Objects;

/**
 * A command for a thing, as MQTT, the shell or the JSON API give it.
 *
 * @param thingId the id part of the thing's UID
 * @param command a command channel id ({@link Channels#DIAL}, ...)
 * @param value the command's argument; empty for commands without one
 * @param correlation the caller's token, echoed in the result (empty when none)
 * @param source who sent it, for logs and results ({@code mqtt}, {@code shell}, {@code api})
 */
public record CommandRequest(String thingId, String command, String value, String correlation, String source) {

    public CommandRequest {
        Objects.requireNonNull(thingId, "thingId");
        Objects.requireNonNull(command, "command");
        value = value == null ? "" : value;
        correlation = correlation == null ? "" : correlation;
        source = source == null ? "" : source;
    }

    /** A request without correlation. */
    public static CommandRequest of(String thingId, String command, String value, String source) {
        return new CommandRequest(thingId, command, value, "", source);
    }
}
