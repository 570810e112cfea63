package org.actionbridge.sip.internal;

/**
 * Told of every NOTIFY as it is put on the wire, retransmissions included, before any response to it can
 * arrive (tests check the RFC timings with it).
 */
interface TransmissionListener {

    TransmissionListener NONE = (branch, attempt, nanoTime) -> {
    };

    /** @param attempt 0 for the first transmission, then 1, 2, ... for retransmissions */
    void sent(String branch, int attempt, long nanoTime);
}
