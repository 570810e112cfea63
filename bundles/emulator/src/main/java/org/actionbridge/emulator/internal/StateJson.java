package org.actionbridge.emulator.internal;

import java.util.Map;

import org.actionbridge.emulator.CallInfo;
import org.actionbridge.emulator.DeviceState;
import org.actionbridge.emulator.FiredEvent;

/** Writes a {@link DeviceState} as the JSON object of {@code GET /emulator/state}. */
final class StateJson {

    private final StringBuilder out = new StringBuilder(2048);
    private boolean first = true;

    private StateJson() {
    }

    static String write(DeviceState s) {
        StateJson j = new StateJson();
        j.out.append('{');
        j.field("id", s.id()).field("type", s.type().id()).field("model", s.model()).field("firmware", s.firmware())
                .field("mac", s.mac()).field("ip", s.ip()).field("registration", s.registration().name())
                .field("rebooting", s.rebooting()).field("hook", s.offHook() ? "off" : "on")
                .field("screen", s.screen()).field("callState", s.callState().name())
                .field("remoteNumber", s.remoteNumber()).field("remoteName", s.remoteName())
                .field("dialedDigits", s.dialedDigits());
        j.name("calls").out.append('[');
        boolean firstCall = true;
        for (CallInfo c : s.calls()) {
            if (!firstCall) {
                j.out.append(',');
            }
            firstCall = false;
            StateJson call = new StateJson();
            call.out.append('{');
            call.field("callId", c.callId()).field("direction", c.incoming() ? "incoming" : "outgoing")
                    .field("status", c.status().name()).field("remoteNumber", c.remoteNumber())
                    .field("remoteName", c.remoteName()).field("dtmf", c.dtmf()).field("focused", c.focused())
                    .field("durationSeconds", c.durationSeconds());
            j.out.append(call.out).append('}');
        }
        j.out.append(']');
        j.field("conference", s.conference()).field("dnd", s.dnd()).field("mute", s.mute())
                .field("volume", s.volume()).field("forwardUnconditional", s.forwardUnconditional())
                .field("forwardBusy", s.forwardBusy()).field("forwardNoAnswer", s.forwardNoAnswer())
                .field("line", s.line());
        j.name("lineDisplayNames").out.append('{');
        boolean firstName = true;
        for (Map.Entry<Integer, String> e : new java.util.TreeMap<>(s.lineDisplayNames()).entrySet()) {
            if (!firstName) {
                j.out.append(',');
            }
            firstName = false;
            string(j.out, String.valueOf(e.getKey()));
            j.out.append(':');
            string(j.out, e.getValue());
        }
        j.out.append('}');
        j.field("lastDialed", s.lastDialed()).field("missedCalls", s.missedCalls()).field("mwi", s.mwi());
        j.name("lastSms").out.append('{');
        StateJson sms = new StateJson();
        sms.field("from", s.lastSmsFrom()).field("text", s.lastSmsText());
        j.out.append(sms.out).append('}');
        j.field("lastSipMessage", s.lastSipMessage());
        j.name("door").out.append('{');
        StateJson door = new StateJson();
        door.field("open", s.doorOpen()).field("doorSensor1", s.doorSensor1()).field("doorSensor2", s.doorSensor2())
                .field("tamper", s.tamper()).field("output1", s.output1()).field("output2", s.output2());
        j.out.append(door.out).append('}');
        j.name("recentKeys").out.append('[');
        for (int i = 0; i < s.recentKeys().size(); i++) {
            if (i > 0) {
                j.out.append(',');
            }
            string(j.out, s.recentKeys().get(i));
        }
        j.out.append(']');
        j.name("recentEvents").out.append('[');
        for (int i = 0; i < s.recentEvents().size(); i++) {
            FiredEvent e = s.recentEvents().get(i);
            if (i > 0) {
                j.out.append(',');
            }
            StateJson event = new StateJson();
            event.out.append('{');
            event.field("seq", e.sequence()).field("event", e.event().wireName()).field("time", e.time().toString())
                    .field("url", e.url());
            j.out.append(event.out).append('}');
        }
        j.out.append(']');
        return j.out.append('}').toString();
    }

    /** {@code {"error": message}}. */
    static String error(String message) {
        StringBuilder sb = new StringBuilder("{\"error\":");
        string(sb, message);
        return sb.append('}').toString();
    }

    private StateJson name(String name) {
        if (!first) {
            out.append(',');
        }
        first = false;
        string(out, name);
        out.append(':');
        return this;
    }

    private StateJson field(String name, String value) {
        name(name);
        string(out, value);
        return this;
    }

    private StateJson field(String name, boolean value) {
        name(name).out.append(value);
        return this;
    }

    private StateJson field(String name, long value) {
        name(name).out.append(value);
        return this;
    }

    static void string(StringBuilder sb, String value) {
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029 || c == '<' || c == '>') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
