package org.actionbridge.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One message for the broker.
 *
 * @param correlationData MQTT 5 correlation data to echo (empty when none)
 * @param snapshot whether the message is part of the state that is republished on every connection (retained
 *            state, availability, discovery): such messages are not buffered while the broker is away
 */
record Publication(String topic, byte[] payload, int qos, boolean retained, byte[] correlationData, boolean snapshot) {

    Publication {
        Objects.requireNonNull(topic, "topic");
        payload = payload == null ? new byte[0] : payload;
        correlationData = correlationData == null ? new byte[0] : correlationData;
    }

    /** A retained message of the republished state. */
    static Publication state(String topic, String payload, int qos) {
        return new Publication(topic, payload.getBytes(StandardCharsets.UTF_8), qos, true, null, true);
    }

    /** A message that is delivered once, in order, buffered while the broker is away. */
    static Publication message(String topic, String payload, int qos) {
        return new Publication(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false, null, false);
    }

    String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
