package org.actionbridge.mqtt.internal;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Retained publications to set topics seen on their way into the broker, each until the bridge receives
 * it or {@value #LIFETIME_NANOS} ns pass. Keyed by topic and payload (a publisher using a topic alias
 * leaves the topic empty, so that is looked up too); bounded, the oldest marks go first.
 */
final class RetainedSetMarks {

    static final long LIFETIME_NANOS = 30_000_000_000L;
    static final int CAPACITY = 1024;

    private record Key(String topic, int payloadHash, int payloadLength) {
    }

    /** Key to the times its marks were made, oldest first. */
    private final LinkedHashMap<Key, long[]> marks = new LinkedHashMap<>();

    synchronized void record(String topic, byte[] payload, long nowNanos) {
        expire(nowNanos);
        Key key = key(topic, payload);
        long[] times = marks.remove(key);
        long[] more = times == null ? new long[1] : Arrays.copyOf(times, Math.min(times.length + 1, 16));
        more[more.length - 1] = nowNanos;
        marks.put(key, more);
        while (marks.size() > CAPACITY) {
            Iterator<?> oldest = marks.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Uses up one mark of this publication; false when there is none. */
    synchronized boolean consume(String topic, byte[] payload, long nowNanos) {
        expire(nowNanos);
        return take(key(topic, payload)) || take(key("", payload));
    }

    synchronized int size() {
        return marks.size();
    }

    private boolean take(Key key) {
        long[] times = marks.get(key);
        if (times == null) {
            return false;
        }
        if (times.length == 1) {
            marks.remove(key);
        } else {
            marks.put(key, Arrays.copyOfRange(times, 1, times.length));
        }
        return true;
    }

    private void expire(long nowNanos) {
        for (Iterator<Map.Entry<Key, long[]>> it = marks.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, long[]> entry = it.next();
            long[] times = entry.getValue();
            int live = 0;
            while (live < times.length && nowNanos - times[live] > LIFETIME_NANOS) {
                live++;
            }
            if (live == times.length) {
                it.remove();
            } else if (live > 0) {
                entry.setValue(Arrays.copyOfRange(times, live, times.length));
            }
        }
    }

    private static Key key(String topic, byte[] payload) {
        return new Key(topic, Arrays.hashCode(payload), payload.length);
    }
}
