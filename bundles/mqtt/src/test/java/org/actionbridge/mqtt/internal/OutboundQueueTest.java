package org.actionbridge.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class OutboundQueueTest {

    private final OutboundQueue queue = new OutboundQueue();

    private static Publication state(String topic, String value) {
        return Publication.state(topic, value, 1);
    }

    private static Publication event(String topic, String payload) {
        return Publication.message(topic, payload, 1);
    }

    private List<String> drain() {
        List<String> out = new ArrayList<>();
        for (Publication p = queue.poll(); p != null; p = queue.poll()) {
            out.add(p.topic() + "=" + p.payloadText());
        }
        return out;
    }

    @Test
    void aStateReplacedBeforeItWasSentIsSkippedAndTheNewerKeepsItsPlace() {
        queue.add(event("t/event", "1"));
        queue.add(state("t/dnd", "ON"));
        queue.add(event("t/event", "2"));
        queue.add(state("t/dnd", "OFF"));
        queue.add(state("u/dnd", "ON"));

        assertThat(drain()).containsExactly("t/event=1", "t/event=2", "t/dnd=OFF", "u/dnd=ON");
        assertThat(queue.superseded()).isEqualTo(1);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void eventsAreNeverSkippedEvenWithTheSameTopicAndPayload() {
        for (int i = 0; i < 5; i++) {
            queue.add(event("t/event", "same"));
        }
        assertThat(drain()).hasSize(5);
        assertThat(queue.superseded()).isZero();
    }

    @Test
    void aStateSentAlreadyIsNotAffectedByANewerOne() {
        queue.add(state("t/dnd", "ON"));
        assertThat(queue.poll().payloadText()).isEqualTo("ON");
        queue.add(state("t/dnd", "OFF"));
        assertThat(drain()).containsExactly("t/dnd=OFF");
        assertThat(queue.superseded()).isZero();
    }

    @Test
    void aHeadPutBackGoesFirstUnlessANewerValueCameMeanwhile() {
        queue.add(state("t/dnd", "ON"));
        queue.add(event("t/event", "1"));
        Publication head = queue.poll();
        queue.putBack(head);
        assertThat(drain()).containsExactly("t/dnd=ON", "t/event=1");

        queue.add(state("t/dnd", "ON"));
        head = queue.poll();
        queue.add(state("t/dnd", "OFF"));
        queue.putBack(head);
        assertThat(drain()).containsExactly("t/dnd=OFF");
        assertThat(queue.superseded()).isEqualTo(1);
    }

    @Test
    void removeAllKeepsOrderAndOnlyTheNewestState() {
        queue.add(state("t/dnd", "ON"));
        queue.add(event("t/event", "1"));
        queue.add(state("t/dnd", "OFF"));
        List<String> all = queue.removeAll().stream().map(p -> p.topic() + "=" + p.payloadText()).toList();
        assertThat(all).containsExactly("t/event=1", "t/dnd=OFF");
        assertThat(queue.isEmpty()).isTrue();
        queue.add(state("t/dnd", "ON"));
        assertThat(drain()).containsExactly("t/dnd=ON");
    }

    @Test
    void theOverflowPolicyDropsTheOldestMessageNeverAState() {
        queue.add(state("bridge/availability", "online"));
        for (int i = 0; i < 3; i++) {
            queue.add(state("t" + i + "/dnd", "ON"));
        }
        queue.add(event("t/event", "1"));
        queue.add(state("t/dnd", "ON"));
        queue.add(event("t/event", "2"));
        assertThat(queue.messageCount()).isEqualTo(2);

        assertThat(queue.dropOldestMessage().payloadText()).isEqualTo("1");
        assertThat(queue.messageCount()).isEqualTo(1);
        assertThat(drain()).containsExactly("bridge/availability=online", "t0/dnd=ON", "t1/dnd=ON", "t2/dnd=ON",
                "t/dnd=ON", "t/event=2");
        assertThat(queue.dropOldestMessage()).isNull();
        assertThat(queue.size()).isZero();
    }

    @Test
    void aDroppedMessageIsLeftOutOfRemoveAll() {
        queue.add(event("t/event", "1"));
        queue.add(state("t/dnd", "ON"));
        queue.add(event("t/event", "2"));
        queue.dropOldestMessage();
        List<String> all = queue.removeAll().stream().map(p -> p.topic() + "=" + p.payloadText()).toList();
        assertThat(all).containsExactly("t/dnd=ON", "t/event=2");
        assertThat(queue.messageCount()).isZero();
    }
}
