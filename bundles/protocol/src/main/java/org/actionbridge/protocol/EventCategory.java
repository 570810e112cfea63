package org.actionbridge.protocol;

/** Broad grouping of the Action URL events of spec 2.4, used for channels, filters and documentation. */
public enum EventCategory {
    /** Call life cycle: hook, incoming, outgoing, established, transfer, hold, mute, missed. */
    CALL,
    /** SIP account registration. */
    REGISTRATION,
    /** Phone features toggled by the user: DND, call forwarding, messages. */
    FEATURE,
    /** The device itself: start-up, IP address, screen, reboot, Web API, SIP messages. */
    DEVICE,
    /** Industry-specific door intercom events: door, tamper, door sensors, outputs. */
    INTERCOM
}
