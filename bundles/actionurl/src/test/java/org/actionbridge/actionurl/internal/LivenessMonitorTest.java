package org.actionbridge.actionurl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingEvents;
import org.actionbridge.core.ThingStatus;
import org.actionbridge.core.ThingStatusDetail;
import org.actionbridge.core.ThingStatusInfo;
import org.actionbridge.core.ThingType;
import org.actionbridge.core.ThingUID;
import org.actionbridge.core.TransportMode;
import org.actionbridge.core.testing.ConfigProxies;
import org.actionbridge.core.testing.RecordingThingRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

/** The liveness monitor against phones' web ports on real loopback sockets. */
class LivenessMonitorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A phone's web port: accepts connections (the backlog answers them) until closed. */
    private final ServerSocket webPort = listen("127.0.61.1");
    private LivenessMonitor monitor;

    /** A registry whose things can be added after the monitor started; counts the monitor's looks at it. */
    static class GrowingRegistry extends RecordingThingRegistry {
        volatile List<Thing> things = List.of();
        final CountDownLatch looked = new CountDownLatch(1);

        @Override
        public List<Thing> getAll() {
            looked.countDown();
            return things;
        }

        @Override
        public Optional<Thing> get(String thingId) {
            return things.stream().filter(thing -> thing.id().equals(thingId)).findFirst();
        }
    }

    @AfterEach
    void stop() throws IOException {
        if (monitor != null) {
            monitor.deactivate();
        }
        webPort.close();
    }

    private static ServerSocket listen(String address) {
        try {
            return new ServerSocket(0, 50, InetAddress.getByName(address));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Thing neverHeardFrom(String id, String host, int httpPort) {
        return new Thing(new ThingUID(ThingType.PHONE, id), id,
                Optional.of(new PhoneConfiguration(id, ThingType.PHONE, id, host, httpPort, false, "", "admin", "pw",
                        TransportMode.HTTP, 5060)),
                ThingStatusInfo.UNKNOWN, host, Map.of(), Optional.empty());
    }

    /** A port on {@code address} that nothing listens on. */
    private static int closedPort(String address) throws IOException {
        try (ServerSocket probe = listen(address)) {
            return probe.getLocalPort();
        }
    }

    private LivenessMonitor start(RecordingThingRegistry registry, int livenessCheckSeconds) {
        ReceiverConfig config = ConfigProxies.of(ReceiverConfig.class,
                Map.of("token", "0123456789abcdefghij", "livenessCheckSeconds", livenessCheckSeconds));
        monitor = new LivenessMonitor(registry, new ReceiverSettings(null, config));
        return monitor;
    }

    @Test
    void aThingConfiguredBeforeTheMonitorStartedIsOnlineWithinSecondsWhenItsWebPortAnswers() {
        RecordingThingRegistry registry = new RecordingThingRegistry(
                neverHeardFrom("desk1", "127.0.61.1", webPort.getLocalPort()));
        start(registry, 3600); // the periodic check would come in an hour

        await().atMost(WAIT).until(() -> registry.last("desk1").isPresent());
        assertThat(registry.statuses()).containsExactly(Map.entry("desk1", ThingStatusInfo.ONLINE));
    }

    @Test
    void aThingAddedLaterIsTriedWhenItsAddedEventArrives() throws InterruptedException {
        GrowingRegistry registry = new GrowingRegistry();
        start(registry, 3600);
        assertThat(registry.looked.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("the round at start looked at the (empty) registry").isTrue();

        registry.things = List.of(neverHeardFrom("desk2", "127.0.61.1", webPort.getLocalPort()));
        monitor.handleEvent(new Event(ThingEvents.THING_ADDED,
                Map.of(ThingEvents.THING_ID, "desk2", ThingEvents.STATUS, ThingStatus.UNKNOWN.name())));

        await().atMost(WAIT).until(() -> registry.last("desk2").isPresent());
        assertThat(registry.last("desk2")).contains(ThingStatusInfo.ONLINE);
    }

    @Test
    void aThingAlreadyTriedIsNotTriedAgainWhenAnotherIsAdded() {
        GrowingRegistry registry = new GrowingRegistry();
        Thing first = neverHeardFrom("desk4", "127.0.61.1", webPort.getLocalPort());
        registry.things = List.of(first);
        start(registry, 3600);
        await().atMost(WAIT).until(() -> registry.last("desk4").isPresent());

        // this registry keeps desk4 UNKNOWN, so a round trying every unknown thing would report it again
        registry.things = List.of(first, neverHeardFrom("desk5", "127.0.61.1", webPort.getLocalPort()));
        monitor.handleEvent(new Event(ThingEvents.THING_ADDED,
                Map.of(ThingEvents.THING_ID, "desk5", ThingEvents.STATUS, ThingStatus.UNKNOWN.name())));

        await().atMost(WAIT).until(() -> registry.last("desk5").isPresent());
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> registry.statuses().size() == 2);
        assertThat(registry.statuses()).containsExactlyInAnyOrder(Map.entry("desk4", ThingStatusInfo.ONLINE),
                Map.entry("desk5", ThingStatusInfo.ONLINE));
    }

    @Test
    void aThingFoundOfflineMeanwhileIsNotMadeOnlineByItsFirstContact() throws Exception {
        Thing unknown = neverHeardFrom("desk6", "127.0.61.1", webPort.getLocalPort());
        Thing refused = new Thing(unknown.uid(), unknown.label(), unknown.configuration(),
                ThingStatusInfo.offline(ThingStatusDetail.AUTHENTICATION_ERROR, "HTTP 401"), unknown.ipAddress(),
                Map.of(), Optional.empty());
        // the round sees the thing unknown; by the time its web port answers, a command has found it OFFLINE
        GrowingRegistry registry = new GrowingRegistry() {
            @Override
            public Optional<Thing> get(String thingId) {
                return Optional.of(refused).filter(thing -> thing.id().equals(thingId));
            }
        };
        registry.things = List.of(unknown);
        AtomicInteger connections = new AtomicInteger();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    webPort.accept().close();
                    connections.incrementAndGet();
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "test-web-port");
        acceptor.start();
        start(registry, 3600);

        await().atMost(WAIT).until(() -> connections.get() > 0);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> registry.statuses().isEmpty());
    }

    @Test
    void aNewThingWhoseWebPortIsClosedStaysUnknownUntilThePeriodicCheck() throws IOException {
        RecordingThingRegistry registry = new RecordingThingRegistry(
                neverHeardFrom("desk3", "127.0.61.1", webPort.getLocalPort()),
                neverHeardFrom("gone1", "127.0.61.2", closedPort("127.0.61.2")));
        start(registry, 3600);

        // both were tried in the same round; the closed port refuses at once
        await().atMost(WAIT).until(() -> registry.last("desk3").isPresent());
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> registry.last("gone1").isEmpty());
    }

    private static Thing withStatus(Thing thing, ThingStatusInfo status) {
        return new Thing(thing.uid(), thing.label(), thing.configuration(), status, thing.ipAddress(), Map.of(),
                Optional.empty());
    }

    @Test
    void anAnsweringWebPortBringsAnUnreachableThingBackButNotOneWhoseLoginWasRefused() {
        int port = webPort.getLocalPort();
        RecordingThingRegistry registry = new RecordingThingRegistry(
                withStatus(neverHeardFrom("back1", "127.0.61.1", port),
                        ThingStatusInfo.offline(ThingStatusDetail.COMMUNICATION_ERROR, "no answer")),
                withStatus(neverHeardFrom("refused1", "127.0.61.1", port),
                        ThingStatusInfo.offline(ThingStatusDetail.AUTHENTICATION_ERROR, "HTTP 401")));
        start(registry, 1);

        await().atMost(WAIT).until(() -> registry.last("back1").isPresent());
        assertThat(registry.last("back1")).contains(ThingStatusInfo.ONLINE);
        // the same rounds probed both: the refused login needs a command that works, not an open port
        await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() -> registry.last("refused1").isEmpty());
    }

    @Test
    void thePeriodicCheckSaysAThingWasNeverHeardFromWhenItGoesOffline() throws IOException {
        int port = closedPort("127.0.61.3");
        RecordingThingRegistry registry = new RecordingThingRegistry(neverHeardFrom("gone2", "127.0.61.3", port));
        start(registry, 1);

        await().atMost(WAIT).until(() -> registry.last("gone2").isPresent());
        ThingStatusInfo status = registry.last("gone2").orElseThrow();
        assertThat(status.status()).isEqualTo(ThingStatus.OFFLINE);
        assertThat(status.detail()).isEqualTo(ThingStatusDetail.COMMUNICATION_ERROR);
        assertThat(status.message()).startsWith("never heard from and the web port 127.0.61.3:" + port
                + " does not answer (");
    }
}
