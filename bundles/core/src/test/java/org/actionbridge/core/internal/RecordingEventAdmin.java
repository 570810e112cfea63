package org.actionbridge.core.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Keeps every event posted, in order, for assertions. */
final class RecordingEventAdmin implements EventAdmin {

    final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void postEvent(Event event) {
        events.add(event);
    }

    @Override
    public void sendEvent(Event event) {
        events.add(event);
    }

    List<Event> onTopic(String topic) {
        return events.stream().filter(e -> e.getTopic().equals(topic)).collect(Collectors.toList());
    }
}
