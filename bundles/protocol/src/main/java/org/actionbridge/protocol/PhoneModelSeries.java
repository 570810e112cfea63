package org.actionbridge.protocol;

import java.util.Locale;
import java.util.Optional;

/**
 * The phone families that the specification distinguishes (spec 2.5): the X3/X4 series and the X6
 * series. They differ in which variables exist and when {@code $local}, {@code $remote} and
 * {@code $display_remote} are filled in.
 */
public enum PhoneModelSeries {
    /** Fanvil X3 and X4 series. */
    X3_X4("X3/X4 series"),
    /** Fanvil X6 series, which knows every variable of spec 2.5. */
    X6("X6 series");

    private final String displayName;

    PhoneModelSeries(String displayName) {
        this.displayName = displayName;
    }

    /** Human-readable name, as the specification writes it. */
    public String displayName() {
        return displayName;
    }

    /**
     * The series of a model name as a phone reports it in {@code $model} (for example {@code X4U} or
     * {@code X6U}, with or without a {@code Fanvil} prefix); empty for models the specification does
     * not cover.
     */
    public static Optional<PhoneModelSeries> fromModel(String model) {
        if (model == null) {
            return Optional.empty();
        }
        String m = model.trim().toUpperCase(Locale.ROOT);
        if (m.startsWith("FANVIL")) {
            m = m.substring("FANVIL".length()).trim();
        }
        if (m.startsWith("X6")) {
            return Optional.of(X6);
        }
        if (m.startsWith("X3") || m.startsWith("X4")) {
            return Optional.of(X3_X4);
        }
        return Optional.empty();
    }
}
