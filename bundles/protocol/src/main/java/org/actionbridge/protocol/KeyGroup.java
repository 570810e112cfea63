package org.actionbridge.protocol;

/** The headings under which spec 3.3 lists its instructions. */
public enum KeyGroup {
    /** Access dial: handsfree, headset, prefix. */
    DIAL("Access dial"),
    /** Answer the phone. */
    ANSWER("Answer the phone"),
    /** Calling: call back, redial, send. */
    CALL("Call"),
    /** Hang up or reject. */
    HANG_UP("Hang up or reject"),
    /** Transfer and call forwarding. */
    TRANSFER("Transfer"),
    /** Conference. */
    CONFERENCE("Conference"),
    /** Advanced call functions: DND, pickup, park, hold, DTMF, call switching. */
    ADVANCED("Advanced call function"),
    /** BroadSoft call centre functions. */
    BROADSOFT("BroadSoft related"),
    /** Volume and mute ("modulation" in the specification). */
    VOLUME("Modulation"),
    /** Line keys, DSS keys and softkeys. */
    DSS_KEYS("Dsskey"),
    /** Keys that open an application screen. */
    APPS("Enter the app"),
    /** Modify configuration, restart, restore factory settings. */
    CONFIGURATION("Modify configuration / restart / restore factory settings"),
    /** Navigation, delete and menu keys. */
    NAVIGATION("Navigation key / delete key / menu key"),
    /**
     * Door opening with access control products; its only instruction is {@code key=F_LOCK&code=...},
     * an {@link ActiveUriInstruction} of kind {@link ActiveUriInstruction.Kind#OPEN_DOOR} rather than a key.
     */
    DOOR("Open door");

    private final String heading;

    KeyGroup(String heading) {
        this.heading = heading;
    }

    /** The heading as the specification writes it. */
    public String heading() {
        return heading;
    }
}
