package org.actionbridge.protocol;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.actionbridge.protocol.internal.AsciiCase;

/**
 * Catalogue of every instruction key of spec 3.3 with its aliases, group, description and the phone
 * series it works on.
 *
 * <p>Case: the specification writes keys in mixed case ({@code OK}, {@code exit}, {@code Reboot},
 * {@code AutoP}, {@code f_ Prefix}, {@code F_ Flash}), so tokens are <em>recognised</em> ignoring ASCII case,
 * but always <em>rendered</em> in the exact spelling the specification gives for the alias that was used
 * ({@code reboot} is rendered {@code Reboot}, {@code f_handfree} is rendered {@code F_HANDFREE}). The alias
 * is kept because firmware versions differ in which aliases they support.
 */
public enum Key {
    SPEAKER(KeyGroup.DIAL, "ALL", "Hands free key, turn handsfree on and off.", "SPEAKER", "F_HANDFREE", "F_HANDSFREE"),
    HEADSET(KeyGroup.DIAL, "ALL", "Headset key.", "F_HEADSET", "HEADSET"),
    PREFIX(KeyGroup.DIAL, "ALL", "Prefix number; also written F_PREFIX:number in one element.", "F_PREFIX"),
    OK(KeyGroup.ANSWER, "ALL", "Confirm key: answer the phone, pick up, send the number, enter the menu in standby; also the navigation OK key.", "OK", "ENTER", "F_OK"),
    ACCEPT(KeyGroup.ANSWER, "ALL", "Answer key.", "F_ACCEPT"),
    CALL_BACK(KeyGroup.CALL, "ALL", "Call back the number.", "F_LOR"),
    REDIAL(KeyGroup.CALL, "ALL", "Redial the number, as pressing the redial key.", "RD", "F_REDIAL"),
    SEND(KeyGroup.CALL, "ALL", "With a number on the dial screen, send it out, as pressing the dial key.", "F_SEND"),
    RELEASE(KeyGroup.HANG_UP, "ALL", "Same as pressing release: hang up, refuse to answer, quit dialing, exit an application.", "RELEASE", "F_RELEASE"),
    CANCEL(KeyGroup.HANG_UP, "ALL", "Same as pressing cancel.", "F_CANCEL", "X"),
    REJECT(KeyGroup.HANG_UP, "ALL", "Same as pressing the reject key.", "F_REJECT"),
    TRANSFER(KeyGroup.TRANSFER, "ALL", "Same as pressing the transfer key: blind, attended or semi-attended transfer.", "F_TRANSFER"),
    BLIND_TRANSFER(KeyGroup.TRANSFER, "ALL", "Transfer key variant listed with F_TRANSFER (blind transfer).", "F_B_TRANSFER"),
    ATTENDED_TRANSFER(KeyGroup.TRANSFER, "ALL", "Transfer key variant listed with F_TRANSFER (attended transfer).", "F_A_TRANSFER"),
    DIVERT(KeyGroup.TRANSFER, "ALL", "Call forwarding.", "F_DIVERT"),
    CONFERENCE(KeyGroup.CONFERENCE, "ALL", "Same as pressing the conference key: enter the conference dialing screen.", "F_CONFERENCE"),
    JOIN(KeyGroup.CONFERENCE, "ALL", "Join a three-way call, as pressing the join DSS key.", "F_JOIN"),
    DND(KeyGroup.ADVANCED, "ALL", "Toggle do not disturb.", "DND"),
    DND_ON(KeyGroup.ADVANCED, "ALL", "Turn do not disturb on.", "DNDON"),
    DND_OFF(KeyGroup.ADVANCED, "ALL", "Turn do not disturb off.", "DNDOFF"),
    PICKUP(KeyGroup.ADVANCED, "ALL", "Same as pressing the pickup DSS key: answer the call.", "F_PICKUP"),
    PARK(KeyGroup.ADVANCED, "ALL", "Same as pressing the park DSS key: park the call.", "F_PARK"),
    AUTO_REDIAL(KeyGroup.ADVANCED, "X3_X4", "Automatic redial while dialing (X4 series only).", "F_AUTOREDIAL"),
    UNAUTO_REDIAL(KeyGroup.ADVANCED, "X3_X4", "Cancel automatic redial while dialing (X4 series only).", "F_UNAUTOREDIAL"),
    HOLD(KeyGroup.ADVANCED, "ALL", "Hold / release hold.", "F_HOLD"),
    DIGIT_0(KeyGroup.ADVANCED, "ALL", "Single DTMF digit 0.", "F_0"),
    DIGIT_1(KeyGroup.ADVANCED, "ALL", "Single DTMF digit 1.", "F_1"),
    DIGIT_2(KeyGroup.ADVANCED, "ALL", "Single DTMF digit 2.", "F_2"),
    DIGIT_3(KeyGroup.ADVANCED, "ALL", "Single DTMF digit 3.", "F_3"),
    DIGIT_4(KeyGroup.ADVANCED, "ALL", "Single DTMF digit 4.", "F_4"),
    DIGIT_5(KeyGroup.ADVANCED, "ALL", "Single DTMF digit 5.", "F_5"),
    DIGIT_6(KeyGroup.ADVANCED, "ALL", "Single DTMF digit 6.", "F_6"),
    DIGIT_7(KeyGroup.ADVANCED, "ALL", "Single DTMF digit 7.", "F_7"),
    DIGIT_8(KeyGroup.ADVANCED, "ALL", "Single DTMF digit 8.", "F_8"),
    DIGIT_9(KeyGroup.ADVANCED, "ALL", "Single DTMF digit 9.", "F_9"),
    STAR(KeyGroup.ADVANCED, "ALL", "The * key.", "*", "F_*", "F_STAR"),
    POUND(KeyGroup.ADVANCED, "ALL", "The # key.", "#", "POUND", "F_POUND"),
    RECORD(KeyGroup.ADVANCED, "ALL", "Recording during a call.", "F_REC"),
    FLASH(KeyGroup.ADVANCED, "ALL", "Switch calls / answer calls during calls.", "F_FLASH"),
    GROUP_LISTEN(KeyGroup.ADVANCED, "ALL", "Group listening.", "F_GROUPLISTEN"),
    EXIT(KeyGroup.ADVANCED, "X6", "Exit (X6 series only).", "exit"),
    CLEAR(KeyGroup.ADVANCED, "X6", "Clear the input number while dialing (X6 series only).", "clear"),
    SPLIT(KeyGroup.ADVANCED, "X6", "Release (split) a conference (X6 series only).", "split"),
    PREV_LINE(KeyGroup.ADVANCED, "X6", "Switch to the previous line (X6 series only).", "prev_line"),
    NEXT_LINE(KeyGroup.ADVANCED, "X6", "Switch to the next line (X6 series only).", "next_line"),
    PREV_CALL(KeyGroup.ADVANCED, "X6", "Switch to the previous call (X6 series only).", "prev_call"),
    NEXT_CALL(KeyGroup.ADVANCED, "X6", "Switch to the next call (X6 series only).", "next_call"),
    DISPOSITION(KeyGroup.BROADSOFT, "ALL", "BroadSoft call center: mark the call record type.", "F_DISPOSITION"),
    ESCALATE(KeyGroup.BROADSOFT, "ALL", "BroadSoft call center: one key to join the manager.", "F_ESCALATE"),
    TRACE(KeyGroup.BROADSOFT, "ALL", "BroadSoft call center: ask the server to record the call.", "F_TRACE"),
    PRIVATE_HOLD(KeyGroup.BROADSOFT, "ALL", "BroadSoft shared call appearance: hold without sharing (private hold).", "F_PRIVATEHOLD"),
    VOLUME_UP(KeyGroup.VOLUME, "ALL", "Turn the volume up in talking, conference, idle and other states.", "VOLUME_UP", "F_VOLUME_UP"),
    VOLUME_DOWN(KeyGroup.VOLUME, "ALL", "Reduce the volume.", "VOLUME_DOWN", "F_VOLUME_DOWN"),
    MUTE(KeyGroup.VOLUME, "ALL", "Silence (mute / unmute).", "F_MUTE", "MUTE"),
    L1(KeyGroup.DSS_KEYS, "X3_X4", "Line key 1 (X4 series only).", "L1", "F_L1"),
    L2(KeyGroup.DSS_KEYS, "X3_X4", "Line key 2 (X4 series only).", "L2", "F_L2"),
    L3(KeyGroup.DSS_KEYS, "X3_X4", "Line key 3 (X4 series only).", "L3", "F_L3"),
    L4(KeyGroup.DSS_KEYS, "X3_X4", "Line key 4 (X4 series only).", "L4", "F_L4"),
    L5(KeyGroup.DSS_KEYS, "X3_X4", "Line key 5 (X4 series only).", "L5", "F_L5"),
    L6(KeyGroup.DSS_KEYS, "X3_X4", "Line key 6 (X4 series only).", "L6", "F_L6"),
    D1(KeyGroup.DSS_KEYS, "X3_X4", "DSS key 1 (X4 series only).", "F_D1"),
    D2(KeyGroup.DSS_KEYS, "X3_X4", "DSS key 2 (X4 series only).", "F_D2"),
    D3(KeyGroup.DSS_KEYS, "X3_X4", "DSS key 3 (X4 series only).", "F_D3"),
    D4(KeyGroup.DSS_KEYS, "X3_X4", "DSS key 4 (X4 series only).", "F_D4"),
    D5(KeyGroup.DSS_KEYS, "X3_X4", "DSS key 5 (X4 series only).", "F_D5"),
    D6(KeyGroup.DSS_KEYS, "X3_X4", "DSS key 6 (X4 series only).", "F_D6"),
    D7(KeyGroup.DSS_KEYS, "X3_X4", "DSS key 7 (X4 series only).", "F_D7"),
    D8(KeyGroup.DSS_KEYS, "X3_X4", "DSS key 8 (X4 series only).", "F_D8"),
    D9(KeyGroup.DSS_KEYS, "X3_X4", "DSS key 9 (X4 series only).", "F_D9"),
    D10(KeyGroup.DSS_KEYS, "X3_X4", "DSS key 10 (X4 series only).", "F_D10"),
    D11(KeyGroup.DSS_KEYS, "X3_X4", "DSS key 11 (X4 series only).", "F_D11"),
    D12(KeyGroup.DSS_KEYS, "X3_X4", "DSS key 12 (X4 series only).", "F_D12"),
    DSS1(KeyGroup.DSS_KEYS, "X6", "DSS key 1 (X6 series only).", "DSS1"),
    DSS2(KeyGroup.DSS_KEYS, "X6", "DSS key 2 (X6 series only).", "DSS2"),
    DSS3(KeyGroup.DSS_KEYS, "X6", "DSS key 3 (X6 series only).", "DSS3"),
    DSS4(KeyGroup.DSS_KEYS, "X6", "DSS key 4 (X6 series only).", "DSS4"),
    DSS5(KeyGroup.DSS_KEYS, "X6", "DSS key 5 (X6 series only).", "DSS5"),
    DSS6(KeyGroup.DSS_KEYS, "X6", "DSS key 6 (X6 series only).", "DSS6"),
    DSS7(KeyGroup.DSS_KEYS, "X6", "DSS key 7 (X6 series only).", "DSS7"),
    DSS8(KeyGroup.DSS_KEYS, "X6", "DSS key 8 (X6 series only).", "DSS8"),
    DSS9(KeyGroup.DSS_KEYS, "X6", "DSS key 9 (X6 series only).", "DSS9"),
    DSS10(KeyGroup.DSS_KEYS, "X6", "DSS key 10 (X6 series only).", "DSS10"),
    DSS11(KeyGroup.DSS_KEYS, "X6", "DSS key 11 (X6 series only).", "DSS11"),
    DSS12(KeyGroup.DSS_KEYS, "X6", "DSS key 12 (X6 series only).", "DSS12"),
    SOFTKEY_1(KeyGroup.DSS_KEYS, "ALL", "Softkey 1.", "F1", "F_F1"),
    SOFTKEY_2(KeyGroup.DSS_KEYS, "ALL", "Softkey 2.", "F2", "F_F2"),
    SOFTKEY_3(KeyGroup.DSS_KEYS, "ALL", "Softkey 3.", "F3", "F_F3"),
    SOFTKEY_4(KeyGroup.DSS_KEYS, "ALL", "Softkey 4.", "F4", "F_F4"),
    AGENT(KeyGroup.APPS, "ALL", "Enter the agent configuration screen.", "F_AGENT"),
    VOICEMAIL(KeyGroup.APPS, "ALL", "Access voice mail.", "MSG", "F_MWI"),
    MEMO(KeyGroup.APPS, "ALL", "Enter memo.", "F_MEMO"),
    PHONEBOOK(KeyGroup.APPS, "ALL", "Access the phone book.", "F_PBOOK"),
    LOCAL_CONTACTS(KeyGroup.APPS, "ALL", "Local phone book.", "F_LOCALCONTACTS"),
    NETWORK_PHONEBOOK(KeyGroup.APPS, "ALL", "Access the Internet phone book.", "F_SERVICE"),
    SMS(KeyGroup.APPS, "ALL", "Enter the SMS screen.", "F_SMS"),
    LOCK(KeyGroup.APPS, "ALL", "Enter the keyboard lock configuration screen; with &code= it opens a door (spec 3.3, door).", "F_LOCK"),
    HIDE_DTMF(KeyGroup.APPS, "ALL", "Enter the hide DTMF configuration screen.", "F_SDTMF"),
    CALL_FORWARD(KeyGroup.APPS, "ALL", "Enter call forwarding settings.", "F_CFWD"),
    HOTDESKING(KeyGroup.CONFIGURATION, "ALL", "Clear the SIP configuration (hot desking).", "F_HOTDESKING"),
    REBOOT(KeyGroup.CONFIGURATION, "ALL", "Restart.", "Reboot", "F_REBOOT"),
    AUTO_PROVISION(KeyGroup.CONFIGURATION, "ALL", "Restart auto provisioning detection.", "AutoP"),
    RESET(KeyGroup.CONFIGURATION, "ALL", "Restore factory settings.", "Reset"),
    UP(KeyGroup.NAVIGATION, "ALL", "Navigation key up.", "UP", "F_UP"),
    DOWN(KeyGroup.NAVIGATION, "ALL", "Navigation key down.", "DOWN", "F_DOWN"),
    LEFT(KeyGroup.NAVIGATION, "ALL", "Navigation key left.", "LEFT", "F_LEFT"),
    RIGHT(KeyGroup.NAVIGATION, "ALL", "Navigation key right.", "RIGHT", "F_RIGHT"),
    DELETE(KeyGroup.NAVIGATION, "ALL", "Delete key.", "F_DELETE", "DELETE"),
    MENU(KeyGroup.NAVIGATION, "X6", "Menu (X6 series only).", "menu");

    private static final Map<String, Key> BY_UPPER_TOKEN;
    private static final Map<String, String> SPELLING_BY_UPPER_TOKEN;

    static {
        HashMap<String, Key> keys = new HashMap<>();
        HashMap<String, String> spellings = new HashMap<>();
        for (Key key : values()) {
            for (String token : key.tokens) {
                String upper = AsciiCase.toUpper(token);
                if (keys.put(upper, key) != null) {
                    throw new IllegalStateException("duplicate key token " + token);
                }
                spellings.put(upper, token);
            }
        }
        BY_UPPER_TOKEN = Map.copyOf(keys);
        SPELLING_BY_UPPER_TOKEN = Map.copyOf(spellings);
    }

    private final KeyGroup group;
    private final Set<PhoneModelSeries> models;
    private final String description;
    private final List<String> tokens;

    Key(KeyGroup group, String models, String description, String... tokens) {
        this.group = group;
        this.models = Collections.unmodifiableSet(seriesSet(models));
        this.description = description;
        this.tokens = List.of(tokens);
    }

    private static EnumSet<PhoneModelSeries> seriesSet(String models) {
        switch (models) {
            case "X3_X4":
                return EnumSet.of(PhoneModelSeries.X3_X4);
            case "X6":
                return EnumSet.of(PhoneModelSeries.X6);
            default:
                return EnumSet.allOf(PhoneModelSeries.class);
        }
    }

    /** The first spelling the specification gives, used when a key is rendered without a chosen alias. */
    public String token() {
        return tokens.get(0);
    }

    /** Every spelling the specification gives for this key, the primary one first. */
    public List<String> tokens() {
        return tokens;
    }

    /** The specification heading the key is listed under. */
    public KeyGroup group() {
        return group;
    }

    /** What the key does, after the specification. */
    public String description() {
        return description;
    }

    /** The phone series on which the key works (the specification's X4-only and X6-only notes). */
    public Set<PhoneModelSeries> models() {
        return models;
    }

    /** Whether the key works on a phone of this series. */
    public boolean supportedBy(PhoneModelSeries series) {
        return models.contains(series);
    }

    /** The key one of whose tokens equals {@code token}, ignoring ASCII case. */
    public static Optional<Key> fromToken(String token) {
        if (token == null || token.isEmpty() || token.length() > 32) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_UPPER_TOKEN.get(AsciiCase.toUpper(token)));
    }

    /** The specification's spelling of a token matched ignoring case, e.g. {@code REBOOT} gives {@code Reboot}. */
    public static Optional<String> canonicalSpelling(String token) {
        if (token == null || token.isEmpty() || token.length() > 32) {
            return Optional.empty();
        }
        return Optional.ofNullable(SPELLING_BY_UPPER_TOKEN.get(AsciiCase.toUpper(token)));
    }
}
