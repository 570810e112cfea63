package org.actionbridge.protocol.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.actionbridge.protocol.ActionEvent;
import org.actionbridge.protocol.PhoneModelSeries;
import org.actionbridge.protocol.Variable;

/** Precomputed, immutable table of the variables valid for each event and phone series. */
public final class EventVariableTable {
    private static final Map<PhoneModelSeries, Map<ActionEvent, List<Variable>>> TABLE = build();

    private EventVariableTable() {
    }

    /** The variables valid for the event on the series, in specification order. */
    public static List<Variable> validVariables(ActionEvent event, PhoneModelSeries series) {
        return TABLE.get(series).get(event);
    }

    private static Map<PhoneModelSeries, Map<ActionEvent, List<Variable>>> build() {
        EnumMap<PhoneModelSeries, Map<ActionEvent, List<Variable>>> table = new EnumMap<>(PhoneModelSeries.class);
        for (PhoneModelSeries series : PhoneModelSeries.values()) {
            EnumMap<ActionEvent, List<Variable>> perEvent = new EnumMap<>(ActionEvent.class);
            for (ActionEvent event : ActionEvent.values()) {
                List<Variable> vars = new ArrayList<>();
                for (Variable v : Variable.values()) {
                    if (v.validFor(event, series)) {
                        vars.add(v);
                    }
                }
                perEvent.put(event, List.copyOf(vars));
            }
            table.put(series, java.util.Collections.unmodifiableMap(perEvent));
        }
        return java.util.Collections.unmodifiableMap(table);
    }
}
