package org.actionbridge.protocol;

import static org.actionbridge.protocol.VariableContext.ALWAYS;
import static org.actionbridge.protocol.VariableContext.CALL_END;
import static org.actionbridge.protocol.VariableContext.CONVERSATION;
import static org.actionbridge.protocol.VariableContext.INCOMING_CALL;
import static org.actionbridge.protocol.VariableContext.MISSED_CALL;
import static org.actionbridge.protocol.VariableContext.OUTGOING_CALL;
import static org.actionbridge.protocol.VariableContext.REGISTRATION;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.actionbridge.protocol.internal.AsciiCase;

/**
 * Every internal variable of spec 2.5, in the order of the specification. A phone replaces the token
 * ({@code $mac}) by its current value before it calls an Action URL; the receiver reads the value
 * under the query name (the token without {@code $}, DESIGN.md).
 *
 * <p>X6-only variables: the specification highlights them in green, which its text form loses. This
 * model takes the seven call-detail variables that follow {@code $line} ({@code $local_user} to
 * {@code $remote_displayname}) as the X6-only ones; the X3/X4 series does not know them, so a template
 * containing {@code $local_number} is expanded by an X3/X4 phone as {@code $local} followed by
 * {@code _number}.
 */
public enum Variable {
    MAC("mac", "Device MAC address.", set(ALWAYS), set(ALWAYS)),
    IP("ip", "Current available IP address.", set(ALWAYS), set(ALWAYS)),
    MODEL("model", "Model of the telephone set.", set(ALWAYS), set(ALWAYS)),
    FIRMWARE("firmware", "Software version.", set(ALWAYS), set(ALWAYS)),
    ACTIVE_URI("active_uri", "SIP URI of the current active account.", call(), call()),
    ACTIVE_USER("active_user", "User account of the SIP URI of the current active account.", call(), call()),
    ACTIVE_HOST("active_host", "Server of the SIP URI of the current active account.", call(), call()),
    LOCAL("local", "X3/X4: local SIP URI in outgoing calls, local phone number in incoming calls before "
            + "they are answered; X6: local SIP URI in incoming calls, outgoing calls and conversations.",
            set(OUTGOING_CALL, INCOMING_CALL), call()),
    REMOTE("remote", "X3/X4: remote SIP URI in incoming calls, remote phone number in outgoing calls "
            + "before they are answered; X6: remote SIP URI in incoming calls, outgoing calls and conversations.",
            set(INCOMING_CALL, OUTGOING_CALL), call()),
    DISPLAY_LOCAL("display_local", "Local display name (phone number if no display name is set).",
            set(INCOMING_CALL, OUTGOING_CALL), set(INCOMING_CALL, OUTGOING_CALL)),
    DISPLAY_REMOTE("display_remote", "Remote display name (phone number if no display name is set); "
            + "X3/X4: incoming calls only; X6: incoming and outgoing calls.",
            set(INCOMING_CALL), set(INCOMING_CALL, OUTGOING_CALL)),
    CALL_ID("call_id", "Call ID.", call(), call()),
    DURATION("duration", "Call duration (valid when a conversation ends).", set(CALL_END), set(CALL_END)),
    DATE_TIME("date_time", "Acquisition time.", set(ALWAYS), set(ALWAYS)),
    MEMORY_FREE("memory_free", "Memory.", set(ALWAYS), set(ALWAYS)),
    FLASH_FREE("flash_free", "Flash memory (not implemented yet by the phones).", set(ALWAYS), set(ALWAYS)),
    LINE("line", "Call line.", set(INCOMING_CALL, OUTGOING_CALL, CONVERSATION, REGISTRATION),
            set(INCOMING_CALL, OUTGOING_CALL, CONVERSATION, REGISTRATION)),
    LOCAL_USER("local_user", "Local user in a conversation.", null, call()),
    LOCAL_SERVER("local_server", "Server used in a SIP call.", null, call()),
    LOCAL_DOMAIN("local_domain", "Domain of a SIP call.", null, call()),
    LOCAL_NUMBER("local_number", "Local phone number during a call.", null, call()),
    LOCAL_DISPLAYNAME("local_displayname", "Display name of the local phone number during a call.", null, call()),
    REMOTE_NUMBER("remote_number", "Remote phone number during a call (also in unanswered incoming calls).",
            null, set(INCOMING_CALL, OUTGOING_CALL, CONVERSATION, MISSED_CALL)),
    REMOTE_DISPLAYNAME("remote_displayname", "Display name of the remote phone number during a call.", null, call());

    private static final Map<String, Variable> BY_QUERY_NAME;

    static {
        HashMap<String, Variable> map = new HashMap<>();
        for (Variable v : values()) {
            map.put(v.queryName, v);
        }
        BY_QUERY_NAME = Map.copyOf(map);
    }

    private final String queryName;
    private final String token;
    private final String description;
    private final Set<VariableContext> x3x4Contexts;
    private final Set<VariableContext> x6Contexts;

    Variable(String queryName, String description, Set<VariableContext> x3x4Contexts,
            Set<VariableContext> x6Contexts) {
        this.queryName = queryName;
        this.token = "$" + queryName;
        this.description = description;
        this.x3x4Contexts = x3x4Contexts == null ? Collections.emptySet() : x3x4Contexts;
        this.x6Contexts = x6Contexts;
    }

    private static Set<VariableContext> set(VariableContext first, VariableContext... rest) {
        return Collections.unmodifiableSet(EnumSet.of(first, rest));
    }

    private static Set<VariableContext> call() {
        return set(INCOMING_CALL, OUTGOING_CALL, CONVERSATION);
    }

    /** The token as written in a template, e.g. {@code $mac}. */
    public String token() {
        return token;
    }

    /** The query parameter name the receiver expects (the token without {@code $}), e.g. {@code mac}. */
    public String queryName() {
        return queryName;
    }

    /** The specification's description. */
    public String description() {
        return description;
    }

    /** The contexts in which a phone of this series fills the variable in; empty if the series lacks it. */
    public Set<VariableContext> contexts(PhoneModelSeries series) {
        return series == PhoneModelSeries.X6 ? x6Contexts : x3x4Contexts;
    }

    /** Whether phones of this series know the variable at all. */
    public boolean appliesTo(PhoneModelSeries series) {
        return !contexts(series).isEmpty();
    }

    /** True for the variables valid only on the X6 series. */
    public boolean x6Only() {
        return x3x4Contexts.isEmpty();
    }

    /** True when the contexts or meaning differ between the X3/X4 and the X6 series. */
    public boolean differsBetweenSeries() {
        return !x3x4Contexts.equals(x6Contexts);
    }

    /** True when the phone fills this variable in for the event (spec 2.5, rules 1 to 3). */
    public boolean validFor(ActionEvent event, PhoneModelSeries series) {
        Set<VariableContext> mine = contexts(series);
        if (mine.contains(ALWAYS)) {
            return true;
        }
        for (VariableContext c : event.contexts()) {
            if (mine.contains(c)) {
                return true;
            }
        }
        return false;
    }

    /** The variable with this query name (ASCII case ignored), e.g. {@code remote_number}. */
    public static Optional<Variable> fromQueryName(String queryName) {
        if (queryName == null || queryName.length() > 32) {
            return Optional.empty();
        }
        Variable v = BY_QUERY_NAME.get(queryName);
        return v != null ? Optional.of(v) : Optional.ofNullable(BY_QUERY_NAME.get(AsciiCase.toLower(queryName)));
    }

    /** The variable with this token, e.g. {@code $remote_number}. */
    public static Optional<Variable> fromToken(String token) {
        if (token == null || !token.startsWith("$")) {
            return Optional.empty();
        }
        return fromQueryName(token.substring(1));
    }
}
