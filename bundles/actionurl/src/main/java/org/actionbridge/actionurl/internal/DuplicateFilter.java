package org.actionbridge.actionurl.internal;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recognises a request repeated within a short window: same phone, event and call id (or, without a
 * call id, the same query). Phones resend when our answer is slow; the repeat is answered 200 but not
 * applied twice. Bounded: when full, expired keys are dropped, then, if that is not enough (a flood of
 * more than {@value #MAX_KEYS} distinct requests within the window), half of the keys, whichever the map
 * yields first: during such a flood a repeat may be applied twice, but memory stays bounded.
 */
final class DuplicateFilter {

    private static final int MAX_KEYS = 65_536;

    private final Map<String, Long> seenUntil = new ConcurrentHashMap<>();

    /**
     * Records the request; returns true when it is a repeat of one seen less than {@code windowNanos}
     * ago.
     */
    boolean isDuplicate(String key, long nowNanos, long windowNanos) {
        if (windowNanos <= 0) {
            return false;
        }
        Long previous = seenUntil.put(key, nowNanos + windowNanos);
        if (previous != null && previous - nowNanos > 0) {
            return true;
        }
        if (seenUntil.size() > MAX_KEYS) {
            prune(nowNanos);
        }
        return false;
    }

    /**
     * Forgets a request that was recorded but not accepted (answered 503), so that the phone's retry is
     * applied instead of being taken for a repeat.
     */
    void forget(String key) {
        seenUntil.remove(key);
    }

    private void prune(long nowNanos) {
        seenUntil.values().removeIf(until -> until - nowNanos <= 0);
        if (seenUntil.size() > MAX_KEYS / 2) {
            Iterator<String> keys = seenUntil.keySet().iterator();
            for (int i = 0; i < MAX_KEYS / 2 && keys.hasNext(); i++) {
                keys.next();
                keys.remove();
            }
        }
    }

    /** The key of a request: phone, event and call id, or the whole query when there is no call id. */
    static String key(String thingId, String event, String callId, String rawQuery) {
        return thingId + '\n' + event + '\n' + (callId.isEmpty() ? "q:" + rawQuery : "c:" + callId);
    }
}
