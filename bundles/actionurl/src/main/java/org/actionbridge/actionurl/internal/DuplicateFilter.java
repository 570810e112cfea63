package org.actionbridge.actionurl.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recognises a request repeated within a short window: same phone, event and call id (or, without a
 * call id, the same query). Phones resend when our answer is slow; the repeat is answered 200 but not
 * applied twice. Only a repeat of the phone's previous request counts: once the phone has sent anything
 * else, the same request again is a new change (hold, resume, hold within a second is three), not a
 * resend. One fingerprint per phone, scanned under that phone's lock: memory stays bounded however fast
 * requests come, and no shared map of every query of the last seconds is kept (at tens of thousands of
 * requests a second that map was the receiver's biggest cost).
 */
final class DuplicateFilter {

    /** Phones remembered at once; beyond it, phones whose every request has expired are forgotten. */
    private static final int MAX_PHONES = 65_536;

    private final Map<String, Recent> byPhone = new ConcurrentHashMap<>();
    private final int maxPhones;

    DuplicateFilter() {
        this(MAX_PHONES);
    }

    /** A filter that starts forgetting idle phones once it remembers {@code maxPhones} (tests use a few). */
    DuplicateFilter(int maxPhones) {
        this.maxPhones = maxPhones;
    }

    /** A request's identity: its phone, and a fingerprint of its event and call id or query. */
    record Key(String thingId, long fingerprint) {
    }

    /** The key of a request: phone, event and call id, or the whole query when there is no call id. */
    static Key key(String thingId, String event, String callId, String rawQuery) {
        long hash = fnv(FNV_OFFSET, event);
        hash = fnv(hash, callId.isEmpty() ? "\nq:" : "\nc:");
        return new Key(thingId, fnv(hash, callId.isEmpty() ? rawQuery : callId));
    }

    /**
     * Records the request; returns true when it is a repeat of one seen less than {@code windowNanos}
     * ago.
     */
    boolean isDuplicate(Key key, long nowNanos, long windowNanos) {
        if (windowNanos <= 0) {
            return false;
        }
        Recent recent = byPhone.get(key.thingId());
        if (recent == null) {
            if (byPhone.size() >= maxPhones) {
                byPhone.values().removeIf(r -> r.idle(nowNanos));
            }
            recent = byPhone.computeIfAbsent(key.thingId(), id -> new Recent());
        }
        return recent.record(key.fingerprint(), nowNanos, nowNanos + windowNanos);
    }

    /** Phones remembered now. */
    int phones() {
        return byPhone.size();
    }

    /**
     * Forgets a request that was recorded but not accepted (answered 503), so that the phone's retry is
     * applied instead of being taken for a repeat.
     */
    void forget(Key key) {
        Recent recent = byPhone.get(key.thingId());
        if (recent != null) {
            recent.forget(key.fingerprint());
        }
    }

    /** One phone's previous request: its fingerprint and the time until which a repeat of it counts. */
    private static final class Recent {
        private long fingerprint;
        private long until;
        private boolean live;

        synchronized boolean record(long candidate, long nowNanos, long newUntil) {
            boolean repeat = live && fingerprint == candidate && until - nowNanos > 0;
            fingerprint = candidate;
            until = newUntil; // a phone repeating itself keeps being recognised
            live = true;
            return repeat;
        }

        synchronized void forget(long candidate) {
            if (fingerprint == candidate) {
                live = false;
            }
        }

        synchronized boolean idle(long nowNanos) {
            return !live || until - nowNanos <= 0;
        }
    }

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /**
     * 64-bit FNV-1a over the string's chars. Not collision resistant, and needs not be: a sender able to
     * forge a colliding request for a phone may send that phone's events anyway.
     */
    private static long fnv(long hash, String text) {
        long h = hash;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            h = (h ^ (c & 0xff)) * FNV_PRIME;
            h = (h ^ (c >>> 8)) * FNV_PRIME;
        }
        return h;
    }
}
