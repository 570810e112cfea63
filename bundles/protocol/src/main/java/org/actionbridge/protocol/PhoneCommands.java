package org.actionbridge.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * High-level phone commands built from Active URI keys (spec 3.3 to 3.6). Toggles are documented as
 * such: the phone has no separate "resume" or "unmute" key, the same key is pressed again.
 */
public final class PhoneCommands {
    /** Most key presses one {@link #volume(int)} command sends. */
    public static final int MAX_VOLUME_STEPS = 10;

    private PhoneCommands() {
    }

    /** Any key sequence given by a user, such as {@code SPEAKER;0000;ENTER}, checked against the catalogue. */
    public static ActiveUriInstruction keys(String keySequence) throws ProtocolException {
        return ActiveUriInstruction.ofKeys(KeySequence.parse(keySequence));
    }

    /** A single catalogue key in its primary spelling, e.g. {@code key=F_REDIAL}. */
    public static ActiveUriInstruction press(Key key) {
        return ActiveUriInstruction.ofKeys(KeySequence.of(key));
    }

    /** Dial a number handsfree: {@code SPEAKER;<number>;ENTER} (spec 3.3, 3.5). */
    public static ActiveUriInstruction dial(String number) throws ProtocolException {
        return withNumber(Key.SPEAKER, number, Key.OK, "ENTER");
    }

    /** Dial a number on the headset: {@code F_HEADSET;<number>;ENTER} (spec 3.3). */
    public static ActiveUriInstruction dialHeadset(String number) throws ProtocolException {
        return withNumber(Key.HEADSET, number, Key.OK, "ENTER");
    }

    /** Dial a number from the standby screen without choosing the audio device: {@code <number>;ENTER}. */
    public static ActiveUriInstruction dialFromStandby(String number) throws ProtocolException {
        return ActiveUriInstruction.ofKeys(KeySequence.of(KeySequence.digits(number),
                new KeySequence.Press(Key.OK, "ENTER")));
    }

    /** Send digits as DTMF during a call, e.g. {@code key=1234}. */
    public static ActiveUriInstruction sendDtmf(String digits) throws ProtocolException {
        return ActiveUriInstruction.ofKeys(KeySequence.of(KeySequence.digits(digits)));
    }

    /** Answer the ringing call, or a second call (the first is held): {@code key=OK} (spec 3.6). */
    public static ActiveUriInstruction answer() {
        return press(Key.OK);
    }

    /** Hang up the current call: {@code key=RELEASE}. */
    public static ActiveUriInstruction hangUp() {
        return press(Key.RELEASE);
    }

    /** Reject a ringing call: {@code key=F_REJECT}. */
    public static ActiveUriInstruction reject() {
        return press(Key.REJECT);
    }

    /** Redial the last number: {@code key=F_REDIAL}. */
    public static ActiveUriInstruction redial() {
        return ActiveUriInstruction.ofKeys(KeySequence.of(new KeySequence.Press(Key.REDIAL, "F_REDIAL")));
    }

    /** Toggle hold of the current call: {@code key=F_HOLD} ("hold / release hold"). */
    public static ActiveUriInstruction hold() {
        return press(Key.HOLD);
    }

    /** Resume a held call: the same toggle {@code key=F_HOLD}, sent while the call is held. */
    public static ActiveUriInstruction resume() {
        return press(Key.HOLD);
    }

    /** Switch between calls: {@code key=F_FLASH} (spec 3.6). */
    public static ActiveUriInstruction switchCall() {
        return press(Key.FLASH);
    }

    /** Toggle mute of the current call: {@code key=F_MUTE}. */
    public static ActiveUriInstruction mute() {
        return press(Key.MUTE);
    }

    /** Turn DND on ({@code key=DNDON}) or off ({@code key=DNDOFF}). */
    public static ActiveUriInstruction dnd(boolean on) {
        return press(on ? Key.DND_ON : Key.DND_OFF);
    }

    /** Toggle DND: {@code key=DND}. */
    public static ActiveUriInstruction dndToggle() {
        return press(Key.DND);
    }

    /** One step louder: {@code key=VOLUME_UP}. */
    public static ActiveUriInstruction volumeUp() {
        return press(Key.VOLUME_UP);
    }

    /** One step quieter: {@code key=VOLUME_DOWN}. */
    public static ActiveUriInstruction volumeDown() {
        return press(Key.VOLUME_DOWN);
    }

    /**
     * Change the volume by a number of steps in one request, e.g. {@code volume(-2)} gives
     * {@code key=VOLUME_DOWN;VOLUME_DOWN}.
     *
     * @param steps non-zero, at most {@link #MAX_VOLUME_STEPS} either way
     */
    public static ActiveUriInstruction volume(int steps) throws ProtocolException {
        if (steps == 0 || Math.abs(steps) > MAX_VOLUME_STEPS) {
            throw new ProtocolException("volume steps must be between -" + MAX_VOLUME_STEPS + " and "
                    + MAX_VOLUME_STEPS + " and not 0, not " + steps);
        }
        Key key = steps > 0 ? Key.VOLUME_UP : Key.VOLUME_DOWN;
        List<KeySequence.Element> presses = new ArrayList<>();
        for (int i = 0; i < Math.abs(steps); i++) {
            presses.add(KeySequence.Press.of(key));
        }
        return ActiveUriInstruction.ofKeys(KeySequence.of(presses));
    }

    /** Blind transfer of the current call: {@code F_TRANSFER;<number>;F_TRANSFER} (spec 3.5). */
    public static ActiveUriInstruction blindTransfer(String number) throws ProtocolException {
        return withNumber(Key.TRANSFER, number, Key.TRANSFER, "F_TRANSFER");
    }

    /**
     * Start an attended transfer: {@code F_TRANSFER;<number>;OK} calls the target (spec 3.6); once it
     * answers, {@link #completeAttendedTransfer()} completes the transfer.
     */
    public static ActiveUriInstruction attendedTransfer(String number) throws ProtocolException {
        return withNumber(Key.TRANSFER, number, Key.OK, "OK");
    }

    /** Complete an attended transfer after the target answered: {@code key=OK} (spec 3.6). */
    public static ActiveUriInstruction completeAttendedTransfer() {
        return press(Key.OK);
    }

    /** Open the door of an access control product: {@code key=F_LOCK&code=<code>}. */
    public static ActiveUriInstruction openDoor(String code) throws ProtocolException {
        return ActiveUriInstruction.openDoor(code);
    }

    /** Restart the phone: {@code key=F_REBOOT}. */
    public static ActiveUriInstruction reboot() {
        return ActiveUriInstruction.ofKeys(KeySequence.of(new KeySequence.Press(Key.REBOOT, "F_REBOOT")));
    }

    /** Set the display name of a line: {@code line=<line>;displayname=<name>}. */
    public static ActiveUriInstruction displayName(int line, String name) throws ProtocolException {
        return ActiveUriInstruction.lineDisplayName(line, name);
    }

    private static ActiveUriInstruction withNumber(Key first, String number, Key last, String lastToken)
            throws ProtocolException {
        return ActiveUriInstruction.ofKeys(KeySequence.of(KeySequence.Press.of(first), KeySequence.digits(number),
                new KeySequence.Press(last, lastToken)));
    }
}
