package org.actionbridge.mqtt.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The publications waiting for room in the broker's in-flight window, in order. A retained publication
 * that a newer one of the same topic replaces before it was sent is skipped: a state topic carries the
 * latest value, so under a backlog the broker is spared values nobody could still see as current.
 * Messages that are not retained (events, results) are never skipped. The newer value keeps its own
 * place in the order, after the event that caused it. Not thread-safe: the link guards it.
 */
final class OutboundQueue {

    private final Deque<Publication> queue = new ArrayDeque<>();
    /** The newest queued retained publication per topic; older ones of that topic are superseded. */
    private final Map<String, Publication> newest = new HashMap<>();
    private long superseded;

    /** Appends a publication. */
    void add(Publication publication) {
        queue.addLast(publication);
        if (publication.retained()) {
            newest.put(publication.topic(), publication);
        }
    }

    /** Puts back the head taken by {@link #poll()} that could not be sent; dropped if superseded meanwhile. */
    void putBack(Publication publication) {
        if (publication.retained()) {
            if (newest.containsKey(publication.topic())) {
                superseded++;
                return;
            }
            newest.put(publication.topic(), publication);
        }
        queue.addFirst(publication);
    }

    /** The next publication to send, skipping superseded ones; null when none is left. */
    Publication poll() {
        while (true) {
            Publication next = queue.pollFirst();
            if (next == null || current(next)) {
                return next;
            }
            superseded++;
        }
    }

    /** Removes the oldest entry (the overflow policy); null when empty. */
    Publication dropOldest() {
        Publication oldest = queue.pollFirst();
        if (oldest != null) {
            current(oldest);
        }
        return oldest;
    }

    /** Everything not superseded, in order; the queue is empty afterwards. */
    List<Publication> removeAll() {
        List<Publication> out = new ArrayList<>(queue.size());
        for (Publication publication : queue) {
            if (!publication.retained() || newest.get(publication.topic()) == publication) {
                out.add(publication);
            } else {
                superseded++;
            }
        }
        clear();
        return out;
    }

    void clear() {
        queue.clear();
        newest.clear();
    }

    /** Entries queued, superseded ones included until they are skipped. */
    int size() {
        return queue.size();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Retained publications skipped so far because a newer value of their topic followed. */
    long superseded() {
        return superseded;
    }

    /** Whether {@code taken}, just removed from the head, is still current; forgets it as the newest. */
    private boolean current(Publication taken) {
        if (!taken.retained()) {
            return true;
        }
        if (newest.get(taken.topic()) == taken) {
            newest.remove(taken.topic());
            return true;
        }
        return false;
    }
}
