package org.actionbridge.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The channel ids of DESIGN.md and the channel definitions of each thing type. The maps are immutable;
 * iteration follows the order of DESIGN.md.
 */
public final class Channels {

    // state channels of every type
    public static final String CALL_STATE = "call-state";
    public static final String CALL_DIRECTION = "call-direction";
    public static final String REMOTE_NUMBER = "remote-number";
    public static final String REMOTE_NAME = "remote-name";
    public static final String CALL_ID = "call-id";
    public static final String CALL_DURATION = "call-duration";
    public static final String LINE = "line";
    public static final String REGISTRATION = "registration";
    public static final String HOOK = "hook";
    public static final String DND = "dnd";
    public static final String FORWARD_UNCONDITIONAL = "forward-unconditional";
    public static final String FORWARD_BUSY = "forward-busy";
    public static final String FORWARD_NO_ANSWER = "forward-no-answer";
    public static final String MUTE = "mute";
    public static final String HOLD = "hold";
    public static final String SCREEN = "screen";
    public static final String MISSED_CALLS = "missed-calls";
    public static final String LAST_MISSED_NUMBER = "last-missed-number";
    public static final String MWI = "mwi";
    public static final String LAST_SMS = "last-sms";
    public static final String IP_ADDRESS = "ip-address";
    public static final String MODEL = "model";
    public static final String FIRMWARE = "firmware";
    // state channels of intercoms
    public static final String DOOR = "door";
    public static final String DOOR_SENSOR_1 = "door-sensor-1";
    public static final String DOOR_SENSOR_2 = "door-sensor-2";
    public static final String TAMPER = "tamper";
    public static final String OUTPUT_1 = "output-1";
    public static final String OUTPUT_2 = "output-2";
    // trigger
    public static final String EVENT = "event";
    // commands (dnd, mute and hold are writable state channels)
    public static final String KEY = "key";
    public static final String DIAL = "dial";
    public static final String ANSWER = "answer";
    public static final String HANGUP = "hangup";
    public static final String TRANSFER = "transfer";
    public static final String OPEN_DOOR = "open-door";
    public static final String REBOOT = "reboot";
    public static final String DISPLAY_NAME = "display-name";

    /** Values of {@link #CALL_STATE}. */
    public static final List<String> CALL_STATES = List.of("IDLE", "RINGING", "DIALING", "CONNECTED", "HELD");
    /** Values of {@link #CALL_DIRECTION}. */
    public static final List<String> CALL_DIRECTIONS = List.of("NONE", "INCOMING", "OUTGOING");
    /** Values of {@link #REGISTRATION}. */
    public static final List<String> REGISTRATION_STATES = List.of("UNKNOWN", "REGISTERED", "DISABLED", "FAILED");
    /** Values of {@link #HOOK}. */
    public static final List<String> HOOK_STATES = List.of("ON_HOOK", "OFF_HOOK");
    /** Values of {@link #SCREEN}. */
    public static final List<String> SCREEN_STATES = List.of("IDLE", "BUSY");
    /** Values of {@link #DOOR}. */
    public static final List<String> DOOR_STATES = List.of("CLOSED", "OPEN");

    private static final Map<String, ChannelDefinition> PHONE;
    private static final Map<String, ChannelDefinition> INTERCOM;

    static {
        List<ChannelDefinition> common = new ArrayList<>();
        common.add(enumState(CALL_STATE, CALL_STATES, "State of the current call"));
        common.add(enumState(CALL_DIRECTION, CALL_DIRECTIONS, "Direction of the current call"));
        common.add(state(REMOTE_NUMBER, ChannelValueType.STRING, "Number of the remote party"));
        common.add(state(REMOTE_NAME, ChannelValueType.STRING, "Display name of the remote party"));
        common.add(state(CALL_ID, ChannelValueType.STRING, "Phone's id of the current call"));
        common.add(state(CALL_DURATION, ChannelValueType.NUMBER, "Duration of the last call in seconds"));
        common.add(state(LINE, ChannelValueType.NUMBER, "Line (account) of the current call or registration"));
        common.add(enumState(REGISTRATION, REGISTRATION_STATES, "SIP registration of the account"));
        common.add(enumState(HOOK, HOOK_STATES, "Handset hook"));
        common.add(writableSwitch(DND, "Do Not Disturb"));
        common.add(state(FORWARD_UNCONDITIONAL, ChannelValueType.SWITCH, "Unconditional call forwarding"));
        common.add(state(FORWARD_BUSY, ChannelValueType.SWITCH, "Call forwarding on busy"));
        common.add(state(FORWARD_NO_ANSWER, ChannelValueType.SWITCH, "Call forwarding on no answer"));
        common.add(writableSwitch(MUTE, "Microphone muted"));
        common.add(writableSwitch(HOLD, "Current call on hold"));
        common.add(enumState(SCREEN, SCREEN_STATES, "Standby screen (IDLE) or another screen (BUSY)"));
        common.add(state(MISSED_CALLS, ChannelValueType.NUMBER, "Missed calls counted since start"));
        common.add(state(LAST_MISSED_NUMBER, ChannelValueType.STRING, "Number of the last missed call"));
        common.add(state(MWI, ChannelValueType.STRING, "Message waiting indication"));
        common.add(state(LAST_SMS, ChannelValueType.STRING, "Last SMS received"));
        common.add(state(IP_ADDRESS, ChannelValueType.STRING, "Current IP address of the device"));
        common.add(state(MODEL, ChannelValueType.STRING, "Device model"));
        common.add(state(FIRMWARE, ChannelValueType.STRING, "Firmware version"));

        List<ChannelDefinition> intercomOnly = List.of(
                enumState(DOOR, DOOR_STATES, "Door lock"),
                state(DOOR_SENSOR_1, ChannelValueType.SWITCH, "Door sensor 1 alarm"),
                state(DOOR_SENSOR_2, ChannelValueType.SWITCH, "Door sensor 2 alarm"),
                state(TAMPER, ChannelValueType.SWITCH, "Tamper (anti-demolition) alarm"),
                state(OUTPUT_1, ChannelValueType.SWITCH, "Output 1"),
                state(OUTPUT_2, ChannelValueType.SWITCH, "Output 2"));

        List<ChannelDefinition> tail = List.of(
                new ChannelDefinition(EVENT, ChannelKind.TRIGGER, ChannelValueType.STRING, false, List.of(),
                        "Fires the wire name of every Action URL event received"),
                command(KEY, ChannelValueType.STRING, "Presses an Active URI key sequence, e.g. SPEAKER;0000;ENTER"),
                command(DIAL, ChannelValueType.STRING, "Dials a number handsfree"),
                command(ANSWER, ChannelValueType.NONE, "Answers the ringing call"),
                command(HANGUP, ChannelValueType.NONE, "Hangs up or rejects the current call"),
                command(TRANSFER, ChannelValueType.STRING,
                        "Transfers the current call: 'NUMBER' blind, 'attended:NUMBER' attended"),
                command(OPEN_DOOR, ChannelValueType.STRING, "Opens the door with the given code"),
                command(REBOOT, ChannelValueType.NONE, "Restarts the device"),
                command(DISPLAY_NAME, ChannelValueType.STRING,
                        "Sets a line's display name: 'NAME' for line 1 or 'LINE:NAME'"));

        PHONE = index(common, List.of(), tail);
        INTERCOM = index(common, intercomOnly, tail);
    }

    private Channels() {
    }

    /** The channels of a thing type, in DESIGN.md order. */
    public static Map<String, ChannelDefinition> of(ThingType type) {
        return type == ThingType.INTERCOM ? INTERCOM : PHONE;
    }

    /** The channel {@code id} of a thing type, if that type has it. */
    public static Optional<ChannelDefinition> find(ThingType type, String id) {
        return Optional.ofNullable(of(type).get(id));
    }

    private static Map<String, ChannelDefinition> index(List<ChannelDefinition> first, List<ChannelDefinition> second,
            List<ChannelDefinition> third) {
        Map<String, ChannelDefinition> map = new LinkedHashMap<>();
        for (List<ChannelDefinition> list : List.of(first, second, third)) {
            for (ChannelDefinition definition : list) {
                map.put(definition.id(), definition);
            }
        }
        return Collections.unmodifiableMap(map);
    }

    private static ChannelDefinition state(String id, ChannelValueType type, String description) {
        return new ChannelDefinition(id, ChannelKind.STATE, type, false, List.of(), description);
    }

    private static ChannelDefinition enumState(String id, List<String> values, String description) {
        return new ChannelDefinition(id, ChannelKind.STATE, ChannelValueType.ENUM, false, values, description);
    }

    private static ChannelDefinition writableSwitch(String id, String description) {
        return new ChannelDefinition(id, ChannelKind.STATE, ChannelValueType.SWITCH, true, List.of(), description);
    }

    private static ChannelDefinition command(String id, ChannelValueType type, String description) {
        return new ChannelDefinition(id, ChannelKind.COMMAND, type, true, List.of(), description);
    }
}
