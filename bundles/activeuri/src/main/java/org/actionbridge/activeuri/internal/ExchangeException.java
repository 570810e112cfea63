package org.actionbridge.activeuri.internal;

import java.io.IOException;

import org.actionbridge.core.CommandError;

/** Why one HTTP exchange with a phone got no answer, and whether another attempt may help. */
final class ExchangeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final CommandError error;
    private final boolean connectFailure;

    ExchangeException(CommandError error, boolean connectFailure, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
        this.connectFailure = connectFailure;
    }

    /** The error to report. */
    CommandError error() {
        return error;
    }

    /** True when no connection was made, so nothing reached the phone and a retry is safe. */
    boolean connectFailure() {
        return connectFailure;
    }
}
