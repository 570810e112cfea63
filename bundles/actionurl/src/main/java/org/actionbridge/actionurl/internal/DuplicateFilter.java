package org.actionbridge.actionurl.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recognises a request repeated within a short window: same phone, event and call id (or, without a
 * call id, the same query). Phones resend when our answer is slow; the repeat is answered 200 but not
 * applied twice. Each phone's last {@value #REMEMBERED_PER_PHONE} requests are remembered, as 64-bit
 * fingerprints: a phone sending more distinct requests than that within one window may have a repeat
 * applied twice, and memory stays bounded however fast requests come (about 600 bytes per phone). The
 * memory of a phone is a few dozen longs scanned under its own lock, not a shared map of every query of
 * the last seconds: at tens of thousands of requests a second that map was the receiver's biggest cost.
 */
final class DuplicateFilter {

    static final int REMEMBERED_PER_PHONE = 32;
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

    /** One phone's last requests: a ring of fingerprints and the times until which they count. */
    private static final class Recent {
        private final long[] fingerprints = new long[REMEMBERED_PER_PHONE];
        private final long[] until = new long[REMEMBERED_PER_PHONE];
        private final boolean[] live = new boolean[REMEMBERED_PER_PHONE];
        private int next;

        synchronized boolean record(long fingerprint, long nowNanos, long newUntil) {
            for (int i = 0; i < REMEMBERED_PER_PHONE; i++) {
                if (live[i] && fingerprints[i] == fingerprint && until[i] - nowNanos > 0) {
                    until[i] = newUntil; // a phone repeating itself keeps being recognised
                    return true;
                }
            }
            fingerprints[next] = fingerprint;
            until[next] = newUntil;
            live[next] = true;
            next = (next + 1) % REMEMBERED_PER_PHONE;
            return false;
        }

        synchronized void forget(long fingerprint) {
            for (int i = 0; i < REMEMBERED_PER_PHONE; i++) {
                if (fingerprints[i] == fingerprint) {
                    live[i] = false;
                }
            }
        }

        synchronized boolean idle(long nowNanos) {
            for (int i = 0; i < REMEMBERED_PER_PHONE; i++) {
                if (live[i] && until[i] - nowNanos > 0) {
                    return false;
                }
            }
            return true;
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
