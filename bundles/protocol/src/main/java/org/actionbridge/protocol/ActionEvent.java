package org.actionbridge.protocol;

import static org.actionbridge.protocol.EventCategory.CALL;
import static org.actionbridge.protocol.EventCategory.DEVICE;
import static org.actionbridge.protocol.EventCategory.FEATURE;
import static org.actionbridge.protocol.EventCategory.INTERCOM;
import static org.actionbridge.protocol.EventCategory.REGISTRATION;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.actionbridge.protocol.internal.AsciiCase;
import org.actionbridge.protocol.internal.EventVariableTable;

/**
 * Every Action URL event of spec 2.4, in the order of the specification, with its wire name (the
 * path segment after the receiver's base URL, fixed by DESIGN.md), the vendor's display name as shown
 * on the phone's Action URL Settings page, a description and a category.
 */
public enum ActionEvent {
    SETUP_COMPLETED("setup_completed", "Setup Completed", "The telephone set is started successfully.", DEVICE),
    REGISTRATION_SUCCEEDED("registration_succeeded", "Registration Succeeded", "An account is registered successfully.", REGISTRATION, VariableContext.REGISTRATION),
    REGISTRATION_DISABLED("registration_disabled", "Registration Disabled", "Account registration is canceled.", REGISTRATION, VariableContext.REGISTRATION),
    REGISTRATION_FAILED("registration_failed", "Registration Failed", "Account registration fails.", REGISTRATION, VariableContext.REGISTRATION),
    OFF_HOOK("off_hook", "Phone Off Hooked", "The telephone set is hooked off.", CALL),
    ON_HOOK("on_hook", "Phone On Hooked", "The telephone set is hooked on.", CALL),
    INCOMING_CALL("incoming_call", "Incoming call", "A new incoming call is received.", CALL, VariableContext.INCOMING_CALL),
    OUTGOING_CALL("outgoing_call", "Outgoing call", "An outgoing call is made.", CALL, VariableContext.OUTGOING_CALL),
    CALL_ESTABLISHED("call_established", "Call established", "A call is connected.", CALL, VariableContext.CONVERSATION),
    CALL_TERMINATED("call_terminated", "Call terminated", "A call is terminated.", CALL, VariableContext.CONVERSATION, VariableContext.CALL_END),
    DND_ENABLED("dnd_enabled", "DND Enabled", "Do Not Disturb (DND) is enabled.", FEATURE),
    DND_DISABLED("dnd_disabled", "DND Disabled", "DND is disabled.", FEATURE),
    FORWARD_UNCONDITIONAL_ENABLED("forward_unconditional_enabled", "Unconditional Call Forward Enabled", "Unconditional call forwarding is enabled.", FEATURE),
    FORWARD_UNCONDITIONAL_DISABLED("forward_unconditional_disabled", "Unconditional Call Forward Disabled", "Unconditional call forwarding is disabled.", FEATURE),
    FORWARD_BUSY_ENABLED("forward_busy_enabled", "Call Forward on Busy Enabled", "Call forwarding on busy is enabled.", FEATURE),
    FORWARD_BUSY_DISABLED("forward_busy_disabled", "Call Forward on Busy Disabled", "Call forwarding on busy is disabled.", FEATURE),
    FORWARD_NO_ANSWER_ENABLED("forward_no_answer_enabled", "Call Forward on No Answer Enabled", "Call forwarding on no answer is enabled.", FEATURE),
    FORWARD_NO_ANSWER_DISABLED("forward_no_answer_disabled", "Call Forward on No Answer Disabled", "Call forwarding on no answer is disabled.", FEATURE),
    CALL_TRANSFER("call_transfer", "Call transfer", "Call transfer.", CALL, VariableContext.CONVERSATION),
    UNATTENDED_TRANSFER("unattended_transfer", "Unattended Call Transfer", "Unattended call transfer.", CALL, VariableContext.CONVERSATION),
    ATTENDED_TRANSFER("attended_transfer", "Attended Call Transfer", "Attended call transfer.", CALL, VariableContext.CONVERSATION),
    CALL_HOLD("call_hold", "Call hold", "Call hold.", CALL, VariableContext.CONVERSATION),
    CALL_RESUME("call_resume", "Call resume", "Call hold is canceled.", CALL, VariableContext.CONVERSATION),
    MUTE("mute", "Mute", "A call is muted.", CALL, VariableContext.CONVERSATION),
    UNMUTE("unmute", "Unmute", "A call is unmuted.", CALL, VariableContext.CONVERSATION),
    MISSED_CALL("missed_call", "Missed calls", "Missed calls are listed.", CALL, VariableContext.MISSED_CALL),
    IP_CHANGED("ip_changed", "IP Changed", "The IP address of the telephone set is changed.", DEVICE),
    IDLE_TO_BUSY("idle_to_busy", "Idle To Busy", "The telephone set switches from the standby screen to other screens.", DEVICE),
    BUSY_TO_IDLE("busy_to_idle", "Busy To Idle", "The telephone set switches from other screens to the standby screen.", DEVICE),
    MWI("mwi", "MWI", "Message.", FEATURE),
    SMS("sms", "SMS", "SMS message.", FEATURE),
    START_REBOOT("start_reboot", "Start reboot", "The telephone set is restarted.", DEVICE),
    // The specification prints "Close The Door" twice; the first row is the door being opened.
    DOOR_OPENED("door_opened", "Open The Door", "Door lock status open and close: the door is opened.", INTERCOM),
    DOOR_CLOSED("door_closed", "Close The Door", "Door lock status open and close: the door is closed.", INTERCOM),
    TAMPER("tamper", "Tamper", "Trigger anti-demolition alarm.", INTERCOM),
    DOOR_SENSOR_1("door_sensor_1", "Door Sensor 1", "Door magnetic detection alarm use (sensor 1).", INTERCOM),
    DOOR_SENSOR_2("door_sensor_2", "Door Sensor 2", "Door magnetic detection alarm use (sensor 2).", INTERCOM),
    WEB_API_AUTH_CHANGED("web_api_auth_changed", "Web API Auth Changed", "Web API Auth Changed.", DEVICE),
    SIP_MESSAGE_RECEIVED("sip_message_received", "Received Sip Message", "Received Sip Message.", DEVICE),
    OUTPUT_1("output_1", "Output1", "Output1 triggers an alarm, the corresponding interface changes potential, and an alarm bell rings.", INTERCOM),
    // The specification repeats "Output1" in this row's description; it is about output 2.
    OUTPUT_2("output_2", "Output2", "Output2 triggers an alarm, the corresponding interface changes potential, and an alarm bell rings.", INTERCOM);

    private static final Map<String, ActionEvent> BY_WIRE_NAME;

    static {
        java.util.HashMap<String, ActionEvent> map = new java.util.HashMap<>();
        for (ActionEvent e : values()) {
            map.put(e.wireName, e);
        }
        BY_WIRE_NAME = Map.copyOf(map);
    }

    private final String wireName;
    private final String displayName;
    private final String description;
    private final EventCategory category;
    private final Set<VariableContext> contexts;

    ActionEvent(String wireName, String displayName, String description, EventCategory category,
            VariableContext... contexts) {
        this.wireName = wireName;
        this.displayName = displayName;
        this.description = description;
        this.category = category;
        EnumSet<VariableContext> set = EnumSet.of(VariableContext.ALWAYS);
        Collections.addAll(set, contexts);
        this.contexts = Collections.unmodifiableSet(set);
    }

    /** The wire name (DESIGN.md), used as the last path segment of the Action URL, e.g. {@code incoming_call}. */
    public String wireName() {
        return wireName;
    }

    /** The event's label on the phone's Action URL Settings page, e.g. {@code Incoming call}. */
    public String displayName() {
        return displayName;
    }

    /** The specification's description of the event. */
    public String description() {
        return description;
    }

    /** The category of the event. */
    public EventCategory category() {
        return category;
    }

    /** True for the rows the specification marks as industry specific (intercom, Web API, SIP message). */
    public boolean industrySpecific() {
        return ordinal() >= DOOR_OPENED.ordinal();
    }

    /** The variable contexts this event belongs to; always contains {@link VariableContext#ALWAYS}. */
    public Set<VariableContext> contexts() {
        return contexts;
    }

    /**
     * The variables a phone of the given series fills in for this event (the three rules at the end of
     * spec 2.5), in the order of the specification's variable list.
     */
    public List<Variable> validVariables(PhoneModelSeries series) {
        return EventVariableTable.validVariables(this, series);
    }

    /**
     * The event with this wire name. ASCII letters are matched ignoring case (a URL typed by hand into a
     * phone may be capitalised); nothing else is normalised.
     */
    public static Optional<ActionEvent> fromWireName(String wireName) {
        if (wireName == null || wireName.isEmpty() || wireName.length() > 64) {
            return Optional.empty();
        }
        ActionEvent exact = BY_WIRE_NAME.get(wireName);
        if (exact != null) {
            return Optional.of(exact);
        }
        return Optional.ofNullable(BY_WIRE_NAME.get(AsciiCase.toLower(wireName)));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
