package org.actionbridge.protocol;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.actionbridge.protocol.internal.IpLiteral;
import org.actionbridge.protocol.internal.PercentCodec;
import org.actionbridge.protocol.internal.Texts;

/**
 * Turns the event name (last path segment) and raw query string of a received Action URL request into
 * an {@link ActionUrlRequest}, or rejects it with a reason a user can read. Thread-safe and cheap: one
 * pass over the query, no regular expressions.
 *
 * <p>Rules: the event must be a wire name of {@link ActionEvent} (ASCII case ignored). The query is split
 * on {@code &}; names and values are percent-decoded (UTF-8, {@code +} is a space). A variable whose value
 * is empty or still a token ({@code $} and a name, left by the phone) is absent. {@code mac} must be a MAC
 * address in one of the forms {@link MacAddress} accepts, {@code ip} a literal IPv4 or IPv6 address. Control characters (C0, DEL, C1, U+2028,
 * U+2029), malformed escapes, invalid UTF-8, parameter names other than {@code [A-Za-z0-9_.-]}, values
 * over the limits and two different values for one name are rejected.
 */
public final class ActionUrlRequestParser {
    /** The parser with {@link Limits#DEFAULTS}. */
    public static final ActionUrlRequestParser DEFAULT = new ActionUrlRequestParser(Limits.DEFAULTS);

    /** Longest event name accepted. */
    public static final int MAX_EVENT_NAME_LENGTH = 64;

    /**
     * Size limits for one request.
     *
     * @param maxQueryLength longest raw query, in characters
     * @param maxParameters most query parameters
     * @param maxNameLength longest decoded parameter name
     * @param maxValueLength longest decoded value
     */
    public record Limits(int maxQueryLength, int maxParameters, int maxNameLength, int maxValueLength) {
        /** 8192 characters of query, 64 parameters, names of 64 and values of 1024 characters. */
        public static final Limits DEFAULTS = new Limits(8192, 64, 64, 1024);

        /** Checks that every limit is positive. */
        public Limits {
            if (maxQueryLength <= 0 || maxParameters <= 0 || maxNameLength <= 0 || maxValueLength <= 0) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }
    }

    private final Limits limits;

    /** A parser with the given limits. */
    public ActionUrlRequestParser(Limits limits) {
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
    }

    /** The limits this parser applies. */
    public Limits limits() {
        return limits;
    }

    /**
     * Parses one request.
     *
     * @param eventName the path segment after the receiver's base URL, already path-decoded
     * @param rawQuery the query string as received, still percent-encoded; null or empty for none
     * @throws ProtocolException with a readable reason for anything the rules above refuse
     */
    public ActionUrlRequest parse(String eventName, String rawQuery) throws ProtocolException {
        ActionEvent event = event(eventName);
        EnumMap<Variable, String> values = new EnumMap<>(Variable.class);
        EnumSet<Variable> absent = EnumSet.noneOf(Variable.class);
        LinkedHashMap<String, String> unknown = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return new ActionUrlRequest(event, values, absent, unknown);
        }
        if (rawQuery.length() > limits.maxQueryLength()) {
            throw new ProtocolException("query is longer than " + limits.maxQueryLength() + " characters");
        }
        Texts.requireNoControl(rawQuery, "query");
        int count = 0;
        int start = 0;
        while (start <= rawQuery.length()) {
            int amp = rawQuery.indexOf('&', start);
            int end = amp < 0 ? rawQuery.length() : amp;
            if (end > start) {
                if (++count > limits.maxParameters()) {
                    throw new ProtocolException("query has more than " + limits.maxParameters() + " parameters");
                }
                parameter(rawQuery.substring(start, end), values, absent, unknown);
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        absent.removeAll(values.keySet());
        return new ActionUrlRequest(event, values, absent, unknown);
    }

    private static ActionEvent event(String eventName) throws ProtocolException {
        if (eventName == null || eventName.isEmpty()) {
            throw new ProtocolException("event name is missing");
        }
        if (eventName.length() > MAX_EVENT_NAME_LENGTH) {
            throw new ProtocolException("event name is longer than " + MAX_EVENT_NAME_LENGTH + " characters");
        }
        Texts.requireNoControl(eventName, "event name");
        Optional<ActionEvent> event = ActionEvent.fromWireName(eventName);
        if (event.isEmpty()) {
            throw new ProtocolException("unknown event '" + Texts.printable(eventName)
                    + "'; expected a wire name such as incoming_call");
        }
        return event.get();
    }

    private void parameter(String raw, EnumMap<Variable, String> values, EnumSet<Variable> absent,
            Map<String, String> unknown) throws ProtocolException {
        int eq = raw.indexOf('=');
        String name = PercentCodec.decode(eq < 0 ? raw : raw.substring(0, eq), true);
        String value = eq < 0 ? "" : PercentCodec.decode(raw.substring(eq + 1), true);
        checkName(name);
        if (value.length() > limits.maxValueLength()) {
            throw new ProtocolException("value of '" + name + "' is longer than " + limits.maxValueLength()
                    + " characters");
        }
        Texts.requireNoControl(value, "value of '" + name + "'");
        Optional<Variable> variable = Variable.fromQueryName(name);
        if (variable.isEmpty()) {
            String previous = unknown.putIfAbsent(name, value);
            if (previous != null && !previous.equals(value)) {
                throw new ProtocolException("parameter '" + name + "' is given twice with different values");
            }
            return;
        }
        Variable v = variable.get();
        if (isAbsent(value)) {
            absent.add(v);
            return;
        }
        if (v == Variable.MAC) {
            value = MacAddress.parse(value).value();
        } else if (v == Variable.IP && !IpLiteral.isValid(value)) {
            // the address a thing is then found by: never anything but an address
            throw new ProtocolException("ip '" + Texts.printable(value) + "' is not an IPv4 or IPv6 address");
        }
        String previous = values.putIfAbsent(v, value);
        if (previous != null && !previous.equals(value)) {
            throw new ProtocolException("variable '" + v.queryName() + "' is given twice with different values");
        }
    }

    private void checkName(String name) throws ProtocolException {
        if (name.isEmpty()) {
            throw new ProtocolException("query has a parameter without a name");
        }
        if (name.length() > limits.maxNameLength()) {
            throw new ProtocolException("parameter name '" + Texts.printable(name) + "' is longer than "
                    + limits.maxNameLength() + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '.' || c == '-';
            if (!ok) {
                throw new ProtocolException("parameter name '" + Texts.printable(name) + "' contains "
                        + Texts.describe(name.codePointAt(i)) + "; names are letters, digits, '_', '.' and '-'");
            }
        }
    }

    /** True for an empty value or one the phone left unsubstituted: {@code $} followed by a name. */
    static boolean isAbsent(String value) {
        if (value.isEmpty()) {
            return true;
        }
        if (value.charAt(0) != '$' || value.length() < 2) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 1 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
