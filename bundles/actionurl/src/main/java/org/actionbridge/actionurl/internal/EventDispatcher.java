package org.actionbridge.actionurl.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingEvents;
import org.actionbridge.core.ThingRegistry;
import org.actionbridge.protocol.ActionUrlRequest;
import org.actionbridge.protocol.Variable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies accepted events to their things off the request thread. Each phone has a bounded queue, so
 * its events stay in order and a flood from one phone cannot grow memory; the queues are drained by a
 * small shared pool, one phone at a time per worker.
 */
@Component(service = { EventDispatcher.class, EventHandler.class },
        property = EventConstants.EVENT_TOPIC + "=" + ThingEvents.THING_REMOVED)
public final class EventDispatcher implements EventHandler {

    private final Logger logger = LoggerFactory.getLogger(EventDispatcher.class);
    private final ThingRegistry registry;
    private final ReceiverSettings settings;
    private final Map<String, PhoneQueue> queues = new ConcurrentHashMap<>();
    // one drain task per phone at most, so the pool's queue is bounded by the number of phones
    private final ExecutorService workers = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), NamedThreads.factory("actionurl-dispatch"));

    @Activate
    public EventDispatcher(@Reference ThingRegistry registry, @Reference ReceiverSettings settings) {
        this.registry = registry;
        this.settings = settings;
    }

    @Deactivate
    void deactivate() {
        workers.shutdownNow();
    }

    /** A removed thing's calls are forgotten: a thing configured again under its id starts afresh. */
    @Override
    public void handleEvent(Event event) {
        Object thingId = event.getProperty(ThingEvents.THING_ID);
        if (thingId != null) {
            queues.remove(String.valueOf(thingId));
        }
    }

    /** An accepted event waiting to be applied. */
    record Accepted(ActionUrlRequest request, Instant receivedAt) {
    }

    /** Queues an event for {@code thing}; false when its queue is full. */
    boolean offer(Thing thing, Accepted event) {
        PhoneQueue queue = queues.computeIfAbsent(thing.id(), id -> new PhoneQueue(id, new CallTracker(thing.type())));
        if (queue.tracker.type() != thing.type()) {
            queue = new PhoneQueue(thing.id(), new CallTracker(thing.type()));
            queues.put(thing.id(), queue);
        }
        return queue.offer(event, settings.current().queueCapacity());
    }

    /** One phone's queue and call state. */
    private final class PhoneQueue {
        private final String thingId;
        private final CallTracker tracker;
        private final ArrayDeque<Accepted> pending = new ArrayDeque<>();
        private boolean draining;

        PhoneQueue(String thingId, CallTracker tracker) {
            this.thingId = thingId;
            this.tracker = tracker;
        }

        synchronized boolean offer(Accepted event, int capacity) {
            if (pending.size() >= capacity) {
                return false;
            }
            pending.add(event);
            if (!draining) {
                draining = true;
                try {
                    workers.execute(this::drain);
                } catch (RuntimeException e) {
                    draining = false;
                    pending.removeLast();
                    return false;
                }
            }
            return true;
        }

        private void drain() {
            while (true) {
                Accepted next;
                synchronized (this) {
                    next = pending.poll();
                    if (next == null) {
                        draining = false;
                        return;
                    }
                }
                apply(next);
            }
        }

        private void apply(Accepted event) {
            ActionUrlRequest request = event.request();
            Optional<Thing> thing = registry.get(thingId);
            if (thing.isEmpty()) {
                queues.remove(thingId, this);
                return;
            }
            try {
                Map<String, String> states = tracker.apply(request, event.receivedAt());
                if (!states.isEmpty()) {
                    registry.updateStates(thingId, states);
                }
                Map<String, String> variables = new LinkedHashMap<>();
                for (Map.Entry<Variable, String> variable : request.variables().entrySet()) {
                    variables.put(variable.getKey().queryName(), variable.getValue());
                }
                registry.fireEvent(thingId, request.event().wireName(), variables);
                registry.markSeen(thingId);
            } catch (RuntimeException e) {
                logger.warn("Could not apply {} to {}: {}", request.event().wireName(), thingId, e.toString());
            }
        }
    }
}
