package org.actionbridge.emulator;

/** The state of one call of an emulated device. */
public enum CallStatus {
    /** Incoming, not yet answered. */
    RINGING,
    /** Outgoing, the remote party has not answered yet. */
    CALLING,
    /** Connected, with audio. */
    TALKING,
    /** Connected, on hold. */
    HELD
}
