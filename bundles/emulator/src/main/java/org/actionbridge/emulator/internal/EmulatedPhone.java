package org.actionbridge.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.actionbridge.emulator.Alarm;
import org.actionbridge.emulator.CallInfo;
import org.actionbridge.emulator.CallState;
import org.actionbridge.emulator.CallStatus;
import org.actionbridge.emulator.DeviceState;
import org.actionbridge.emulator.DeviceType;
import org.actionbridge.emulator.EmulatedDevice;
import org.actionbridge.emulator.ExecutionResult;
import org.actionbridge.emulator.ExecutionResult.Outcome;
import org.actionbridge.emulator.FiredEvent;
import org.actionbridge.emulator.Registration;
import org.actionbridge.protocol.ActionEvent;
import org.actionbridge.protocol.ActionUrlTemplate;
import org.actionbridge.protocol.ActiveUriInstruction;
import org.actionbridge.protocol.Key;
import org.actionbridge.protocol.KeySequence;
import org.actionbridge.protocol.PhoneModelSeries;
import org.actionbridge.protocol.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device and call state machine of one emulated Fanvil phone or intercom, driven by the keys of spec 3.3
 * (as spec 3.5 and 3.6 use them) and by the control methods that simulate the outside world. It fires the
 * events of spec 2.4 at the moments a phone fires them, expands the device's Action URL for each with the
 * variables valid for the event (spec 2.5) and hands the URL to an {@link EventSink}. All state is guarded by
 * one lock; nothing here does I/O.
 */
final class EmulatedPhone implements EmulatedDevice {

    /** Receives the URL of each fired event that has one; must not block. */
    @FunctionalInterface
    interface EventSink {
        void send(ActionEvent event, String url);
    }

    static final int MAX_CALLS = 6;
    static final int LINES = 6;
    private static final int RECENT_KEYS = 50;
    private static final int RECENT_EVENTS = 100;
    private static final Pattern NUMBER = Pattern.compile("[A-Za-z0-9*#+._-]{1,64}");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private enum Dialing { NONE, NEW_CALL, TRANSFER, CONFERENCE }

    private final Logger logger = LoggerFactory.getLogger(EmulatedPhone.class);
    private final EmulatorConfig config;
    private final EventSink sink;
    private final ScheduledExecutorService timers;
    private final Object lock = new Object();

    // --- state, guarded by lock ---
    private Registration registration = Registration.REGISTERED;
    private boolean rebooting;
    private String ip;
    private boolean offHook;
    /** The screen state last reported by idle_to_busy / busy_to_idle. */
    private boolean screenBusy;
    private String audio = "handset";
    private String screen = "";
    private Dialing dialing = Dialing.NONE;
    private final StringBuilder dialBuffer = new StringBuilder();
    private Call transferFrom;
    private Call conferenceFrom;
    private final List<Call> calls = new ArrayList<>();
    private Call focus;
    private boolean conference;
    private boolean dnd;
    private boolean mute;
    private int volume = 5;
    private boolean forwardUnconditional;
    private boolean forwardBusy;
    private boolean forwardNoAnswer;
    private int line = 1;
    private final Map<Integer, String> lineNames = new TreeMap<>();
    private String lastDialed = "";
    private String lastCaller = "";
    private int missedCalls;
    private int mwi;
    private String smsFrom = "";
    private String smsText = "";
    private String sipMessage = "";
    private boolean doorOpen;
    private boolean doorSensor1;
    private boolean doorSensor2;
    private boolean tamper;
    private boolean output1;
    private boolean output2;
    private boolean recording;
    private boolean groupListen;
    private boolean autoRedial;
    /** The SIP account was cleared (F_HOTDESKING): a restart does not register it again. */
    private boolean accountCleared;
    /** Settings a factory reset switched off, reported once the device is up again. */
    private final List<ActionEvent> resetEvents = new ArrayList<>();
    private final Deque<String> recentKeys = new ArrayDeque<>();
    private final Deque<FiredEvent> recentEvents = new ArrayDeque<>();
    private long sequence;
    private int nextCallId = 1;
    private ScheduledFuture<?> doorClose;
    private ScheduledFuture<?> rebootDone;
    /** The web login ({@code user:password}), as configured or as changed by {@link #webLogin}. */
    private byte[] webLogin;

    EmulatedPhone(EmulatorConfig config, EventSink sink, ScheduledExecutorService timers) {
        this.config = config;
        this.sink = sink;
        this.timers = timers;
        this.ip = config.bindAddress().getHostAddress();
        this.webLogin = configuredLogin(config);
    }

    private static byte[] configuredLogin(EmulatorConfig config) {
        return (config.username() + ":" + config.password()).getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code given} ({@code user:password}, as basic authentication carries it) is the web login. */
    boolean webLoginMatches(byte[] given) {
        byte[] expected;
        synchronized (lock) {
            expected = webLogin;
        }
        return MessageDigest.isEqual(given, expected);
    }

    /** Fires what a phone fires when it has started: setup completed, then the account registered. */
    void start() {
        synchronized (lock) {
            fire(ActionEvent.SETUP_COMPLETED, null);
            fire(ActionEvent.REGISTRATION_SUCCEEDED, null);
        }
    }

    /** Cancels the timers (door closing, reboot). */
    void stop() {
        synchronized (lock) {
            cancel(doorClose);
            cancel(rebootDone);
        }
    }

    EmulatorConfig config() {
        return config;
    }

    @Override
    public String id() {
        return config.id();
    }

    @Override
    public DeviceType type() {
        return config.type();
    }

    // ------------------------------------------------------------------ Active URI

    @Override
    public ExecutionResult execute(ActiveUriInstruction instruction) {
        synchronized (lock) {
            if (rebooting) {
                return new ExecutionResult(Outcome.UNAVAILABLE, List.of("the device is restarting"));
            }
            switch (instruction.kind()) {
                case OPEN_DOOR:
                    return openDoor(instruction.doorCode().orElse(""));
                case DISPLAY_NAME:
                    int n = instruction.line().orElse(1);
                    if (n > LINES) {
                        return new ExecutionResult(Outcome.UNSUPPORTED, List.of("line " + n + ": this phone has "
                                + LINES + " lines"));
                    }
                    String name = instruction.displayName().orElse("");
                    lineNames.put(n, name);
                    remember("line=" + n + ";displayname=" + name);
                    return new ExecutionResult(Outcome.DONE, List.of("line " + n + " display name set to " + name));
                default:
                    return pressAll(instruction.keySequence().orElseThrow());
            }
        }
    }

    private ExecutionResult pressAll(KeySequence sequence) {
        List<String> unsupported = new ArrayList<>();
        for (KeySequence.Element element : sequence.elements()) {
            if (element instanceof KeySequence.Press press && !press.key().supportedBy(config.series())) {
                unsupported.add(press.token() + " is not a key of the " + config.series().displayName()
                        + " (model " + config.model() + ")");
            } else if (element instanceof KeySequence.RawKey raw) {
                unsupported.add("unknown key " + raw.token());
            }
        }
        if (!unsupported.isEmpty()) {
            return new ExecutionResult(Outcome.UNSUPPORTED, unsupported);
        }
        List<String> steps = new ArrayList<>();
        boolean prefixNext = false;
        for (KeySequence.Element element : sequence.elements()) {
            boolean isPrefix = prefixNext; // F_PREFIX applies to the element right after it only
            prefixNext = false;
            String what;
            if (element instanceof KeySequence.Press press && press.key() == Key.PREFIX) {
                // spec 3.3's second spelling, "f_Prefix; prefix number": the digits that follow are the prefix
                prefixNext = true;
                what = "the next digits are the prefix";
            } else if (element instanceof KeySequence.Press press) {
                what = press(press.key(), press.token());
            } else if (element instanceof KeySequence.Digits digits) {
                what = isPrefix ? prefix(digits.digits()) : digits(digits.digits());
            } else {
                what = prefix(((KeySequence.PrefixNumber) element).digits());
            }
            remember(element.render());
            steps.add(element.render() + ": " + what);
            screenTransition();
            if (rebooting) {
                break; // the rest of the sequence is lost with the restart
            }
        }
        return new ExecutionResult(Outcome.DONE, steps);
    }

    private String press(Key key, String token) {
        switch (key) {
            case SPEAKER:
                return audioKey("handsfree");
            case HEADSET:
                return audioKey("headset");
            case OK:
                return okKey();
            case ACCEPT:
            case PICKUP:
                return ringingCall().map(this::answer).orElse("ignored: no call is ringing");
            case SEND:
                return dialing != Dialing.NONE && dialBuffer.length() > 0 ? dialBuffer()
                        : "ignored: no number entered";
            case CALL_BACK:
                return redial(lastCaller, "no caller to call back");
            case REDIAL:
                return redial(lastDialed, "no number to redial");
            case RELEASE:
                return releaseKey();
            case CANCEL:
                return cancelKey();
            case REJECT:
                return ringingCall().map(c -> reject(c)).orElse("ignored: no call is ringing");
            case TRANSFER:
            case BLIND_TRANSFER:
            case ATTENDED_TRANSFER:
                return transferKey();
            case DIVERT:
                return ringingCall().map(c -> {
                    endCall(c, ActionEvent.CALL_TERMINATED); // the call leaves this phone
                    return "call " + c.id + " forwarded";
                }).orElse("ignored: no call is ringing");
            case CONFERENCE:
                return conferenceKey();
            case JOIN:
                return join();
            case SPLIT:
                return split();
            case DND:
                return setDnd(!dnd);
            case DND_ON:
                return setDnd(true);
            case DND_OFF:
                return setDnd(false);
            case PARK:
                return talkingFocus().map(c -> {
                    endCall(c, ActionEvent.CALL_TERMINATED);
                    return "call " + c.id + " parked";
                }).orElse("ignored: no call to park");
            case AUTO_REDIAL:
                autoRedial = true;
                return "automatic redial on";
            case UNAUTO_REDIAL:
                autoRedial = false;
                return "automatic redial off";
            case HOLD:
            case PRIVATE_HOLD:
                return holdKey();
            case FLASH:
                return flash();
            case PREV_CALL:
                return moveFocus(-1);
            case NEXT_CALL:
                return moveFocus(1);
            case PREV_LINE:
                line = line == 1 ? LINES : line - 1;
                return "line " + line;
            case NEXT_LINE:
                line = line == LINES ? 1 : line + 1;
                return "line " + line;
            case L1: case L2: case L3: case L4: case L5: case L6:
                line = Integer.parseInt(token.substring(token.length() - 1));
                return "line " + line;
            case MUTE:
                return muteKey();
            case VOLUME_UP:
                volume = Math.min(9, volume + 1);
                return "volume " + volume;
            case VOLUME_DOWN:
                volume = Math.max(0, volume - 1);
                return "volume " + volume;
            case RECORD:
                if (talkingFocus().isEmpty()) {
                    return "ignored: no call to record";
                }
                recording = !recording;
                return recording ? "recording" : "recording stopped";
            case GROUP_LISTEN:
                groupListen = !groupListen;
                return groupListen ? "group listening on" : "group listening off";
            case DIGIT_0: case DIGIT_1: case DIGIT_2: case DIGIT_3: case DIGIT_4:
            case DIGIT_5: case DIGIT_6: case DIGIT_7: case DIGIT_8: case DIGIT_9:
                return digits(token.substring(2));
            case STAR:
                return digits("*");
            case POUND:
                return digits("#");
            case DELETE:
                if (dialing != Dialing.NONE && dialBuffer.length() > 0) {
                    dialBuffer.setLength(dialBuffer.length() - 1);
                    return "number now '" + dialBuffer + "'";
                }
                return "ignored: nothing to delete";
            case CLEAR:
                if (dialing != Dialing.NONE) {
                    dialBuffer.setLength(0);
                    return "number cleared";
                }
                return "ignored: not dialing";
            case EXIT:
                if (!screen.isEmpty()) {
                    screen = "";
                    return "back to the standby screen";
                }
                return dialing != Dialing.NONE ? cancelDialing() : "ignored: nothing to exit";
            case HOTDESKING:
                accountCleared = true;
                if (registration != Registration.DISABLED) {
                    registration = Registration.DISABLED;
                    fire(ActionEvent.REGISTRATION_DISABLED, null);
                }
                return "SIP account cleared, registration disabled";
            case REBOOT:
                return reboot(false);
            case RESET:
                return reboot(true);
            case AUTO_PROVISION:
                return "auto provisioning check started";
            case AGENT: case VOICEMAIL: case MEMO: case PHONEBOOK: case LOCAL_CONTACTS: case NETWORK_PHONEBOOK:
            case SMS: case LOCK: case HIDE_DTMF: case CALL_FORWARD: case MENU:
                if (calls.isEmpty() && dialing == Dialing.NONE) {
                    screen = key == Key.MENU ? "menu" : token;
                    return "screen " + screen;
                }
                return "ignored: busy with a call";
            default:
                return "no effect in the emulator";
        }
    }

    private String audioKey(String device) {
        Optional<Call> ringing = ringingCall();
        if (ringing.isPresent() && talkingCall().isEmpty()) {
            audio = device;
            return answer(ringing.get());
        }
        if (!calls.isEmpty()) {
            audio = audio.equals(device) ? "handset" : device;
            return "audio on " + audio;
        }
        if (offHook) {
            dialing = Dialing.NONE;
            dialBuffer.setLength(0);
            hookOn();
            return "on hook";
        }
        audio = device;
        hookOff();
        screen = "";
        if (dialing == Dialing.NONE) {
            dialing = Dialing.NEW_CALL;
        }
        return "off hook (" + device + "), dialing";
    }

    private String okKey() {
        if (dialing != Dialing.NONE) {
            return dialBuffer.length() > 0 ? dialBuffer() : "ignored: no number entered";
        }
        if (transferFrom != null && focus != null && focus != transferFrom
                && (focus.status == CallStatus.TALKING || focus.status == CallStatus.CALLING)) {
            return completeAttendedTransfer();
        }
        Optional<Call> ringing = ringingCall();
        if (ringing.isPresent()) {
            return answer(ringing.get());
        }
        if (calls.isEmpty() && screen.isEmpty() && !offHook) {
            screen = "menu";
            return "screen menu";
        }
        return "ignored";
    }

    private String releaseKey() {
        if (dialing != Dialing.NONE) {
            return cancelDialing();
        }
        if (focus != null) {
            return focus.status == CallStatus.RINGING ? reject(focus) : hangUp(focus);
        }
        if (!screen.isEmpty()) {
            screen = "";
            return "back to the standby screen";
        }
        if (offHook) {
            hookOn();
            return "on hook";
        }
        return "ignored: nothing to release";
    }

    private String cancelKey() {
        if (dialing != Dialing.NONE) {
            return cancelDialing();
        }
        if (focus != null && focus.status == CallStatus.RINGING) {
            return reject(focus);
        }
        if (!screen.isEmpty()) {
            screen = "";
            return "back to the standby screen";
        }
        return "ignored: nothing to cancel";
    }

    private String transferKey() {
        if (dialing == Dialing.TRANSFER) {
            if (dialBuffer.length() == 0) {
                return "ignored: no transfer target entered";
            }
            Call call = transferFrom;
            String target = dialBuffer.toString();
            dialing = Dialing.NONE;
            dialBuffer.setLength(0);
            transferFrom = null;
            fire(ActionEvent.UNATTENDED_TRANSFER, call);
            endCall(call, ActionEvent.CALL_TERMINATED);
            return "call " + call.id + " transferred to " + target + " (blind)";
        }
        if (transferFrom != null && focus != null && focus != transferFrom
                && (focus.status == CallStatus.TALKING || focus.status == CallStatus.CALLING)) {
            return completeAttendedTransfer();
        }
        if (dialing == Dialing.NONE && focus != null && focus.status == CallStatus.TALKING) {
            Call call = focus;
            transferFrom = call;
            dialing = Dialing.TRANSFER;
            dialBuffer.setLength(0);
            fire(ActionEvent.CALL_TRANSFER, call);
            hold(call); // the key, then what it does to the call
            return "transfer of call " + call.id + ": enter the target";
        }
        return "ignored: no call to transfer";
    }

    private String completeAttendedTransfer() {
        Call original = transferFrom;
        Call consultation = focus;
        transferFrom = null;
        fire(ActionEvent.ATTENDED_TRANSFER, original);
        endCall(consultation, ActionEvent.CALL_TERMINATED);
        endCall(original, ActionEvent.CALL_TERMINATED);
        return "call " + original.id + " transferred to " + consultation.number + " (attended)";
    }

    private String conferenceKey() {
        if (dialing == Dialing.CONFERENCE) {
            return dialBuffer.length() > 0 ? dialBuffer() : "ignored: no number entered";
        }
        if (connectedCalls() >= 2) {
            return join();
        }
        if (dialing == Dialing.NONE && focus != null && focus.status == CallStatus.TALKING) {
            hold(focus);
            conferenceFrom = focus;
            dialing = Dialing.CONFERENCE;
            dialBuffer.setLength(0);
            return "conference: enter the number to add";
        }
        return "ignored: no call for a conference";
    }

    private String join() {
        if (connectedCalls() < 2) {
            return "ignored: a conference needs two connected calls";
        }
        for (Call c : List.copyOf(calls)) {
            if (c.status == CallStatus.HELD) {
                resume(c);
            }
        }
        conference = true;
        conferenceFrom = null;
        return "calls joined in a conference";
    }

    private String split() {
        if (!conference) {
            return "ignored: no conference";
        }
        conference = false;
        for (Call c : calls) {
            if (c != focus && c.status == CallStatus.TALKING) {
                c.status = CallStatus.HELD;
                fire(ActionEvent.CALL_HOLD, c);
            }
        }
        return "conference split";
    }

    private String holdKey() {
        if (focus == null || !focus.connected()) {
            return "ignored: no connected call";
        }
        if (focus.status == CallStatus.TALKING) {
            hold(focus);
            conference = false;
            return "call " + focus.id + " held";
        }
        for (Call c : List.copyOf(calls)) {
            if (c != focus && c.status == CallStatus.TALKING) {
                hold(c);
            }
        }
        conference = false;
        resume(focus);
        return "call " + focus.id + " resumed";
    }

    private String flash() {
        Optional<Call> ringing = ringingCall();
        if (ringing.isPresent()) {
            return answer(ringing.get());
        }
        List<Call> connected = calls.stream().filter(Call::connected).toList();
        if (connected.isEmpty()) {
            return "ignored: no call";
        }
        if (connected.size() == 1) {
            Call only = connected.get(0);
            focus = only;
            if (only.status == CallStatus.TALKING) {
                hold(only);
                return "call " + only.id + " held";
            }
            resume(only);
            return "call " + only.id + " resumed";
        }
        Call current = talkingCall().orElse(focus != null && focus.connected() ? focus : connected.get(0));
        Call next = connected.get((connected.indexOf(current) + 1) % connected.size());
        conference = false;
        for (Call c : connected) {
            if (c != next && c.status == CallStatus.TALKING) {
                hold(c);
            }
        }
        focus = next;
        if (next.status == CallStatus.HELD) {
            resume(next);
        }
        return "switched to call " + next.id;
    }

    private String moveFocus(int step) {
        if (calls.isEmpty()) {
            return "ignored: no call";
        }
        int index = focus == null ? 0 : calls.indexOf(focus);
        focus = calls.get(Math.floorMod(index + step, calls.size()));
        return "call " + focus.id + " selected";
    }

    private String muteKey() {
        Optional<Call> talking = talkingCall();
        if (talking.isEmpty()) {
            return "ignored: no call to mute";
        }
        mute = !mute;
        fire(mute ? ActionEvent.MUTE : ActionEvent.UNMUTE, talking.get());
        return mute ? "muted" : "unmuted";
    }

    private String setDnd(boolean on) {
        if (dnd != on) {
            dnd = on;
            fire(on ? ActionEvent.DND_ENABLED : ActionEvent.DND_DISABLED, null);
        }
        return on ? "DND on" : "DND off";
    }

    private String digits(String digits) {
        Optional<Call> talking = talkingFocus();
        if (dialing == Dialing.NONE && talking.isPresent()) {
            talking.get().dtmf.append(digits);
            return "DTMF " + digits;
        }
        if (dialing != Dialing.NONE) {
            return append(digits);
        }
        if (ringingCall().isPresent() && talkingCall().isEmpty() || calls.stream().anyMatch(c -> c.status == CallStatus.CALLING)) {
            return "ignored while a call is ringing";
        }
        if (calls.size() >= MAX_CALLS) {
            return "ignored: every line is busy";
        }
        screen = "";
        dialing = Dialing.NEW_CALL;
        return append(digits);
    }

    private String prefix(String digits) {
        if (dialing == Dialing.NONE && calls.isEmpty()) {
            screen = "";
            dialing = Dialing.NEW_CALL;
        }
        if (dialing == Dialing.NONE) {
            return "ignored: not dialing";
        }
        dialBuffer.insert(0, digits);
        return "prefix " + digits + ", number now '" + dialBuffer + "'";
    }

    private String append(String digits) {
        if (dialBuffer.length() + digits.length() > KeySequence.MAX_DIGITS) {
            return "ignored: the number is too long";
        }
        dialBuffer.append(digits);
        return "number now '" + dialBuffer + "'";
    }

    private String dialBuffer() {
        String number = dialBuffer.toString();
        Dialing mode = dialing;
        dialing = Dialing.NONE;
        dialBuffer.setLength(0);
        Call call = placeCall(number);
        if (call == null) {
            return "ignored: every line is busy";
        }
        return switch (mode) {
            case TRANSFER -> "calling " + number + " to transfer call " + transferFrom.id + " (attended)";
            case CONFERENCE -> "calling " + number + " to add to the conference";
            default -> "calling " + number;
        };
    }

    private String redial(String number, String none) {
        if (number.isEmpty()) {
            return "ignored: " + none;
        }
        if (talkingCall().isPresent() || ringingCall().isPresent()
                || calls.stream().anyMatch(c -> c.status == CallStatus.CALLING)
                || dialing == Dialing.TRANSFER || dialing == Dialing.CONFERENCE) {
            return "ignored: busy with a call";
        }
        dialing = Dialing.NONE;
        dialBuffer.setLength(0);
        screen = "";
        return placeCall(number) == null ? "ignored: every line is busy" : "calling " + number;
    }

    private String cancelDialing() {
        Dialing mode = dialing;
        dialing = Dialing.NONE;
        dialBuffer.setLength(0);
        transferFrom = mode == Dialing.TRANSFER ? null : transferFrom;
        conferenceFrom = mode == Dialing.CONFERENCE ? null : conferenceFrom;
        if (calls.isEmpty() && offHook) {
            hookOn();
        }
        return "dialing cancelled";
    }

    // ------------------------------------------------------------------ call primitives

    private Call placeCall(String number) {
        if (calls.size() >= MAX_CALLS) {
            return null;
        }
        hookOff();
        screen = "";
        Call call = new Call(nextCallId++, false, number, "", CallStatus.CALLING);
        calls.add(call);
        focus = call;
        lastDialed = number;
        fire(ActionEvent.OUTGOING_CALL, call);
        return call;
    }

    private String answer(Call call) {
        for (Call c : List.copyOf(calls)) {
            if (c != call && c.status == CallStatus.TALKING) {
                hold(c);
            }
        }
        conference = false;
        dialing = Dialing.NONE;
        dialBuffer.setLength(0);
        screen = "";
        hookOff();
        call.status = CallStatus.TALKING;
        call.answeredAt = Instant.now();
        focus = call;
        fire(ActionEvent.CALL_ESTABLISHED, call);
        return "call " + call.id + " from " + call.number + " answered";
    }

    private String reject(Call call) {
        endCall(call, ActionEvent.CALL_TERMINATED);
        return "call " + call.id + " from " + call.number + " rejected";
    }

    private String hangUp(Call call) {
        endCall(call, ActionEvent.CALL_TERMINATED);
        return "call " + call.id + " ended";
    }

    private void hold(Call call) {
        call.status = CallStatus.HELD;
        fire(ActionEvent.CALL_HOLD, call);
    }

    private void resume(Call call) {
        call.status = CallStatus.TALKING;
        fire(ActionEvent.CALL_RESUME, call);
    }

    /** The call leaves the device: the event (call terminated or missed call), then the hook goes down. */
    private void endCall(Call call, ActionEvent event) {
        fire(event, call);
        removeCall(call);
    }

    private void removeCall(Call call) {
        calls.remove(call);
        if (transferFrom == call) {
            transferFrom = null;
            if (dialing == Dialing.TRANSFER) {
                dialing = Dialing.NEW_CALL;
            }
        }
        if (conferenceFrom == call) {
            conferenceFrom = null;
            if (dialing == Dialing.CONFERENCE) {
                dialing = Dialing.NEW_CALL;
            }
        }
        if (connectedCalls() < 2) {
            conference = false;
        }
        if (focus == call) {
            focus = null;
            focus = talkingCall().orElse(calls.isEmpty() ? null : calls.get(calls.size() - 1));
        }
        if (calls.isEmpty()) {
            mute = false;
            recording = false;
            if (dialing == Dialing.NONE) {
                hookOn();
            }
        } else if (calls.stream().noneMatch(c -> c.status != CallStatus.RINGING) && dialing == Dialing.NONE) {
            hookOn(); // only a waiting call is left: it rings with the handset down
        }
    }

    private void hookOff() {
        if (!offHook) {
            offHook = true;
            fire(ActionEvent.OFF_HOOK, null);
            screenTransition(); // the standby screen is left the moment the phone goes off hook
        }
    }

    private void hookOn() {
        if (offHook) {
            offHook = false;
            audio = "handset";
            fire(ActionEvent.ON_HOOK, null);
        }
    }

    private Optional<Call> ringingCall() {
        if (focus != null && focus.status == CallStatus.RINGING) {
            return Optional.of(focus);
        }
        return calls.stream().filter(c -> c.status == CallStatus.RINGING).findFirst();
    }

    private Optional<Call> talkingCall() {
        if (focus != null && focus.status == CallStatus.TALKING) {
            return Optional.of(focus);
        }
        return calls.stream().filter(c -> c.status == CallStatus.TALKING).findFirst();
    }

    private Optional<Call> talkingFocus() {
        return focus != null && focus.status == CallStatus.TALKING ? Optional.of(focus) : talkingCall();
    }

    private long connectedCalls() {
        return calls.stream().filter(Call::connected).count();
    }

    private boolean busy() {
        return !screen.isEmpty() || offHook || dialing != Dialing.NONE || !calls.isEmpty();
    }

    /** Fires idle_to_busy or busy_to_idle when the standby screen was left or reached since last reported. */
    private void screenTransition() {
        boolean busyNow = busy();
        if (rebooting || busyNow == screenBusy) {
            return;
        }
        screenBusy = busyNow;
        fire(busyNow ? ActionEvent.IDLE_TO_BUSY : ActionEvent.BUSY_TO_IDLE, null);
    }

    // ------------------------------------------------------------------ door, reboot

    private ExecutionResult openDoor(String code) {
        remember("F_LOCK&code=***");
        if (config.type() != DeviceType.INTERCOM) {
            return new ExecutionResult(Outcome.UNSUPPORTED,
                    List.of("a phone has no door: F_LOCK&code= is for door intercoms"));
        }
        if (config.doorCode().isEmpty()) {
            return new ExecutionResult(Outcome.REFUSED, List.of("door opening is disabled: no doorCode is configured"));
        }
        if (!MessageDigest.isEqual(config.doorCode().getBytes(StandardCharsets.UTF_8),
                code.getBytes(StandardCharsets.UTF_8))) {
            logger.info("Emulator {}: door opening refused, wrong code", config.id());
            return new ExecutionResult(Outcome.REFUSED, List.of("wrong door code"));
        }
        if (!doorOpen) {
            doorOpen = true;
            fire(ActionEvent.DOOR_OPENED, null);
        }
        cancel(doorClose);
        doorClose = timers.schedule(this::closeDoor, config.doorOpenTime().toMillis(), TimeUnit.MILLISECONDS);
        return new ExecutionResult(Outcome.DONE, List.of("door opened for "
                + config.doorOpenTime().toMillis() / 1000.0 + " s"));
    }

    private void closeDoor() {
        synchronized (lock) {
            if (doorOpen) {
                doorOpen = false;
                fire(ActionEvent.DOOR_CLOSED, null);
            }
        }
    }

    private String reboot(boolean factoryReset) {
        fire(ActionEvent.START_REBOOT, null);
        rebooting = true;
        calls.clear();
        focus = null;
        transferFrom = null;
        conferenceFrom = null;
        conference = false;
        dialing = Dialing.NONE;
        dialBuffer.setLength(0);
        screen = "";
        offHook = false;
        screenBusy = false;
        audio = "handset";
        mute = false;
        recording = false;
        cancel(doorClose);
        doorOpen = false;
        doorSensor1 = false; // alarms and relay outputs do not survive a restart
        doorSensor2 = false;
        tamper = false;
        output1 = false;
        output2 = false;
        if (factoryReset) {
            // the phone reports the settings the reset switched off, as it would switching each off
            resetEvents.clear();
            addIf(resetEvents, dnd, ActionEvent.DND_DISABLED);
            addIf(resetEvents, forwardUnconditional, ActionEvent.FORWARD_UNCONDITIONAL_DISABLED);
            addIf(resetEvents, forwardBusy, ActionEvent.FORWARD_BUSY_DISABLED);
            addIf(resetEvents, forwardNoAnswer, ActionEvent.FORWARD_NO_ANSWER_DISABLED);
            accountCleared = false; // the provisioned account and login come back with the factory settings
            webLogin = configuredLogin(config);
            dnd = false;
            volume = 5;
            forwardUnconditional = false;
            forwardBusy = false;
            forwardNoAnswer = false;
            lineNames.clear();
            lastDialed = "";
            lastCaller = "";
            missedCalls = 0;
            autoRedial = false;
            groupListen = false;
            line = 1;
        }
        rebootDone = timers.schedule(this::rebootDone, config.rebootTime().toMillis(), TimeUnit.MILLISECONDS);
        return factoryReset ? "factory reset, restarting" : "restarting";
    }

    private void rebootDone() {
        synchronized (lock) {
            rebooting = false;
            ip = ip == null ? config.bindAddress().getHostAddress() : ip;
            fire(ActionEvent.SETUP_COMPLETED, null);
            if (accountCleared) {
                registration = Registration.DISABLED;
            } else {
                registration = Registration.REGISTERED;
                fire(ActionEvent.REGISTRATION_SUCCEEDED, null);
            }
            resetEvents.forEach(event -> fire(event, null));
            resetEvents.clear();
            logger.info("Emulator {}: restarted", config.id());
        }
    }

    private static void addIf(List<ActionEvent> events, boolean condition, ActionEvent event) {
        if (condition) {
            events.add(event);
        }
    }

    private static void cancel(ScheduledFuture<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }

    // ------------------------------------------------------------------ the outside world

    @Override
    public DeviceState ring(String number, String name) {
        String caller = requireNumber(number);
        String callerName = name == null ? "" : name.strip();
        if (callerName.length() > 64 || callerName.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("name must be at most 64 characters without control characters");
        }
        synchronized (lock) {
            requireRunning();
            if (registration != Registration.REGISTERED) {
                throw new IllegalStateException("the device is not registered and cannot receive calls");
            }
            if (dnd) {
                logger.debug("Emulator {}: call from {} rejected by DND", config.id(), caller);
                return snapshot();
            }
            if (calls.size() >= MAX_CALLS) {
                throw new IllegalStateException("every line is busy (" + MAX_CALLS + " calls)");
            }
            Call call = new Call(nextCallId++, true, caller, callerName, CallStatus.RINGING);
            calls.add(call);
            lastCaller = caller;
            if (focus == null) {
                focus = call;
            }
            fire(ActionEvent.INCOMING_CALL, call);
            screenTransition();
            return snapshot();
        }
    }

    @Override
    public DeviceState remoteAnswer() {
        synchronized (lock) {
            requireRunning();
            Call call = calls.stream().filter(c -> c.status == CallStatus.CALLING).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no outgoing call is waiting to be answered"));
            call.status = CallStatus.TALKING;
            call.answeredAt = Instant.now();
            fire(ActionEvent.CALL_ESTABLISHED, call);
            return snapshot();
        }
    }

    @Override
    public DeviceState remoteHangup() {
        synchronized (lock) {
            requireRunning();
            if (focus == null) {
                throw new IllegalStateException("there is no call to hang up");
            }
            return remoteHangup(focus);
        }
    }

    @Override
    public DeviceState remoteHangup(int callId) {
        synchronized (lock) {
            requireRunning();
            Call call = calls.stream().filter(c -> c.id == callId).findFirst()
                    .orElseThrow(() -> new IllegalStateException("there is no call " + callId));
            return remoteHangup(call);
        }
    }

    private DeviceState remoteHangup(Call call) {
        if (call.status == CallStatus.RINGING) {
            missedCalls++;
            endCall(call, ActionEvent.MISSED_CALL);
        } else {
            endCall(call, ActionEvent.CALL_TERMINATED);
        }
        screenTransition();
        return snapshot();
    }

    @Override
    public DeviceState registrationFailure() {
        synchronized (lock) {
            requireRunning();
            registration = Registration.FAILED;
            fire(ActionEvent.REGISTRATION_FAILED, null);
            return snapshot();
        }
    }

    @Override
    public DeviceState registrationSuccess() {
        synchronized (lock) {
            requireRunning();
            accountCleared = false;
            registration = Registration.REGISTERED;
            fire(ActionEvent.REGISTRATION_SUCCEEDED, null);
            return snapshot();
        }
    }

    @Override
    public DeviceState ipChange(String newIp) {
        String address = Ipv4.parse(newIp).map(a -> a.getHostAddress())
                .orElseThrow(() -> new IllegalArgumentException("ip must be an IPv4 address, not '" + newIp + "'"));
        synchronized (lock) {
            requireRunning();
            ip = address;
            fire(ActionEvent.IP_CHANGED, null);
            return snapshot();
        }
    }

    @Override
    public DeviceState sms(String from, String text) {
        String sender = requireNumber(from);
        String body = text == null ? "" : text;
        if (body.length() > 1000) {
            throw new IllegalArgumentException("text must be at most 1000 characters");
        }
        synchronized (lock) {
            requireRunning();
            smsFrom = sender;
            smsText = body;
            fire(ActionEvent.SMS, null);
            return snapshot();
        }
    }

    @Override
    public DeviceState mwi(int count) {
        if (count < 0 || count > 9999) {
            throw new IllegalArgumentException("count must be 0 to 9999");
        }
        synchronized (lock) {
            requireRunning();
            mwi = count;
            fire(ActionEvent.MWI, null);
            return snapshot();
        }
    }

    @Override
    public DeviceState alarm(Alarm kind) {
        synchronized (lock) {
            requireRunning();
            requireIntercom("alarm " + kind.id());
            setAlarm(kind, true);
            fire(kind.event(), null);
            return snapshot();
        }
    }

    @Override
    public DeviceState clearAlarm(Alarm kind) {
        synchronized (lock) {
            requireRunning();
            requireIntercom("alarm " + kind.id());
            setAlarm(kind, false);
            return snapshot();
        }
    }

    private void setAlarm(Alarm kind, boolean active) {
        switch (kind) {
            case DOOR_SENSOR_1 -> doorSensor1 = active;
            case DOOR_SENSOR_2 -> doorSensor2 = active;
            default -> tamper = active;
        }
    }

    @Override
    public DeviceState output(int output, boolean active) {
        if (output != 1 && output != 2) {
            throw new IllegalArgumentException("output must be 1 or 2");
        }
        synchronized (lock) {
            requireRunning();
            requireIntercom("output " + output);
            boolean was = output == 1 ? output1 : output2;
            if (output == 1) {
                output1 = active;
            } else {
                output2 = active;
            }
            if (active && !was) {
                fire(output == 1 ? ActionEvent.OUTPUT_1 : ActionEvent.OUTPUT_2, null);
            }
            return snapshot();
        }
    }

    @Override
    public DeviceState forward(String kind, boolean enabled) {
        String k = kind == null ? "" : kind.trim().toLowerCase(java.util.Locale.ROOT);
        synchronized (lock) {
            requireRunning();
            switch (k) {
                case "unconditional":
                    if (forwardUnconditional != enabled) {
                        forwardUnconditional = enabled;
                        fire(enabled ? ActionEvent.FORWARD_UNCONDITIONAL_ENABLED
                                : ActionEvent.FORWARD_UNCONDITIONAL_DISABLED, null);
                    }
                    break;
                case "busy":
                    if (forwardBusy != enabled) {
                        forwardBusy = enabled;
                        fire(enabled ? ActionEvent.FORWARD_BUSY_ENABLED : ActionEvent.FORWARD_BUSY_DISABLED, null);
                    }
                    break;
                case "no-answer":
                    if (forwardNoAnswer != enabled) {
                        forwardNoAnswer = enabled;
                        fire(enabled ? ActionEvent.FORWARD_NO_ANSWER_ENABLED
                                : ActionEvent.FORWARD_NO_ANSWER_DISABLED, null);
                    }
                    break;
                default:
                    throw new IllegalArgumentException("kind must be unconditional, busy or no-answer");
            }
            return snapshot();
        }
    }

    @Override
    public DeviceState webLogin(String username, String password) {
        String user = username == null ? "" : username;
        String secret = password == null ? "" : password;
        if (user.isEmpty() || user.length() > 64 || user.indexOf(':') >= 0 || !printableAscii(user)) {
            throw new IllegalArgumentException("username must be 1-64 printable ASCII characters without ':'");
        }
        if (secret.length() > 64 || !printableAscii(secret)) {
            throw new IllegalArgumentException("password must be at most 64 printable ASCII characters");
        }
        synchronized (lock) {
            requireRunning();
            webLogin = (user + ":" + secret).getBytes(StandardCharsets.UTF_8);
            logger.info("Emulator {}: web login changed (user {})", config.id(), user);
            fire(ActionEvent.WEB_API_AUTH_CHANGED, null);
            return snapshot();
        }
    }

    private static boolean printableAscii(String text) {
        return text.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    /** A SIP MESSAGE arrived: fires {@code sip_message_received}. */
    void sipMessage(String body) {
        synchronized (lock) {
            if (rebooting) {
                return;
            }
            sipMessage = body.length() > 1000 ? body.substring(0, 1000) : body;
            fire(ActionEvent.SIP_MESSAGE_RECEIVED, null);
        }
    }

    boolean rebooting() {
        synchronized (lock) {
            return rebooting;
        }
    }

    private void requireRunning() {
        if (rebooting) {
            throw new IllegalStateException("the device is restarting");
        }
    }

    private void requireIntercom(String what) {
        if (config.type() != DeviceType.INTERCOM) {
            throw new IllegalStateException(what + ": only a door intercom has alarms and outputs");
        }
    }

    private static String requireNumber(String number) {
        String n = number == null ? "" : number.trim();
        if (!NUMBER.matcher(n).matches()) {
            throw new IllegalArgumentException("number must be 1-64 of A-Z a-z 0-9 * # + . _ -, not '"
                    + (n.length() > 70 ? n.substring(0, 70) + "..." : n) + "'");
        }
        return n;
    }

    // ------------------------------------------------------------------ events and variables

    private void fire(ActionEvent event, Call call) {
        ActionUrlTemplate template = config.actionUrls().get(event);
        String url = template == null ? "" : template.expand(event, values(call));
        FiredEvent fired = new FiredEvent(++sequence, event, Instant.now(), url);
        recentEvents.addLast(fired);
        while (recentEvents.size() > RECENT_EVENTS) {
            recentEvents.removeFirst();
        }
        logger.debug("Emulator {}: event {} {}", config.id(), event, ActionUrlSender.forLog(url));
        if (!url.isEmpty()) {
            sink.send(event, url);
        }
    }

    /** Every variable the device has a value for now; the template keeps only those valid for the event. */
    private Map<Variable, String> values(Call call) {
        EnumMap<Variable, String> v = new EnumMap<>(Variable.class);
        v.put(Variable.MAC, config.mac().value());
        v.put(Variable.IP, ip);
        v.put(Variable.MODEL, config.model());
        v.put(Variable.FIRMWARE, config.firmware());
        v.put(Variable.DATE_TIME, LocalDateTime.now(ZoneId.systemDefault()).format(DATE_TIME));
        v.put(Variable.MEMORY_FREE, String.valueOf(Runtime.getRuntime().freeMemory() / 1024));
        // $flash_free: "not implemented yet" on the phones, so it stays unsubstituted
        String host = config.sipServerHost().isEmpty() ? config.bindAddress().getHostAddress() : config.sipServerHost();
        String localUri = "sip:" + config.sipUser() + "@" + host;
        String localName = lineNames.getOrDefault(line, config.displayName());
        v.put(Variable.ACTIVE_URI, localUri);
        v.put(Variable.ACTIVE_USER, config.sipUser());
        v.put(Variable.ACTIVE_HOST, host);
        v.put(Variable.LINE, String.valueOf(line));
        v.put(Variable.DISPLAY_LOCAL, localName);
        v.put(Variable.LOCAL_USER, config.sipUser());
        v.put(Variable.LOCAL_SERVER, host);
        v.put(Variable.LOCAL_DOMAIN, host);
        v.put(Variable.LOCAL_NUMBER, config.sipUser());
        v.put(Variable.LOCAL_DISPLAYNAME, localName);
        if (call != null) {
            String remoteUri = "sip:" + call.number + "@" + host;
            String remoteName = call.name.isEmpty() ? call.number : call.name;
            if (config.series() == PhoneModelSeries.X3_X4) {
                v.put(Variable.LOCAL, call.incoming ? config.sipUser() : localUri);
                v.put(Variable.REMOTE, call.incoming ? remoteUri : call.number);
            } else {
                v.put(Variable.LOCAL, localUri);
                v.put(Variable.REMOTE, remoteUri);
            }
            v.put(Variable.DISPLAY_REMOTE, remoteName);
            v.put(Variable.CALL_ID, String.valueOf(call.id));
            v.put(Variable.DURATION, String.valueOf(call.durationSeconds(Instant.now())));
            v.put(Variable.REMOTE_NUMBER, call.number);
            v.put(Variable.REMOTE_DISPLAYNAME, remoteName);
        }
        return v;
    }

    private void remember(String key) {
        recentKeys.addLast(key);
        while (recentKeys.size() > RECENT_KEYS) {
            recentKeys.removeFirst();
        }
    }

    // ------------------------------------------------------------------ snapshot

    @Override
    public DeviceState state() {
        synchronized (lock) {
            return snapshot();
        }
    }

    private DeviceState snapshot() {
        Instant now = Instant.now();
        List<CallInfo> infos = new ArrayList<>();
        for (Call c : calls) {
            infos.add(new CallInfo(c.id, c.incoming, c.status, c.number, c.name, c.dtmf.toString(), c == focus,
                    c.durationSeconds(now)));
        }
        String shown = rebooting ? "rebooting" : !screen.isEmpty() ? screen : dialing != Dialing.NONE ? "dialing"
                : !calls.isEmpty() ? "call" : "idle";
        return new DeviceState(config.id(), config.type(), config.model(), config.firmware(), config.mac().value(), ip,
                registration, rebooting, offHook, shown, callState(), focus == null ? "" : focus.number,
                focus == null ? "" : focus.name, dialBuffer.toString(), infos, conference, dnd, mute, volume,
                forwardUnconditional, forwardBusy, forwardNoAnswer, line, lineNames, lastDialed, missedCalls, mwi,
                smsFrom, smsText, sipMessage, doorOpen, doorSensor1, doorSensor2, tamper, output1, output2,
                List.copyOf(recentKeys), List.copyOf(recentEvents));
    }

    private CallState callState() {
        if (calls.stream().anyMatch(c -> c.status == CallStatus.TALKING)) {
            return CallState.CONNECTED;
        }
        if (dialing != Dialing.NONE || calls.stream().anyMatch(c -> c.status == CallStatus.CALLING)) {
            return CallState.DIALING;
        }
        if (calls.stream().anyMatch(c -> c.status == CallStatus.RINGING)) {
            return CallState.RINGING;
        }
        return calls.isEmpty() ? CallState.IDLE : CallState.HELD;
    }
}
