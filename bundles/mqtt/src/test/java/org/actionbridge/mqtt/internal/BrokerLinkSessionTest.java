package org.actionbridge.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link BrokerLink} against {@link ScriptedBroker} over a real socket: what it sends on connecting, the
 * order and window of its publications, what survives a broken connection or a broker that is away, and how
 * it says goodbye. The Pax Exam suite runs the same link against Artemis and mosquitto; here the broker
 * holds acknowledgements and drops connections exactly when a test says so.
 */
class BrokerLinkSessionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** The last will, and the farewell on closing, as the bridge uses one publication for both. */
    private static final Publication OFFLINE = Publication.state("t/bridge/availability", "offline", 1);

    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private volatile List<Publication> snapshot = List.of(Publication.state("t/bridge/availability", "online", 1));

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) { // the link before its broker
            closing.get(i).close();
        }
        connector.shutdownNow();
    }

    private ScriptedBroker broker(int receiveMaximum) throws Exception {
        ScriptedBroker broker = new ScriptedBroker(receiveMaximum);
        closing.add(broker);
        return broker;
    }

    private BrokerLink link(ScriptedBroker broker, int maxInflight, int bufferSize) {
        return link(settings(broker, "", "", maxInflight, bufferSize));
    }

    private static BrokerLink.Settings settings(ScriptedBroker broker, String username, String password,
            int maxInflight, int bufferSize) {
        return settings(broker, username, password, maxInflight, bufferSize, List.of("t/+/+/set"));
    }

    private static BrokerLink.Settings settings(ScriptedBroker broker, String username, String password,
            int maxInflight, int bufferSize, List<String> subscriptions) {
        return new BrokerLink.Settings(broker.url(), "session-test", username, password, 30, 5, maxInflight,
                bufferSize, 10, 50, "", "", "PKCS12", true, OFFLINE, subscriptions);
    }

    private BrokerLink link(BrokerLink.Settings settings) {
        BrokerLink link = new BrokerLink(settings,
                new BrokerLink.Owner() {
                    @Override
                    public List<Publication> snapshot() {
                        return snapshot;
                    }

                    @Override
                    public void messageArrived(String topic, MqttMessage message) {
                        commands.add(topic + "=" + new String(message.getPayload()));
                    }
                }, connector);
        closing.add(() -> link.close(OFFLINE));
        return link;
    }

    private static void startAndAwaitTheSnapshot(ScriptedBroker broker, BrokerLink link) {
        link.start();
        await().atMost(WAIT).until(() -> broker.received().size() == 1);
    }

    private static void publishEvents(BrokerLink link, int from, int to) {
        for (int n = from; n <= to; n++) {
            link.publish(event(n));
        }
    }

    private static Publication event(int n) {
        return Publication.message("t/demo/event", "e" + n, 1);
    }

    private static List<String> events(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(n -> "e" + n).toList();
    }

    @Test
    void connectsWithACleanStartTheLastWillAPacketLimitAndSubscriptionsThatKeepTheRetainFlag() throws Exception {
        ScriptedBroker broker = broker(0);
        BrokerLink link = link(broker, 100, 100);
        link.start();
        await().atMost(WAIT).until(link::isConnected);

        ScriptedBroker.Connect connect = broker.connects().get(0);
        assertThat(connect.clientId()).isEqualTo("session-test");
        assertThat(connect.cleanStart()).isTrue();
        assertThat(connect.keepAlive()).isEqualTo(30);
        assertThat(connect.receiveMaximum()).isEqualTo(100);
        assertThat(connect.username()).isNull();
        assertThat(connect.password()).isNull();
        assertThat(connect.willTopic()).isEqualTo("t/bridge/availability");
        assertThat(connect.willPayload()).isEqualTo("offline");
        assertThat(connect.willRetain()).isTrue();
        assertThat(connect.maximumPacketSize()).isEqualTo(BrokerLink.MAX_INCOMING_PACKET);
        assertThat(broker.subscriptions()).singleElement().satisfies(s -> {
            assertThat(s.filter()).isEqualTo("t/+/+/set");
            assertThat(s.retainAsPublished()).isTrue();
        });
        // the snapshot went out once the subscription was in place
        await().atMost(WAIT).until(() -> broker.payloads("t/bridge/availability"), List.of("online")::equals);

        broker.deliver("t/demo/dnd/set", "ON");
        await().atMost(WAIT).until(() -> commands, List.of("t/demo/dnd/set=ON")::equals);
    }

    @Test
    void onConnectingTheSnapshotGoesFirstThenTheLatestOfEachStateThenTheEventsThatWaited() throws Exception {
        ScriptedBroker broker = broker(0);
        broker.refuse(true);
        BrokerLink link = link(broker, 100, 100);
        link.start();
        link.publish(event(1));
        link.publish(Publication.state("t/demo/dnd", "ON", 1));
        link.publish(event(2));
        link.publish(Publication.state("t/demo/dnd", "OFF", 1)); // replaces ON while the broker is away
        link.publishAll(List.of(event(3), Publication.state("t/demo/call", "IDLE", 1)));

        broker.refuse(false);
        await().atMost(WAIT).until(() -> broker.received().size() >= 6);
        assertThat(broker.received()).extracting(r -> r.topic() + "=" + r.payload()).containsExactly(
                "t/bridge/availability=online", "t/demo/dnd=OFF", "t/demo/call=IDLE", "t/demo/event=e1",
                "t/demo/event=e2", "t/demo/event=e3");
        assertThat(broker.received()).extracting(ScriptedBroker.Received::retain)
                .containsExactly(true, true, true, false, false, false);

        // sent once: the next connection starts from the snapshot alone
        broker.reset();
        await().atMost(WAIT).until(() -> broker.connects().size() == 2);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> broker.received().stream()
                .filter(r -> r.connection() == 2).map(ScriptedBroker.Received::payload).toList(),
                List.of("online")::equals);
    }

    @Test
    void neverMoreUnacknowledgedThanTheBrokerAllowsAndInTheOrderHandedIn() throws Exception {
        ScriptedBroker broker = broker(3);
        assertWindowOf(3, broker, link(broker, 1000, 100));
    }

    @Test
    void theConfiguredWindowLimitsUnacknowledgedPublicationsWhenTheBrokerAllowsMore() throws Exception {
        ScriptedBroker broker = broker(0);
        assertWindowOf(2, broker, link(broker, 2, 100));
    }

    /** With acknowledgements held, exactly {@code window} events are out at a time, and all go in order. */
    private static void assertWindowOf(int window, ScriptedBroker broker, BrokerLink link) throws Exception {
        int total = 3 * window;
        startAndAwaitTheSnapshot(broker, link);
        broker.holdAcks();
        publishEvents(link, 1, total);
        await().atMost(WAIT).until(() -> broker.payloads("t/demo/event").size() == window);
        await().during(Duration.ofMillis(300)).atMost(WAIT)
                .until(() -> broker.payloads("t/demo/event").size() == window);

        broker.releaseAcks(2);
        await().atMost(WAIT).until(() -> broker.payloads("t/demo/event").size() == window + 2);
        broker.stopHolding();
        await().atMost(WAIT).until(() -> broker.payloads("t/demo/event"), events(1, total)::equals);
        await().atMost(WAIT).until(() -> link.statistics().startsWith("published " + (total + 1) + ","));
    }

    @Test
    void aStateNotSentYetIsSkippedWhenANewerValueOfItsTopicFollowsButNoEventIs() throws Exception {
        ScriptedBroker broker = broker(1);
        BrokerLink link = link(broker, 1000, 100);
        startAndAwaitTheSnapshot(broker, link);
        broker.holdAcks();
        link.publish(Publication.state("t/demo/dnd", "ON", 1)); // in flight at once
        await().atMost(WAIT).until(() -> broker.received().size() == 2);
        link.publish(event(1));
        link.publish(Publication.state("t/demo/dnd", "OFF", 1));
        link.publish(event(2));
        link.publish(Publication.state("t/demo/dnd", "ON", 1));
        broker.stopHolding();

        await().atMost(WAIT).until(() -> broker.received().size() >= 5);
        assertThat(broker.received()).extracting(r -> r.topic() + "=" + r.payload()).containsExactly(
                "t/bridge/availability=online", "t/demo/dnd=ON", "t/demo/event=e1", "t/demo/event=e2",
                "t/demo/dnd=ON");
        assertThat(link.statistics()).contains("superseded states 1");
    }

    @Test
    void whatTheBrokerHadNotAcknowledgedIsSentAgainInOrderAfterTheConnectionBreaks() throws Exception {
        ScriptedBroker broker = broker(0);
        BrokerLink link = link(broker, 1000, 100);
        startAndAwaitTheSnapshot(broker, link);
        link.publish(event(1));
        await().atMost(WAIT).until(() -> broker.payloads("t/demo/event"), List.of("e1")::equals);
        broker.holdAcks();
        publishEvents(link, 2, 5);
        await().atMost(WAIT).until(() -> broker.payloads("t/demo/event").size() == 5);
        snapshot = List.of(Publication.state("t/bridge/availability", "online", 1),
                Publication.state("t/demo/dnd", "OFF", 1));

        broker.reset();
        await().atMost(WAIT).until(() -> broker.connects().size() == 2 && link.isConnected());
        link.publish(event(6));
        await().atMost(WAIT).until(() -> broker.received().stream().filter(r -> r.connection() == 2).count() >= 7);
        assertThat(broker.received().stream().filter(r -> r.connection() == 2))
                .extracting(r -> r.topic() + "=" + r.payload()).containsExactly("t/bridge/availability=online",
                        "t/demo/dnd=OFF", "t/demo/event=e2", "t/demo/event=e3", "t/demo/event=e4",
                        "t/demo/event=e5", "t/demo/event=e6");
        assertThat(link.statistics()).contains("resent 4");
        broker.stopHolding();
        await().atMost(WAIT).until(() -> link.statistics().contains("in flight 0"));
    }

    @Test
    void whileTheBrokerIsAwayTheOldestEventsGoWhenTheBufferIsFullAndStatesAreKept() throws Exception {
        ScriptedBroker broker = broker(0);
        BrokerLink link = link(broker, 1000, 3);
        link.start();
        await().atMost(WAIT).until(link::isConnected);
        broker.refuse(true);
        broker.reset();
        await().atMost(WAIT).until(() -> !link.isConnected());
        for (int n = 1; n <= 5; n++) {
            link.publish(event(n));
            link.publish(Publication.state("t/demo/n" + n, String.valueOf(n), 1));
        }
        assertThat(link.dropped()).isEqualTo(2);

        broker.refuse(false);
        await().atMost(WAIT).until(() -> broker.payloads("t/demo/event"), events(3, 5)::equals);
        for (int n = 1; n <= 5; n++) {
            assertThat(broker.payloads("t/demo/n" + n)).as("state %d", n).containsExactly(String.valueOf(n));
        }
    }

    @Test
    void closingPublishesTheFarewellAndDisconnectsCleanly() throws Exception {
        ScriptedBroker broker = broker(0);
        BrokerLink link = link(broker, 1000, 100);
        startAndAwaitTheSnapshot(broker, link);

        link.close(OFFLINE);
        assertThat(broker.payloads("t/bridge/availability")).containsExactly("online", "offline");
        await().atMost(WAIT).until(() -> broker.cleanDisconnects(), List.of(1)::equals);
        assertThat(link.isConnected()).isFalse();
        link.publish(event(1)); // after close: ignored, no error
        assertThat(broker.payloads("t/demo/event")).isEmpty();
    }

    @Test
    void credentialsGoIntoTheConnectAndNeverIntoTheSettingsText() throws Exception {
        ScriptedBroker broker = broker(0);
        BrokerLink.Settings settings = settings(broker, "bridge", "s3cret-Pw", 100, 100);
        BrokerLink link = link(settings);
        link.start();
        await().atMost(WAIT).until(link::isConnected);

        assertThat(broker.connects().get(0).username()).isEqualTo("bridge");
        assertThat(broker.connects().get(0).password()).isEqualTo("s3cret-Pw");
        assertThat(settings.toString()).contains("bridge").doesNotContain("s3cret-Pw");
    }

    @Test
    void whileConnectedAProducerThatDoesNotWaitIsCappedAtTwiceTheBuffer() throws Exception {
        ScriptedBroker broker = broker(1);
        BrokerLink link = link(broker, 1000, 2);
        startAndAwaitTheSnapshot(broker, link);
        broker.holdAcks();
        publishEvents(link, 1, 10); // e1 in flight, e2-e6 dropped to keep four waiting
        assertThat(link.dropped()).isEqualTo(5);
        link.publishAll(IntStream.rangeClosed(11, 16).mapToObj(BrokerLinkSessionTest::event).toList());
        assertThat(link.dropped()).isEqualTo(11);

        broker.stopHolding();
        await().atMost(WAIT).until(() -> broker.payloads("t/demo/event"),
                List.of("e1", "e13", "e14", "e15", "e16")::equals);
    }

    @Test
    void whatWasInFlightWhenTheConnectionBrokeCountsAgainstTheBuffer() throws Exception {
        ScriptedBroker broker = broker(0);
        BrokerLink link = link(broker, 1000, 3);
        startAndAwaitTheSnapshot(broker, link);
        broker.holdAcks();
        publishEvents(link, 1, 6);
        await().atMost(WAIT).until(() -> broker.payloads("t/demo/event").size() == 6);

        broker.reset();
        await().atMost(WAIT).until(() -> broker.received().stream().filter(r -> r.connection() == 2)
                .map(ScriptedBroker.Received::payload).toList(), List.of("online", "e4", "e5", "e6")::equals);
        assertThat(link.dropped()).isEqualTo(3);
        broker.stopHolding();
    }

    @Test
    void aResultCarriesItsCorrelationData() throws Exception {
        ScriptedBroker broker = broker(0);
        BrokerLink link = link(broker, 1000, 100);
        startAndAwaitTheSnapshot(broker, link);
        link.publish(new Publication("t/demo/command/result", "{}".getBytes(StandardCharsets.UTF_8), 1, false,
                "req-42".getBytes(StandardCharsets.UTF_8), false));
        link.publish(event(1));

        await().atMost(WAIT).until(() -> broker.received().size() == 3);
        assertThat(broker.received()).extracting(ScriptedBroker.Received::correlationData)
                .containsExactly("", "req-42", "");
    }

    @Test
    void aProducerWaitingForRoomIsLetGoWhenThereIsRoomOrTheLinkCloses() throws Exception {
        ScriptedBroker broker = broker(1);
        BrokerLink link = link(broker, 1000, 2);
        startAndAwaitTheSnapshot(broker, link);
        broker.holdAcks();
        publishEvents(link, 1, 3); // e1 in flight, two waiting: full
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> awaitRoom(link));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> !first.isDone());
        broker.releaseAcks(1); // e2 leaves: one waiting
        first.get(10, TimeUnit.SECONDS);

        link.publish(event(4)); // full again
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> awaitRoom(link));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> !second.isDone());
        link.close(OFFLINE);
        second.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aPublicationTheClientRefusesIsDroppedAndTheOnesBehindItStillGo() throws Exception {
        ScriptedBroker broker = broker(0);
        // the audit's discoveryPrefix "home+x": Paho throws at once for a topic with a wildcard
        snapshot = List.of(Publication.state("t/bridge/availability", "online", 1),
                Publication.state("home+x/binary_sensor/actionbridge_bridge/connectivity/config", "{}", 1),
                Publication.state("t/demo/dnd", "ON", 1));
        BrokerLink link = link(broker, 1000, 100);
        link.start();
        await().atMost(WAIT).until(link::isConnected);
        link.publish(event(1));
        link.publish(Publication.message("t/+/event", "wild", 1));
        link.publish(event(2));

        await().atMost(WAIT).until(() -> broker.received().size() >= 4);
        assertThat(broker.received()).extracting(r -> r.topic() + "=" + r.payload()).containsExactly(
                "t/bridge/availability=online", "t/demo/dnd=ON", "t/demo/event=e1", "t/demo/event=e2");
        assertThat(link.statistics()).contains("rejected 2", "waiting 0", "in flight 0");
        assertThat(link.isConnected()).isTrue();
    }

    @Test
    void whenTheClientRefusesTheSubscriptionsTheLinkStillPublishes() throws Exception {
        ScriptedBroker broker = broker(0);
        broker.withoutWildcardSubscriptions(); // Paho then throws for "t/+/+/set" without sending it
        BrokerLink link = link(settings(broker, "", "", 1000, 100, List.of("t/+/+/set", "ha/status")));
        startAndAwaitTheSnapshot(broker, link);
        link.publish(event(1));

        await().atMost(WAIT).until(() -> broker.payloads("t/demo/event"), List.of("e1")::equals);
        assertThat(broker.subscriptions()).isEmpty();
        assertThat(broker.connects()).hasSize(1);
        assertThat(link.isConnected()).isTrue();
    }

    @Test
    void aConnectionThatBreaksWhileSubscribingIsMadeAgainAndOnlyThenGoesOnline() throws Exception {
        ScriptedBroker broker = broker(0);
        broker.cutAtNextSubscribe();
        BrokerLink link = link(broker, 1000, 100);
        link.start();

        await().atMost(WAIT).until(() -> broker.connects().size() == 2 && link.isConnected());
        await().atMost(WAIT).until(() -> broker.payloads("t/bridge/availability"), List.of("online")::equals);
        assertThat(broker.received()).allSatisfy(r -> assertThat(r.connection()).isEqualTo(2));
        assertThat(broker.subscriptions()).extracting(ScriptedBroker.Subscription::filter)
                .containsExactly("t/+/+/set");
        broker.deliver("t/demo/dnd/set", "ON");
        await().atMost(WAIT).until(() -> commands, List.of("t/demo/dnd/set=ON")::equals);
    }

    private static void awaitRoom(BrokerLink link) {
        try {
            link.awaitRoom();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
