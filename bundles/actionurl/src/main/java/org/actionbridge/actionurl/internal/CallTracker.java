package org.actionbridge.actionurl.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.actionbridge.core.Channels;
import org.actionbridge.core.ThingType;
import org.actionbridge.protocol.ActionEvent;
import org.actionbridge.protocol.ActionUrlRequest;
import org.actionbridge.protocol.Variable;

/**
 * What one phone's events mean for its state channels. Calls are tracked by {@code $call_id}, several
 * at once as on a real phone; the call channels show the call in front: the newest one that is not on
 * hold, else the newest held one. Not thread-safe: each phone's events are applied in order by one
 * thread at a time.
 */
final class CallTracker {

    /** Used when the phone's template carries no {@code $call_id}. */
    private static final String NO_ID = "";

    private static final Set<ActionEvent> CALL_EVENTS = EnumSet.of(ActionEvent.SETUP_COMPLETED,
            ActionEvent.START_REBOOT, ActionEvent.OFF_HOOK, ActionEvent.ON_HOOK, ActionEvent.INCOMING_CALL,
            ActionEvent.OUTGOING_CALL, ActionEvent.CALL_ESTABLISHED, ActionEvent.CALL_TERMINATED,
            ActionEvent.MISSED_CALL, ActionEvent.CALL_HOLD, ActionEvent.CALL_RESUME);

    private final ThingType type;
    /** Calls in arrival order, by call id. */
    private final LinkedHashMap<String, Call> calls = new LinkedHashMap<>();
    private long missedCalls;
    /** Off hook with no call: the phone shows its dialing screen. Any call event ends it. */
    private boolean dialing;

    private static final class Call {
        final String id;
        String direction;
        String state;
        String remoteNumber = "";
        String remoteName = "";
        String line = "";
        /** When the phone said the call was established; null while it was not. */
        Instant establishedAt;

        Call(String id, String direction, String state) {
            this.id = id;
            this.direction = direction;
            this.state = state;
        }
    }

    CallTracker(ThingType type) {
        this.type = type;
    }

    ThingType type() {
        return type;
    }

    /** The state channel values the event sets, in a stable order; channels the type lacks are left out. */
    Map<String, String> apply(ActionUrlRequest request, Instant receivedAt) {
        Map<String, String> states = new LinkedHashMap<>();
        request.value(Variable.MODEL).ifPresent(v -> states.put(Channels.MODEL, v));
        request.value(Variable.FIRMWARE).ifPresent(v -> states.put(Channels.FIRMWARE, v));
        request.value(Variable.IP).ifPresent(v -> states.put(Channels.IP_ADDRESS, v));

        String callId = request.value(Variable.CALL_ID).orElse(NO_ID);
        switch (request.event()) {
            case SETUP_COMPLETED, START_REBOOT -> {
                calls.clear();
                states.put(Channels.HOOK, "ON_HOOK");
                states.put(Channels.MUTE, "OFF");
                states.put(Channels.SCREEN, "IDLE");
                // no event clears an alarm or an output (spec 2.4): a restarted intercom starts without them
                for (String latched : List.of(Channels.TAMPER, Channels.DOOR_SENSOR_1, Channels.DOOR_SENSOR_2,
                        Channels.OUTPUT_1, Channels.OUTPUT_2)) {
                    states.put(latched, "OFF");
                }
                if (request.event() == ActionEvent.START_REBOOT) {
                    states.put(Channels.REGISTRATION, "UNKNOWN");
                }
            }
            case REGISTRATION_SUCCEEDED -> registration(states, request, "REGISTERED");
            case REGISTRATION_DISABLED -> registration(states, request, "DISABLED");
            case REGISTRATION_FAILED -> registration(states, request, "FAILED");
            case OFF_HOOK -> states.put(Channels.HOOK, "OFF_HOOK");
            case ON_HOOK -> states.put(Channels.HOOK, "ON_HOOK");
            case INCOMING_CALL -> {
                Call call = call(callId, "INCOMING", "RINGING");
                call.direction = "INCOMING";
                call.state = "RINGING";
                remoteParty(call, request);
                line(call, request);
            }
            case OUTGOING_CALL -> {
                Call call = call(callId, "OUTGOING", "DIALING");
                call.direction = "OUTGOING";
                call.state = "DIALING";
                remoteParty(call, request);
                line(call, request);
            }
            case CALL_ESTABLISHED -> {
                Call call = call(callId, "NONE", "CONNECTED");
                call.state = "CONNECTED";
                if (call.establishedAt == null) {
                    call.establishedAt = receivedAt;
                }
                remoteParty(call, request);
                line(call, request);
                // the phone holds the other calls when one is answered (spec 3.6)
                for (Call other : calls.values()) {
                    if (other != call && other.state.equals("CONNECTED")) {
                        other.state = "HELD";
                    }
                }
                states.put(Channels.MUTE, "OFF");
            }
            case CALL_TERMINATED -> {
                Call ended = calls.remove(callId);
                if (ended == null && callId.equals(NO_ID) && !calls.isEmpty()) {
                    ended = calls.remove(front().id); // without call ids, the call in front is the one that ended
                }
                Optional<Long> duration = request.value(Variable.DURATION).flatMap(CallTracker::seconds);
                if (duration.isEmpty() && ended != null) {
                    // the template carries no $duration: the call's own, as far as its events tell
                    duration = Optional.of(ended.establishedAt == null ? 0
                            : Math.max(0, Duration.between(ended.establishedAt, receivedAt).getSeconds()));
                }
                duration.ifPresent(s -> states.put(Channels.CALL_DURATION, Long.toString(s)));
            }
            case MISSED_CALL -> {
                missedCalls++;
                states.put(Channels.MISSED_CALLS, Long.toString(missedCalls));
                Optional<String> number = request.value(Variable.REMOTE_NUMBER)
                        .or(() -> request.value(Variable.REMOTE));
                number.ifPresent(n -> states.put(Channels.LAST_MISSED_NUMBER, n));
                // $call_id is not valid for missed calls (spec 2.5): the call that rang is the newest
                // ringing incoming one, from that number when the phone says it
                Call ringing = calls.get(callId);
                if (ringing == null) {
                    for (Call call : calls.values()) {
                        if (call.state.equals("RINGING") && call.direction.equals("INCOMING")
                                && (number.isEmpty() || number.get().equals(call.remoteNumber))) {
                            ringing = call;
                        }
                    }
                }
                if (ringing != null && ringing.state.equals("RINGING")) {
                    calls.remove(ringing.id);
                }
            }
            case CALL_HOLD -> {
                Call call = calls.containsKey(callId) ? calls.get(callId) : front();
                if (call != null) {
                    call.state = "HELD";
                }
            }
            case CALL_RESUME -> {
                Call call = calls.containsKey(callId) ? calls.get(callId) : front();
                if (call != null) {
                    call.state = "CONNECTED";
                    // a resumed call comes to the front
                    calls.remove(call.id);
                    calls.put(call.id, call);
                }
            }
            case MUTE -> states.put(Channels.MUTE, "ON");
            case UNMUTE -> states.put(Channels.MUTE, "OFF");
            case DND_ENABLED -> states.put(Channels.DND, "ON");
            case DND_DISABLED -> states.put(Channels.DND, "OFF");
            case FORWARD_UNCONDITIONAL_ENABLED -> states.put(Channels.FORWARD_UNCONDITIONAL, "ON");
            case FORWARD_UNCONDITIONAL_DISABLED -> states.put(Channels.FORWARD_UNCONDITIONAL, "OFF");
            case FORWARD_BUSY_ENABLED -> states.put(Channels.FORWARD_BUSY, "ON");
            case FORWARD_BUSY_DISABLED -> states.put(Channels.FORWARD_BUSY, "OFF");
            case FORWARD_NO_ANSWER_ENABLED -> states.put(Channels.FORWARD_NO_ANSWER, "ON");
            case FORWARD_NO_ANSWER_DISABLED -> states.put(Channels.FORWARD_NO_ANSWER, "OFF");
            case IDLE_TO_BUSY -> states.put(Channels.SCREEN, "BUSY");
            case BUSY_TO_IDLE -> states.put(Channels.SCREEN, "IDLE");
            case MWI -> states.put(Channels.MWI, firstUnknown(request, "count", "messages", "mwi").orElse("ON"));
            case SMS -> states.put(Channels.LAST_SMS, firstUnknown(request, "text", "sms", "message", "msg")
                    .or(() -> request.value(Variable.DATE_TIME)).orElse(receivedAt.toString()));
            case DOOR_OPENED -> states.put(Channels.DOOR, "OPEN");
            case DOOR_CLOSED -> states.put(Channels.DOOR, "CLOSED");
            case TAMPER -> states.put(Channels.TAMPER, "ON");
            case DOOR_SENSOR_1 -> states.put(Channels.DOOR_SENSOR_1, "ON");
            case DOOR_SENSOR_2 -> states.put(Channels.DOOR_SENSOR_2, "ON");
            case OUTPUT_1 -> states.put(Channels.OUTPUT_1, "ON");
            case OUTPUT_2 -> states.put(Channels.OUTPUT_2, "ON");
            default -> {
                // transfers, ip_changed, web API, SIP message: the trigger and its variables say it all
            }
        }
        if (CALL_EVENTS.contains(request.event())) {
            dialing = request.event() == ActionEvent.OFF_HOOK && calls.isEmpty();
            callChannels(states);
        }
        states.keySet().removeIf(channel -> Channels.find(type, channel).isEmpty());
        return states;
    }

    private Call call(String id, String direction, String state) {
        return calls.computeIfAbsent(id, key -> new Call(key, direction, state));
    }

    private void registration(Map<String, String> states, ActionUrlRequest request, String value) {
        states.put(Channels.REGISTRATION, value);
        request.value(Variable.LINE).filter(CallTracker::isNumber).ifPresent(v -> states.put(Channels.LINE, v));
    }

    private static void remoteParty(Call call, ActionUrlRequest request) {
        request.value(Variable.REMOTE_NUMBER).or(() -> request.value(Variable.REMOTE).map(CallTracker::userPart))
                .ifPresent(number -> call.remoteNumber = number);
        request.value(Variable.REMOTE_DISPLAYNAME).or(() -> request.value(Variable.DISPLAY_REMOTE))
                .ifPresent(name -> call.remoteName = name);
    }

    private static void line(Call call, ActionUrlRequest request) {
        request.value(Variable.LINE).filter(CallTracker::isNumber).ifPresent(line -> call.line = line);
    }

    /** The newest call not on hold, else the newest call. */
    private Call front() {
        Call front = null;
        Call newest = null;
        for (Call call : calls.values()) {
            newest = call;
            if (!call.state.equals("HELD")) {
                front = call;
            }
        }
        return front != null ? front : newest;
    }

    private void callChannels(Map<String, String> states) {
        Call front = front();
        if (front == null) {
            states.put(Channels.CALL_STATE, dialing ? "DIALING" : "IDLE");
            states.put(Channels.CALL_DIRECTION, "NONE");
            states.put(Channels.REMOTE_NUMBER, "");
            states.put(Channels.REMOTE_NAME, "");
            states.put(Channels.CALL_ID, "");
            states.put(Channels.HOLD, "OFF");
            states.put(Channels.MUTE, "OFF"); // the phone unmutes when its last call ends
            return;
        }
        states.put(Channels.CALL_STATE, front.state);
        states.put(Channels.CALL_DIRECTION, front.direction);
        states.put(Channels.REMOTE_NUMBER, front.remoteNumber);
        states.put(Channels.REMOTE_NAME, front.remoteName);
        states.put(Channels.CALL_ID, front.id);
        states.put(Channels.HOLD, front.state.equals("HELD") ? "ON" : "OFF");
        if (!front.line.isEmpty()) {
            states.put(Channels.LINE, front.line);
        }
    }

    /** {@code sip:1234@host} gives {@code 1234}; anything else is kept. */
    static String userPart(String uri) {
        String s = uri;
        if (s.regionMatches(true, 0, "sip:", 0, 4)) {
            s = s.substring(4);
        } else if (s.regionMatches(true, 0, "sips:", 0, 5)) {
            s = s.substring(5);
        }
        int at = s.indexOf('@');
        return at > 0 ? s.substring(0, at) : s;
    }

    /** Seconds of a duration written as seconds or {@code [HH:]MM:SS}. */
    static Optional<Long> seconds(String text) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length > 3) {
            return Optional.empty();
        }
        long total = 0;
        for (String part : parts) {
            if (!isNumber(part) || part.length() > 9) {
                return Optional.empty();
            }
            total = total * 60 + Long.parseLong(part);
        }
        return Optional.of(total);
    }

    private static boolean isNumber(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static Optional<String> firstUnknown(ActionUrlRequest request, String... names) {
        for (String name : names) {
            String value = request.unknownParameters().get(name);
            if (value != null && !value.isEmpty()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
