package org.actionbridge.core;

import java.util.Locale;
import java.util.Optional;

/** How commands reach a phone: the {@code transport} key of its configuration. */
public enum TransportMode {
    /** Active URI over HTTP(S). */
    HTTP("http"),
    /** SIP NOTIFY with {@code Event: ACTIVE-URI}. */
    SIP("sip"),
    /** HTTP first; SIP NOTIFY when the phone's HTTP port cannot be reached. */
    AUTO("auto");

    private final String id;

    TransportMode(String id) {
        this.id = id;
    }

    /** The configuration value and the name of the transport service ({@code http}, {@code sip}). */
    public String id() {
        return id;
    }

    /** The mode named {@code id} (case-insensitive), if any. */
    public static Optional<TransportMode> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        for (TransportMode mode : values()) {
            if (mode.id.equals(wanted)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
