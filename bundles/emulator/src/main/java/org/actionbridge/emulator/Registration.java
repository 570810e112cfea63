package org.actionbridge.emulator;

/** The SIP account registration state of an emulated device (line 1). */
public enum Registration {
    /** Registered: calls can be received. */
    REGISTERED,
    /** The last registration attempt failed. */
    FAILED,
    /** Registration is switched off (for example after hot desking cleared the account). */
    DISABLED
}
