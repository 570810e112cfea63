package org.actionbridge.shell.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import org.actionbridge.core.ThingEvents;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/** Keeps the last trigger events of all things for {@code phone:events} and {@code phone:show}. */
@Component(service = { RecentEvents.class, EventHandler.class },
        property = EventConstants.EVENT_TOPIC + "=" + ThingEvents.CHANNEL_TRIGGER)
public final class RecentEvents implements EventHandler {

    static final int CAPACITY = 500;

    /** One received event as the shell prints it. */
    record Line(Instant at, String thingId, String event, long seq, Map<String, String> variables) {
        @Override
        public String toString() {
            return at + "  " + thingId + "  #" + seq + "  " + event + (variables.isEmpty() ? "" : "  " + variables);
        }
    }

    private final Deque<Line> lines = new ArrayDeque<>();
    private final List<BlockingQueue<Line>> followers = new CopyOnWriteArrayList<>();

    @Override
    public void handleEvent(Event event) {
        Object ts = event.getProperty(ThingEvents.TIMESTAMP);
        Object seq = event.getProperty(ThingEvents.SEQUENCE);
        @SuppressWarnings("unchecked")
        Map<String, String> variables = event.getProperty(ThingEvents.VARIABLES) instanceof Map<?, ?> map
                ? (Map<String, String>) map : Map.of();
        Line line = new Line(ts instanceof Long millis ? Instant.ofEpochMilli(millis) : Instant.now(),
                String.valueOf(event.getProperty(ThingEvents.THING_ID)),
                String.valueOf(event.getProperty(ThingEvents.EVENT)), seq instanceof Long n ? n : 0, variables);
        synchronized (lines) {
            lines.addLast(line);
            if (lines.size() > CAPACITY) {
                lines.removeFirst();
            }
        }
        for (BlockingQueue<Line> follower : followers) {
            follower.offer(line); // a slow console loses lines rather than holding up EventAdmin
        }
    }

    /** The last {@code limit} events, oldest first, of one thing or (thingId null) of all. */
    List<Line> last(String thingId, int limit) {
        List<Line> matching = new ArrayList<>();
        synchronized (lines) {
            for (Line line : lines) {
                if (thingId == null || line.thingId().equals(thingId)) {
                    matching.add(line);
                }
            }
        }
        return matching.subList(Math.max(0, matching.size() - limit), matching.size());
    }

    void follow(BlockingQueue<Line> queue) {
        followers.add(queue);
    }

    void unfollow(BlockingQueue<Line> queue) {
        followers.remove(queue);
    }
}
