package org.actionbridge.sip.internal;

import java.util.Optional;

import org.actionbridge.core.CommandError;

/**
 * How one client transaction ended: with a final response, or without one (Timer F, unreachable,
 * stopped) and the error to report.
 */
record Outcome(Optional<SipResponse> response, CommandError error, String message) {

    static Outcome answered(SipResponse response) {
        return new Outcome(Optional.of(response), null, "");
    }

    static Outcome failed(CommandError error, String message) {
        return new Outcome(Optional.empty(), error, message);
    }
}
