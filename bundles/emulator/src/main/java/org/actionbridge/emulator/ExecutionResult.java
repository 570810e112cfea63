package org.actionbridge.emulator;

import java.util.List;

/**
 * What an emulated device did with an Active URI instruction.
 *
 * @param outcome whether it was carried out
 * @param steps one line per key (what it did, or why it was ignored), or the reason for the outcome
 */
public record ExecutionResult(Outcome outcome, List<String> steps) {

    /** How an instruction ended; each maps to one HTTP status and one SIP response. */
    public enum Outcome {
        /** Carried out (keys that do nothing in the current state are ignored, as on a real phone). HTTP 200. */
        DONE,
        /** Refused: a wrong door code. HTTP 403. */
        REFUSED,
        /** The device cannot do it: a key its model series lacks, a door opening on a phone. HTTP 400. */
        UNSUPPORTED,
        /** The device is restarting. HTTP 503. */
        UNAVAILABLE
    }

    /** Copies the list. */
    public ExecutionResult {
        steps = List.copyOf(steps);
    }

    /** True when the outcome is {@link Outcome#DONE}. */
    public boolean done() {
        return outcome == Outcome.DONE;
    }

    /** The steps joined by {@code "; "}. */
    public String message() {
        return String.join("; ", steps);
    }
}
