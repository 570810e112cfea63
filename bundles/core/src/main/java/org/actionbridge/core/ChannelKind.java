package org.actionbridge.core;

/** What a channel carries. */
public enum ChannelKind {
    /** A current value (retained on MQTT). A writable state channel also accepts commands. */
    STATE,
    /** Fires momentary events, such as the wire name of each received Action URL event. */
    TRIGGER,
    /** Accepts commands only; it has no state. */
    COMMAND
}
