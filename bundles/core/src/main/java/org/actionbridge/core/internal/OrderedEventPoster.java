package org.actionbridge.core.internal;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts events from one thread, in the order they were handed over. EventAdmin keeps the order of
 * asynchronous events only per posting thread, and a thing's changes come from many threads (request
 * workers, command completions, configuration); funnelling them through one poster keeps every
 * thing's events in order for every listener, without waiting for slow listeners. The queue is
 * bounded: a full queue makes the caller wait rather than grow memory or lose events.
 */
final class OrderedEventPoster {

    static final int CAPACITY = 65_536;

    private final Logger logger = LoggerFactory.getLogger(OrderedEventPoster.class);
    private final EventAdmin eventAdmin;
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final Thread thread;
    private volatile boolean running = true;

    OrderedEventPoster(EventAdmin eventAdmin) {
        this.eventAdmin = eventAdmin;
        this.thread = new Thread(this::run, "actionbridge-event-poster");
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands an event over; waits while the queue is full. */
    void post(Event event) {
        if (!running) {
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
                eventAdmin.postEvent(event);
            } catch (RuntimeException e) {
                logger.warn("Could not post {}: {}", event.getTopic(), e.toString());
            }
        }
    }
}
