package org.actionbridge.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class OrderedEventPosterTest {

    private final RecordingEventAdmin eventAdmin = new RecordingEventAdmin();

    @Test
    void eventsHandedOverFromManyThreadsArePostedInHandOverOrderFromOneThread() throws Exception {
        OrderedEventPoster poster = new OrderedEventPoster(eventAdmin);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        Object handOver = new Object();
        List<Integer> handedOver = new ArrayList<>();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            done.add(threads.submit(() -> {
                for (int i = 0; i < 500; i++) {
                    synchronized (handOver) {
                        int n = handedOver.size();
                        handedOver.add(n);
                        poster.post(new Event("test/EVENT", Map.of("n", n)));
                    }
                }
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        threads.shutdown();

        await().atMost(Duration.ofSeconds(10)).until(() -> eventAdmin.events.size() == 2000);
        assertThat(eventAdmin.events.stream().map(e -> (Integer) e.getProperty("n")).collect(Collectors.toList()))
                .isEqualTo(handedOver);
        poster.stop();
    }

    @Test
    void stopPostsWhatWasHandedOverThenIgnoresMore() {
        OrderedEventPoster poster = new OrderedEventPoster(eventAdmin);
        for (int i = 0; i < 100; i++) {
            poster.post(new Event("test/EVENT", Map.of("n", i)));
        }
        poster.stop();
        int posted = eventAdmin.events.size();
        poster.post(new Event("test/EVENT", Map.of("n", -1)));

        assertThat(posted).isEqualTo(100);
        assertThat(eventAdmin.events).hasSize(100);
    }

    @Test
    void aListenerPostingDuringDeliveryDoesNotWaitForItself() {
        List<Event> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
        OrderedEventPoster[] poster = new OrderedEventPoster[1];
        poster[0] = new OrderedEventPoster(new org.osgi.service.event.EventAdmin() {
            @Override
            public void postEvent(Event event) {
                throw new AssertionError("events are delivered synchronously");
            }

            @Override
            public void sendEvent(Event event) {
                delivered.add(event);
                if ("test/FIRST".equals(event.getTopic())) {
                    poster[0].post(new Event("test/SECOND", Map.of()));
                }
            }
        });
        poster[0].post(new Event("test/FIRST", Map.of()));

        await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 2);
        assertThat(delivered).extracting(Event::getTopic).containsExactly("test/FIRST", "test/SECOND");
        poster[0].stop();
    }
}
