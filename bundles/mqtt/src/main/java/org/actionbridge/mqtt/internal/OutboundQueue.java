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
 * Messages that are not retained (events, results) are never skipped, and they alone count against the
 * buffer: retained publications are bounded by the number of topics (one each at most), however many
 * things there are, and the overflow policy must never drop a thing's state or discovery to make room.
 * The newer value keeps its own place in the order, after the event that caused it. Not thread-safe: the
 * link guards it.
 */
final class OutboundQueue {

    /** A queued publication; {@code skipped} once superseded or dropped. */
    private static final class Entry {
        final Publication publication;
        boolean skipped;

        Entry(Publication publication) {
            this.publication = publication;
        }
    }

    private final Deque<Entry> queue = new ArrayDeque<>();
    /** The queued messages (not retained), oldest first: the overflow policy drops from here. */
    private final Deque<Entry> messages = new ArrayDeque<>();
    /** The newest queued retained publication per topic; older ones of that topic are skipped. */
    private final Map<String, Entry> newest = new HashMap<>();
    private long superseded;

    /** Appends a publication. */
    void add(Publication publication) {
        Entry entry = new Entry(publication);
        queue.addLast(entry);
        if (publication.retained()) {
            Entry older = newest.put(publication.topic(), entry);
            if (older != null) {
                older.skipped = true;
                superseded++;
            }
        } else {
            messages.addLast(entry);
        }
    }

    /** Puts back the head taken by {@link #poll()} that could not be sent; dropped if superseded meanwhile. */
    void putBack(Publication publication) {
        Entry entry = new Entry(publication);
        if (publication.retained()) {
            if (newest.containsKey(publication.topic())) {
                superseded++;
                return;
            }
            newest.put(publication.topic(), entry);
        } else {
            messages.addFirst(entry);
        }
        queue.addFirst(entry);
    }

    /** The next publication to send, skipping superseded and dropped ones; null when none is left. */
    Publication poll() {
        while (true) {
            Entry next = queue.pollFirst();
            if (next == null) {
                return null;
            }
            if (next.skipped) {
                continue;
            }
            if (next.publication.retained()) {
                newest.remove(next.publication.topic(), next);
            } else {
                messages.pollFirst(); // the same entry: messages keep the queue's order
            }
            return next.publication;
        }
    }

    /** Drops the oldest queued message (the overflow policy); null when there is none. */
    Publication dropOldestMessage() {
        Entry oldest = messages.pollFirst();
        if (oldest == null) {
            return null;
        }
        oldest.skipped = true;
        return oldest.publication;
    }

    /** Everything not skipped, in order; the queue is empty afterwards. */
    List<Publication> removeAll() {
        List<Publication> out = new ArrayList<>(queue.size());
        for (Entry entry : queue) {
            if (!entry.skipped) {
                out.add(entry.publication);
            }
        }
        clear();
        return out;
    }

    void clear() {
        queue.clear();
        messages.clear();
        newest.clear();
    }

    /** Entries queued, skipped ones included until they are passed. */
    int size() {
        return queue.size();
    }

    /** Messages (not retained) queued. */
    int messageCount() {
        return messages.size();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Retained publications skipped so far because a newer value of their topic followed. */
    long superseded() {
        return superseded;
    }
}
