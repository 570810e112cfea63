package org.actionbridge.protocol;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One Action URL request as the receiver understood it: the event, the values of the known variables,
 * the variables that were present but absent in value ({@code $name} left by the phone, or empty), and
 * the query parameters that are not variables of spec 2.5, kept verbatim and marked unknown. Built by
 * {@link ActionUrlRequestParser}.
 *
 * @param event the event named in the request path
 * @param variables the known variables with a value, decoded; {@link Variable#MAC} in canonical
 *        {@link MacAddress} form; unmodifiable, in specification order
 * @param absentVariables known variables named in the query without a usable value
 * @param unknownParameters query parameters that are not variables, decoded, in request order
 */
public record ActionUrlRequest(ActionEvent event, Map<Variable, String> variables, Set<Variable> absentVariables,
        Map<String, String> unknownParameters) {

    /** Copies the collections into unmodifiable ones. */
    public ActionUrlRequest {
        Objects.requireNonNull(event, "event");
        variables = variables.isEmpty() ? Collections.emptyMap()
                : Collections.unmodifiableMap(new EnumMap<>(variables));
        absentVariables = absentVariables.isEmpty() ? Collections.emptySet()
                : Collections.unmodifiableSet(EnumSet.copyOf(absentVariables));
        unknownParameters = Collections.unmodifiableMap(new LinkedHashMap<>(unknownParameters));
    }

    /** Parses with the default limits of {@link ActionUrlRequestParser.Limits#DEFAULTS}. */
    public static ActionUrlRequest parse(String eventName, String rawQuery) throws ProtocolException {
        return ActionUrlRequestParser.DEFAULT.parse(eventName, rawQuery);
    }

    /** The value of a variable, if the phone substituted one. */
    public Optional<String> value(Variable variable) {
        return Optional.ofNullable(variables.get(variable));
    }

    /** The MAC address the phone sent, already checked and in canonical form. */
    public Optional<MacAddress> mac() {
        String mac = variables.get(Variable.MAC);
        return mac == null ? Optional.empty() : Optional.of(new MacAddress(mac));
    }
}
