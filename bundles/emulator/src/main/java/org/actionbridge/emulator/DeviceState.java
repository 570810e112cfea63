package org.actionbridge.emulator;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of an emulated device, taken at one moment; what {@code GET /emulator/state} returns as JSON.
 *
 * @param id the device id
 * @param type phone or intercom
 * @param model the model it reports in {@code $model}
 * @param firmware the firmware version it reports in {@code $firmware}
 * @param mac its MAC address, canonical form
 * @param ip the IP address it reports in {@code $ip} (changed by {@link EmulatedDevice#ipChange(String)})
 * @param registration the SIP account registration state
 * @param rebooting true while the device restarts (Active URI answers 503 then)
 * @param offHook true while an audio device (handset, handsfree, headset) is in use
 * @param screen {@code idle}, {@code dialing}, {@code call}, {@code rebooting}, or the application screen a
 *        key opened (e.g. {@code menu}, {@code F_SMS})
 * @param callState the call state of DESIGN.md's {@code call-state} channel
 * @param remoteNumber the number of the focused call, empty without a call
 * @param remoteName the name of the focused call, empty when unknown
 * @param dialedDigits the number being entered on the dialing screen
 * @param calls every call, oldest first
 * @param conference true while the calls are joined in a conference
 * @param dnd do not disturb
 * @param mute the microphone is muted
 * @param volume the volume, 0 to 9
 * @param forwardUnconditional unconditional call forwarding
 * @param forwardBusy call forwarding on busy
 * @param forwardNoAnswer call forwarding on no answer
 * @param line the selected line
 * @param lineDisplayNames display names set by {@code line=n;displayname=...}, by line
 * @param lastDialed the number the redial key calls, empty if none
 * @param missedCalls missed calls since start
 * @param mwi waiting voice messages
 * @param lastSmsFrom sender of the last SMS, empty if none
 * @param lastSmsText text of the last SMS, empty if none
 * @param lastSipMessage body of the last SIP MESSAGE received, empty if none
 * @param doorOpen the door lock is open (intercom)
 * @param doorSensor1 door sensor 1 alarm is active (intercom)
 * @param doorSensor2 door sensor 2 alarm is active (intercom)
 * @param tamper tamper alarm is active (intercom)
 * @param output1 output 1 is active (intercom)
 * @param output2 output 2 is active (intercom)
 * @param recentKeys the last keys pressed, oldest first (at most 50)
 * @param recentEvents the last events fired, oldest first (at most 100)
 */
public record DeviceState(String id, DeviceType type, String model, String firmware, String mac, String ip,
        Registration registration, boolean rebooting, boolean offHook, String screen, CallState callState,
        String remoteNumber, String remoteName, String dialedDigits, List<CallInfo> calls, boolean conference,
        boolean dnd, boolean mute, int volume, boolean forwardUnconditional, boolean forwardBusy,
        boolean forwardNoAnswer, int line, Map<Integer, String> lineDisplayNames, String lastDialed,
        int missedCalls, int mwi, String lastSmsFrom, String lastSmsText, String lastSipMessage, boolean doorOpen,
        boolean doorSensor1, boolean doorSensor2, boolean tamper, boolean output1, boolean output2,
        List<String> recentKeys, List<FiredEvent> recentEvents) {

    /** Copies the collections. */
    public DeviceState {
        calls = List.copyOf(calls);
        lineDisplayNames = Map.copyOf(lineDisplayNames);
        recentKeys = List.copyOf(recentKeys);
        recentEvents = List.copyOf(recentEvents);
    }

    /** The focused call, if there is a call. */
    public Optional<CallInfo> focusedCall() {
        return calls.stream().filter(CallInfo::focused).findFirst();
    }
}
