package org.actionbridge.core;

/** Why a command failed. */
public enum CommandError {
    /** No thing with that id. */
    UNKNOWN_THING,
    /** The thing has no such command channel. */
    UNKNOWN_COMMAND,
    /** The value is not acceptable for the command (bad number, key, injection attempt, ...). */
    INVALID_VALUE,
    /** The thing's configuration is invalid. */
    CONFIGURATION_ERROR,
    /** The transport the thing's configuration asks for is not installed or not running. */
    NO_TRANSPORT,
    /** The transport's queue for this phone is full. */
    BUSY,
    /** The phone refused our credentials (HTTP 401, SIP 401/407 after authenticating). */
    UNAUTHORIZED,
    /** The phone refused our source address (HTTP 403, SIP 403). */
    FORBIDDEN,
    /** The phone did not know the instruction. */
    UNKNOWN_INSTRUCTION,
    /** The phone did not answer in time. */
    TIMEOUT,
    /** The phone could not be reached at all (connection refused, no route). */
    UNREACHABLE,
    /** The phone answered with another error; the message has the code. */
    REFUSED,
    /** Something failed inside ActionBridge; the message says what. */
    INTERNAL
}
