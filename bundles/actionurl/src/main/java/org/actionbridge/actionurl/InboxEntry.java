package org.actionbridge.actionurl;

import java.time.Instant;
import java.util.Objects;

/**
 * A phone that sent a valid Action URL request but that no configuration names. It is identified by
 * its MAC when it sent one, else by its IP address ({@code ip:192.0.2.7}).
 *
 * @param key the MAC in canonical form, or {@code ip:} and the address
 * @param mac the MAC in canonical form, or empty
 * @param ip the address the request came from
 * @param model the model the phone reported, or empty
 * @param firmware the firmware the phone reported, or empty
 * @param lastEvent the wire name of the last event
 * @param requests how many requests it sent
 */
public record InboxEntry(String key, String mac, String ip, String model, String firmware, Instant firstSeen,
        Instant lastSeen, String lastEvent, long requests) {

    public InboxEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        mac = mac == null ? "" : mac;
        ip = ip == null ? "" : ip;
        model = model == null ? "" : model;
        firmware = firmware == null ? "" : firmware;
        lastEvent = lastEvent == null ? "" : lastEvent;
    }
}
