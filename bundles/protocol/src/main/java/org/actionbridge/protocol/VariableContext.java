package org.actionbridge.protocol;

/**
 * The situations in which a phone fills in a variable (spec 2.5). An event belongs to some of these
 * contexts; a variable is valid for an event when their contexts meet, or when the variable is
 * valid {@link #ALWAYS}.
 */
public enum VariableContext {
    /** Valid in every event (device information such as {@code $mac}). */
    ALWAYS,
    /** An incoming call, before it is answered (the Incoming call event). */
    INCOMING_CALL,
    /** An outgoing call, before it is answered (the Outgoing call event). */
    OUTGOING_CALL,
    /**
     * A conversation: Call established, Call terminated, Call transfer, Unattended and Attended
     * transfer, Hold, Resume, Mute and Unmute (rule 3 of spec 2.5).
     */
    CONVERSATION,
    /** The end of a conversation (Call terminated), where {@code $duration} is known. */
    CALL_END,
    /** An incoming call that was never answered (Missed calls), where {@code $remote_number} is known. */
    MISSED_CALL,
    /** Account registration events. */
    REGISTRATION
}
