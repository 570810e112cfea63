package org.actionbridge.mqtt.internal;

/**
 * Tells the bridge that a message was published retained where the broker's delivery does not say so: the
 * embedded broker (Artemis 2.40) clears the retain flag on deliveries to a wildcard subscription despite
 * MQTT 5 "retain as published", and a retained command must never run.
 */
interface RetainedPublicationWatch {

    /**
     * True when a publication of {@code payload} to {@code topic} was seen published retained and not yet
     * accounted for; the mark is used up by this call.
     */
    boolean publishedRetained(String topic, byte[] payload);
}
