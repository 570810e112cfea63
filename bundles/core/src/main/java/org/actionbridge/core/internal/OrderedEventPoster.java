package org.actionbridge.core.internal;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events from one thread, in the order they were handed over. A thing's changes come from many
 * threads (request workers, command completions, configuration); funnelling them through one thread keeps
 * every thing's events in order for every listener. Delivery is synchronous ({@code sendEvent}) on this
 * thread: EventAdmin's asynchronous queue is unbounded, so a listener that falls behind (the MQTT bridge
 * when the broker is slower than the phones) must slow this thread down instead. The queue is bounded: a
 * full queue makes the caller wait (the receiver then answers 503) rather than grow memory or lose events.
 */
final class OrderedEventPoster {

    static final int CAPACITY = 65_536;

    private final Logger logger = LoggerFactory.getLogger(OrderedEventPoster.class);
    private final EventAdmin eventAdmin;
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running = true;

    OrderedEventPoster(EventAdmin eventAdmin) {
        this.eventAdmin = eventAdmin;
        this.thread = new Thread(this::run, "actionbridge-event-poster");
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands an event over; waits while the queue is full, except when called by a listener during delivery. */
    void post(Event event) {
        if (!running) {
            return;
        }
        if (Thread.currentThread() == thread) {
            // a listener posting while its event is delivered: waiting here would wait for itself
            if (!queue.offer(event)) {
                long count = dropped.incrementAndGet();
                if (count == 1 || count % 1000 == 0) {
                    logger.warn("Event queue full ({}) for an event posted during delivery: {} dropped so far",
                            CAPACITY, count);
                }
            }
            return;
        }
        try {
            queue.put(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            logger.warn("Interrupted while handing over event {}; it is lost", event.getTopic());
        }
    }

    /** Stops after posting what was handed over. */
    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            Event event;
            try {
                event = queue.take();
            } catch (InterruptedException e) {
                if (!running) {
                    event = queue.poll();
                    if (event == null) {
                        return;
                    }
                } else {
                    continue;
                }
            }
            try {
                eventAdmin.sendEvent(event);
            } catch (RuntimeException e) {
                logger.warn("Could not post {}: {}", event.getTopic(), e.toString());
            }
        }
    }
}
