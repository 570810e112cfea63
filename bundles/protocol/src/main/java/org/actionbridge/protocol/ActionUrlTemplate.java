package org.actionbridge.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.actionbridge.protocol.internal.PercentCodec;
import org.actionbridge.protocol.internal.Texts;

/**
 * An Action URL as typed into a phone's web page (spec 2.2, 2.3), e.g.
 * {@code http://h:8181/actionurl/T/incoming_call?num=$call_id&mac=$mac}, and its expansion as the phone
 * performs it before the HTTP GET.
 *
 * <p>Tokens: a {@code $} followed by the longest variable name the phone series knows is one token
 * ({@code $local_number} is one variable on X6; on X3/X4, which lacks it, it is {@code $local} followed by
 * the text {@code _number}). A {@code $} not followed by a known name stays literal.
 *
 * <p>Missing values: a variable for which the phone has no current value (or which is not valid for the
 * event, spec 2.5 rules 1 to 3) is <em>not</em> replaced; the token stays in the URL literally, as
 * {@code $remote}. This is what phones do and why the receiver treats {@code $name} values as absent. A
 * value that is present but empty expands to nothing. Values are percent-encoded (UTF-8, everything but
 * {@code A-Z a-z 0-9 - . _ ~}).
 */
public final class ActionUrlTemplate {
    /** Longest accepted template, in characters. */
    public static final int MAX_LENGTH = 1024;

    private static final Map<PhoneModelSeries, List<Variable>> BY_LENGTH = byLength();

    private final String template;
    private final PhoneModelSeries series;
    /** Literal texts; literals[i] precedes variables[i]; one more literal than variables. */
    private final String[] literals;
    private final Variable[] variables;

    private ActionUrlTemplate(String template, PhoneModelSeries series, String[] literals, Variable[] variables) {
        this.template = template;
        this.series = series;
        this.literals = literals;
        this.variables = variables;
    }

    private static Map<PhoneModelSeries, List<Variable>> byLength() {
        EnumMap<PhoneModelSeries, List<Variable>> map = new EnumMap<>(PhoneModelSeries.class);
        for (PhoneModelSeries s : PhoneModelSeries.values()) {
            List<Variable> vars = new ArrayList<>();
            for (Variable v : Variable.values()) {
                if (v.appliesTo(s)) {
                    vars.add(v);
                }
            }
            vars.sort(Comparator.comparingInt((Variable v) -> v.queryName().length()).reversed());
            map.put(s, List.copyOf(vars));
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    /** Parses a template with the variables of the X6 series (every variable of spec 2.5). */
    public static ActionUrlTemplate parse(String template) throws ProtocolException {
        return parse(template, PhoneModelSeries.X6);
    }

    /**
     * Parses a template with the variables the given series knows.
     *
     * @throws ProtocolException if the template is empty, longer than {@link #MAX_LENGTH}, has control
     *         characters, or is not an http or https URL
     */
    public static ActionUrlTemplate parse(String template, PhoneModelSeries series) throws ProtocolException {
        Objects.requireNonNull(series, "series");
        if (template == null || template.isBlank()) {
            throw new ProtocolException("Action URL is empty");
        }
        if (template.length() > MAX_LENGTH) {
            throw new ProtocolException("Action URL is longer than " + MAX_LENGTH + " characters");
        }
        Texts.requireNoControl(template, "Action URL");
        String lower = template.substring(0, Math.min(8, template.length())).toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            // only its first characters: the rest may hold a secret (ActionBridge's token is a path segment)
            int scheme = template.indexOf(':');
            String start = scheme >= 0 && scheme < 8 ? template.substring(0, scheme + 1)
                    : template.substring(0, Math.min(4, template.length()));
            throw new ProtocolException("Action URL must start with http:// or https://, not '"
                    + Texts.printable(start) + "...'");
        }
        List<Variable> candidates = BY_LENGTH.get(series);
        List<String> literals = new ArrayList<>();
        List<Variable> vars = new ArrayList<>();
        int literalStart = 0;
        int i = template.indexOf('$');
        while (i >= 0) {
            Variable match = null;
            for (Variable v : candidates) {
                if (template.startsWith(v.queryName(), i + 1)) {
                    match = v;
                    break;
                }
            }
            if (match != null) {
                literals.add(template.substring(literalStart, i));
                vars.add(match);
                literalStart = i + 1 + match.queryName().length();
                i = template.indexOf('$', literalStart);
            } else {
                i = template.indexOf('$', i + 1);
            }
        }
        literals.add(template.substring(literalStart));
        return new ActionUrlTemplate(template, series, literals.toArray(new String[0]), vars.toArray(new Variable[0]));
    }

    /** The template text as given. */
    public String template() {
        return template;
    }

    /** The phone series whose variables were recognised. */
    public PhoneModelSeries series() {
        return series;
    }

    /** The distinct variables the template uses, in order of first appearance. */
    public List<Variable> variables() {
        return List.copyOf(new LinkedHashSet<>(Arrays.asList(variables)));
    }

    /**
     * The URL the phone calls: every variable with a value in {@code values} is replaced by its
     * percent-encoded value, every other token stays literally (see the class comment).
     */
    public String expand(Map<Variable, String> values) {
        StringBuilder out = new StringBuilder(template.length() + 64);
        for (int k = 0; k < variables.length; k++) {
            out.append(literals[k]);
            String value = values.get(variables[k]);
            if (value == null) {
                out.append(variables[k].token());
            } else {
                out.append(PercentCodec.encode(value, ""));
            }
        }
        out.append(literals[literals.length - 1]);
        return out.toString();
    }

    /**
     * The URL the phone calls for this event: like {@link #expand(Map)}, but only the variables valid for
     * the event on this template's series are replaced (spec 2.5, rules 1 to 3); others stay literally.
     */
    public String expand(ActionEvent event, Map<Variable, String> values) {
        EnumMap<Variable, String> valid = new EnumMap<>(Variable.class);
        for (Map.Entry<Variable, String> e : values.entrySet()) {
            if (e.getValue() != null && e.getKey().validFor(event, series)) {
                valid.put(e.getKey(), e.getValue());
            }
        }
        return expand(valid);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActionUrlTemplate other && template.equals(other.template) && series == other.series;
    }

    @Override
    public int hashCode() {
        return template.hashCode() * 31 + series.hashCode();
    }

    @Override
    public String toString() {
        return template;
    }
}
