package org.actionbridge.core;

/** The type of a channel's value, as plain text on MQTT and in the JSON API. */
public enum ChannelValueType {
    /** Free text. */
    STRING,
    /** A whole number, such as a count or seconds. */
    NUMBER,
    /** {@code ON} or {@code OFF}. */
    SWITCH,
    /** One of the channel's allowed values. */
    ENUM,
    /** No value: a command that takes no argument, or a trigger. */
    NONE
}
