package org.actionbridge.core;

/** Whether a thing is reachable and working. */
public enum ThingStatus {
    /** Not known yet: configured, but neither an event nor a command has been seen. */
    UNKNOWN,
    /** Seen working: a valid event arrived or a command succeeded. */
    ONLINE,
    /** Not working; the detail and message say why. */
    OFFLINE
}
