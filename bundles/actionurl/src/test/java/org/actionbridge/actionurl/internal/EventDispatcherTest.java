package org.actionbridge.actionurl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingStatusInfo;
import org.actionbridge.core.ThingType;
import org.actionbridge.core.ThingUID;
import org.actionbridge.core.TransportMode;
import org.actionbridge.core.testing.ConfigProxies;
import org.actionbridge.core.testing.RecordingThingRegistry;
import org.actionbridge.protocol.ActionUrlRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventDispatcherTest {

    private static final Thing DESK = new Thing(new ThingUID(ThingType.PHONE, "desk1"), "desk1",
            Optional.of(new PhoneConfiguration("desk1", ThingType.PHONE, "desk1", "127.0.0.5", 80, false, "",
                    "admin", "pw", TransportMode.HTTP, 5060)),
            ThingStatusInfo.UNKNOWN, "127.0.0.5", Map.of(), Optional.empty());

    /** A registry holding one thing whose event delivery can be held up, recording the events applied. */
    static final class SlowRegistry extends RecordingThingRegistry {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        final List<String> applied = new CopyOnWriteArrayList<>();

        SlowRegistry() {
            super(DESK);
        }

        @Override
        public boolean fireEvent(String thingId, String event, Map<String, String> variables) {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            applied.add(event + ":" + variables.getOrDefault("call_id", ""));
            return true;
        }
    }

    static ReceiverConfig config(int queueCapacity) {
        return ConfigProxies.of(ReceiverConfig.class,
                Map.of("token", "0123456789abcdefghij", "queueCapacity", queueCapacity));
    }

    private final SlowRegistry registry = new SlowRegistry();
    private final EventDispatcher dispatcher = new EventDispatcher(registry, new ReceiverSettings(null, config(3)));

    @AfterEach
    void stop() {
        registry.release.countDown();
        dispatcher.deactivate();
    }

    private boolean offer(String callId) throws Exception {
        return dispatcher.offer(DESK,
                new EventDispatcher.Accepted(ActionUrlRequest.parse("incoming_call", "call_id=" + callId), Instant.now()));
    }

    @Test
    void fullQueueRefusesInsteadOfGrowing() throws Exception {
        assertThat(offer("1")).isTrue();
        assertThat(registry.entered.await(5, TimeUnit.SECONDS)).as("worker holds event 1").isTrue();
        assertThat(offer("2")).isTrue();
        assertThat(offer("3")).isTrue();
        assertThat(offer("4")).isTrue();
        assertThat(offer("5")).as("queue of 3 is full").isFalse();

        registry.release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.applied.size() == 4);
        assertThat(registry.applied).containsExactly("incoming_call:1", "incoming_call:2", "incoming_call:3",
                "incoming_call:4");
        assertThat(offer("6")).isTrue();
    }
}
