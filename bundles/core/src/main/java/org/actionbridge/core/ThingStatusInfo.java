package org.actionbridge.core;

import java.util.Objects;

/** A status with its detail and a message an operator can read (empty when there is nothing to say). */
public record ThingStatusInfo(ThingStatus status, ThingStatusDetail detail, String message) {

    /** The status of a thing just configured. */
    public static final ThingStatusInfo UNKNOWN = new ThingStatusInfo(ThingStatus.UNKNOWN, ThingStatusDetail.NONE, "");

    /** The status of a thing seen working. */
    public static final ThingStatusInfo ONLINE = new ThingStatusInfo(ThingStatus.ONLINE, ThingStatusDetail.NONE, "");

    public ThingStatusInfo {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        message = message == null ? "" : message;
    }

    /** An OFFLINE status with its reason. */
    public static ThingStatusInfo offline(ThingStatusDetail detail, String message) {
        return new ThingStatusInfo(ThingStatus.OFFLINE, detail, message);
    }

    @Override
    public String toString() {
        return message.isEmpty() ? status + (detail == ThingStatusDetail.NONE ? "" : " (" + detail + ")")
                : status + " (" + detail + "): " + message;
    }
}
