package org.actionbridge.emulator;

/**
 * The device's call state as one value, with the values of the {@code call-state} channel of DESIGN.md:
 * the state of the call on the screen, or of the dialing screen.
 */
public enum CallState {
    /** No call and no number being entered. */
    IDLE,
    /** An incoming call rings (and no other call is connected). */
    RINGING,
    /** A number is being entered, or an outgoing call waits for the remote party to answer. */
    DIALING,
    /** A call is connected. */
    CONNECTED,
    /** Every call is on hold. */
    HELD
}
