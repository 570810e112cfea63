package org.actionbridge.itests.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.inject.Inject;

import org.actionbridge.actionurl.ActionUrlSetup;
import org.actionbridge.core.ThingRegistry;
import org.actionbridge.itests.KarafTestSupport;
import org.actionbridge.itests.NumberedEventSender;
import org.actionbridge.itests.RawHttp;
import org.actionbridge.itests.mqtt.MiniJson;
import org.actionbridge.itests.mqtt.Mosquitto;
import org.actionbridge.itests.mqtt.MqttBridgeContract;
import org.actionbridge.itests.mqtt.TestClient;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Fault: the MQTT broker (Debian's mosquitto, skipped when it is not installed) goes away and comes back
 * on its port in the middle of 10,000 events: 10 phones, each sending 1,000 Action URLs over HTTP from
 * its own address through the real receiver, one after the other, each numbered (in {@code date_time})
 * so that order can be checked, 503s retried after Retry-After as a phone would.
 *
 * <p>What "nothing lost" can honestly mean. The bridge publishes at QoS 1: it forgets a publication once
 * the broker acknowledged it, and promises to send again everything not acknowledged and to buffer while
 * the broker is away. A broker that acknowledged a message and is then killed with SIGKILL before
 * handing it on loses it: mosquitto acknowledges before it writes anything to disk (it saves only
 * periodically and on exit). Having the subscriber reconnect before the bridge does not change that: it
 * only saves what the bridge publishes after the restart, not what the dead broker had acknowledged.
 * Hence two variants, each deterministic:
 * <ul>
 * <li>{@link #brokerStoppedMidStreamLosesNoEventAndKeepsOrder()}: the broker stopped with SIGTERM, as
 * an operator or a service manager does; mosquitto then saves its state (the subscriber's persistent
 * session with its queued messages) and exits. The subscriber has a persistent session (clean start
 * false, session expiry). Every event arrives, per-phone order of first appearances is kept.</li>
 * <li>{@link #brokerKilledMidStreamLosesOnlyWhatItHadAcknowledged()}: SIGKILL, no persistence file (the
 * broker restarts empty); the bridge's reconnect delay (4 s) lets the test's subscriber subscribe to the
 * new broker first (checked: it receives the bridge's availability live, not as a retained message).
 * Every event whose request started after the broker was dead arrives (the bridge buffered it while
 * away); events missing are only from before the kill, and per phone they are one run without gaps (the
 * messages the broker had acknowledged and not yet delivered); per-phone order of first appearances is
 * kept; the missing events are counted and printed.</li>
 * </ul>
 * Duplicates (QoS 1 resends of what the broker had received but not acknowledged) are counted and printed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BrokerKillFaultIT extends KarafTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration STREAM = Duration.ofSeconds(120);
    private static final String BASE = "actionbridge";
    private static final int PHONES = 10;
    private static final int EVENTS = 1000;
    /** The broker goes away once this many events were accepted, and comes back after this many more. */
    private static final int AWAY_AFTER = 3000;
    private static final int AWAY_FOR = 1000;
    private static final int KILL_RECONNECT_DELAY_MILLIS = 4000;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private ThingRegistry registry;

    @Inject
    private ActionUrlSetup setup;

    private Mosquitto broker;
    private final List<TestClient> clients = new ArrayList<>();
    private final List<Thread> senders = new ArrayList<>();
    private final List<NumberedEventSender> streams = new ArrayList<>();

    @Configuration
    public Option[] config() {
        return actionBridge(systemProperty("it.mosquitto.port").value(String.valueOf(freePort())),
                MqttBridgeContract.pahoForTests());
    }

    @After
    public void tearDown() throws Exception {
        streams.forEach(NumberedEventSender::stop);
        for (Thread sender : senders) {
            sender.join(STREAM.toMillis());
        }
        clients.forEach(TestClient::close);
        if (broker != null) {
            broker.close();
        }
    }

    private static String address(int phone) {
        return "127.0.92." + (phone + 1);
    }

    private static String mac(int phone) {
        return String.format("0c383e92%04x", phone);
    }

    private static String id(int phone) {
        return "bk" + phone;
    }

    private void phonesAndBroker(int reconnectMinDelayMillis, int reconnectMaxDelayMillis) throws Exception {
        for (int p = 0; p < PHONES; p++) {
            if (registry.get(id(p)).isEmpty()) {
                configurationAdmin.getFactoryConfiguration("org.actionbridge.phone", id(p), "?").update(new Hashtable<>(
                        Map.of("id", id(p), "host", address(p), "mac", mac(p), "username", "admin",
                                "password", "Pa55word")));
            }
        }
        await().atMost(WAIT).until(() -> {
            for (int p = 0; p < PHONES; p++) {
                if (registry.get(id(p)).isEmpty()) {
                    return false;
                }
            }
            return true;
        });
        // persistence only on exit: what a SIGKILL leaves behind is exactly nothing
        broker = new Mosquitto(Integer.getInteger("it.mosquitto.port"), "autosave_interval 0");
        broker.start();
        org.osgi.service.cm.Configuration configuration = configurationAdmin.getConfiguration("org.actionbridge.mqtt", null);
        Dictionary<String, Object> properties = configuration.getProperties() != null ? configuration.getProperties()
                : new Hashtable<>();
        properties.put("enabled", "true");
        properties.put("brokerUrl", broker.url());
        properties.put("clientId", "actionbridge-bk");
        properties.put("username", "");
        properties.put("password", "");
        // what is at stake here is the resend and the buffer, not the overflow policy (BrokerNetworkCutFaultIT)
        properties.put("bufferSize", String.valueOf(2 * PHONES * EVENTS));
        properties.put("reconnectMinDelayMillis", String.valueOf(reconnectMinDelayMillis));
        properties.put("reconnectMaxDelayMillis", String.valueOf(reconnectMaxDelayMillis));
        configuration.update(properties);
    }

    private TestClient subscriber(String clientId) throws Exception {
        TestClient client = await().atMost(WAIT).ignoreExceptions().until(() -> new TestClient(broker.url(), clientId,
                null, null, true, BASE + "/+/event", BASE + "/bridge/availability"), c -> c != null);
        clients.add(client);
        return client;
    }

    private String path(String run, int phone, int n) {
        String base = setup.receiverBaseUrl();
        return base.substring(base.indexOf("/actionurl/")) + "/mwi?mac=" + mac(phone) + "&ip=" + address(phone)
                + "&date_time=" + run + "-" + n;
    }

    /** Event 0 of every phone reaches the subscriber: the bridge is connected and the subscriber listening. */
    private void warmUp(String run, TestClient sub) {
        int port = Integer.getInteger("actionbridge.test.httpPort");
        for (int p = 0; p < PHONES; p++) {
            assertEquals(200, RawHttp.get(address(p), port, path(run, p, 0)).status());
        }
        await().atMost(WAIT).until(() -> {
            Tally tally = new Tally(run);
            tally.add(sub.all());
            for (int p = 0; p < PHONES; p++) {
                if (!tally.contains(p, 0)) {
                    return false;
                }
            }
            return true;
        });
    }

    private void startStream(String run) {
        int port = Integer.getInteger("actionbridge.test.httpPort");
        for (int p = 0; p < PHONES; p++) {
            int phone = p;
            NumberedEventSender stream = new NumberedEventSender(address(p), port, n -> path(run, phone, n), EVENTS);
            Thread thread = new Thread(stream, "it-bk-phone-" + p);
            streams.add(stream);
            senders.add(thread);
            thread.start();
        }
    }

    private int accepted() {
        return streams.stream().mapToInt(NumberedEventSender::lastAccepted).sum();
    }

    private int busy() {
        return streams.stream().mapToInt(NumberedEventSender::busy).sum();
    }

    private void awaitStreamEnd() throws InterruptedException {
        for (Thread sender : senders) {
            sender.join(STREAM.toMillis());
            assertFalse("a phone is still sending after " + STREAM, sender.isAlive());
        }
        for (int p = 0; p < PHONES; p++) {
            NumberedEventSender stream = streams.get(p);
            assertEquals("phone " + p + ": every event accepted (unexpected answers " + stream.unexpected() + ", failure "
                    + stream.failure() + ")", EVENTS, stream.lastAccepted());
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000L;
    }

    /** Per phone, the numbers of one run's events in the order they arrived, duplicates included. */
    private static final class Tally {
        final String run;
        final List<List<Integer>> arrivals = new ArrayList<>();
        final List<Set<Integer>> seen = new ArrayList<>();

        Tally(String run) {
            this.run = run;
            for (int p = 0; p < PHONES; p++) {
                arrivals.add(new ArrayList<>());
                seen.add(new HashSet<>());
            }
        }

        void add(List<TestClient.Received> messages) {
            for (TestClient.Received r : messages) {
                String[] levels = r.topic.split("/");
                if (levels.length != 3 || !levels[1].startsWith("bk") || !"event".equals(levels[2])) {
                    continue;
                }
                Object vars = MiniJson.object(r.payload).get("vars");
                Object value = vars instanceof Map ? ((Map<?, ?>) vars).get("date_time") : null;
                if (value != null && value.toString().startsWith(run + "-")) {
                    int phone = Integer.parseInt(levels[1].substring(2));
                    int n = Integer.parseInt(value.toString().substring(run.length() + 1));
                    arrivals.get(phone).add(n);
                    seen.get(phone).add(n);
                }
            }
        }

        /** Per phone, each number once, at its first arrival. */
        List<List<Integer>> firstSeen() {
            List<List<Integer>> out = new ArrayList<>();
            for (List<Integer> phone : arrivals) {
                Set<Integer> seen = new HashSet<>();
                List<Integer> first = new ArrayList<>();
                for (int n : phone) {
                    if (n > 0 && seen.add(n)) {
                        first.add(n);
                    }
                }
                out.add(first);
            }
            return out;
        }

        int received() {
            return arrivals.stream().mapToInt(phone -> (int) phone.stream().filter(n -> n > 0).count()).sum();
        }

        boolean contains(int phone, int n) {
            return seen.get(phone).contains(n);
        }
    }

    /** Tallies {@code subscribers}' messages so far, in order (an earlier subscriber's first). */
    private static Tally tally(String run, TestClient... subscribers) {
        Tally tally = new Tally(run);
        for (TestClient subscriber : subscribers) {
            tally.add(subscriber.all());
        }
        return tally;
    }

    private static void assertOrderKept(List<List<Integer>> firstSeen) {
        for (int p = 0; p < PHONES; p++) {
            List<Integer> phone = firstSeen.get(p);
            for (int i = 1; i < phone.size(); i++) {
                assertTrue("phone " + p + ": event " + phone.get(i) + " arrived first after " + phone.get(i - 1),
                        phone.get(i) > phone.get(i - 1));
            }
        }
    }

    @Test
    public void brokerStoppedMidStreamLosesNoEventAndKeepsOrder() throws Exception {
        phonesAndBroker(500, 1000);
        TestClient sub = subscriber("it-bk-term-sub");
        warmUp("term", sub);

        long streamStart = System.nanoTime();
        startStream("term");
        await().atMost(STREAM).until(() -> accepted() >= AWAY_AFTER);
        long stoppedAt = System.nanoTime();
        broker.stop(); // SIGTERM: mosquitto saves its state and exits
        int acceptedAtStop = accepted();
        await().atMost(STREAM).until(() -> accepted() >= acceptedAtStop + AWAY_FOR);
        int acceptedWhileAway = accepted() - acceptedAtStop;
        long restartedAt = System.nanoTime();
        long awayMs = (restartedAt - stoppedAt) / 1_000_000L;
        broker.start();
        awaitStreamEnd();
        long acceptedMs = millisSince(streamStart);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> tally("term", sub).firstSeen().stream().mapToInt(List::size).sum() == PHONES * EVENTS);
        long deliveredMs = millisSince(restartedAt);
        Tally tally = tally("term", sub);
        List<List<Integer>> firstSeen = tally.firstSeen();
        int duplicates = tally.received() - PHONES * EVENTS;
        System.out.println("BrokerKillFaultIT (SIGTERM): " + PHONES * EVENTS + " events from " + PHONES + " phones over HTTP, "
                + "accepted in " + acceptedMs + " ms, " + busy() + " answers 503 (retried); broker stopped after "
                + acceptedAtStop + " accepted, away " + awayMs + " ms while " + acceptedWhileAway
                + " more were accepted; all delivered " + deliveredMs + " ms after the restart, " + duplicates
                + " duplicates, 0 lost");
        for (int p = 0; p < PHONES; p++) {
            assertEquals("phone " + p + ": every event once, in order (first appearances)", EVENTS,
                    firstSeen.get(p).size());
        }
        assertOrderKept(firstSeen);
    }

    @Test
    public void brokerKilledMidStreamLosesOnlyWhatItHadAcknowledged() throws Exception {
        phonesAndBroker(KILL_RECONNECT_DELAY_MILLIS, KILL_RECONNECT_DELAY_MILLIS);
        TestClient before = subscriber("it-bk-kill-sub");
        warmUp("kill", before);

        long streamStart = System.nanoTime();
        startStream("kill");
        await().atMost(STREAM).until(() -> accepted() >= AWAY_AFTER);
        broker.kill(); // SIGKILL; returns once the process is gone
        long killedAt = System.nanoTime();
        int acceptedAtKill = accepted();
        before.close();
        broker.start(); // empty: nothing was saved
        TestClient after = subscriber("it-bk-kill-sub2");
        long subscribedMs = millisSince(killedAt);
        await().atMost(WAIT).until(() -> !after.on(BASE + "/bridge/availability").isEmpty());
        long onlineMs = millisSince(killedAt);
        int acceptedWhileAway = accepted() - acceptedAtKill;
        assertFalse("precondition: the subscriber was listening before the bridge came back (" + subscribedMs
                + " ms after the kill; the bridge's reconnect delay is " + KILL_RECONNECT_DELAY_MILLIS + " ms)",
                after.on(BASE + "/bridge/availability").get(0).retained);
        awaitStreamEnd();
        long acceptedMs = millisSince(streamStart);

        // the bridge sends in order: once every event sent after the kill is in, so is whatever it resent
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Tally tally = tally("kill", before, after);
            for (int p = 0; p < PHONES; p++) {
                for (int n = 1; n <= EVENTS; n++) {
                    if (streams.get(p).acceptedRequestStarted(n) - killedAt > 0 && !tally.contains(p, n)) {
                        return false;
                    }
                }
            }
            return true;
        });
        long deliveredMs = millisSince(killedAt);
        Tally tally = tally("kill", before, after);
        List<List<Integer>> firstSeen = tally.firstSeen();
        int lost = 0;
        List<String> runs = new ArrayList<>();
        for (int p = 0; p < PHONES; p++) {
            List<Integer> missing = new ArrayList<>();
            Set<Integer> seen = new HashSet<>(firstSeen.get(p));
            for (int n = 1; n <= EVENTS; n++) {
                if (!seen.contains(n)) {
                    missing.add(n);
                }
            }
            lost += missing.size();
            if (!missing.isEmpty()) {
                int first = missing.get(0);
                int last = missing.get(missing.size() - 1);
                runs.add(id(p) + ": " + first + ".." + last);
                assertEquals("phone " + p + ": what is missing is one run (the broker's backlog at the kill): "
                        + missing, last - first + 1, missing.size());
                assertTrue("phone " + p + ": event " + last + " is missing though it was sent after the kill",
                        streams.get(p).acceptedRequestStarted(last) - killedAt < 0);
            }
        }
        int duplicates = tally.received() - (PHONES * EVENTS - lost);
        System.out.println("BrokerKillFaultIT (SIGKILL): " + PHONES * EVENTS + " events from " + PHONES + " phones over HTTP, "
                + "accepted in " + acceptedMs + " ms, " + busy() + " answers 503 (retried); broker killed after "
                + acceptedAtKill + " accepted and restarted empty, subscriber back after " + subscribedMs
                + " ms, the bridge online after " + onlineMs + " ms (" + acceptedWhileAway
                + " events accepted meanwhile, buffered); every event sent after the kill delivered " + deliveredMs
                + " ms after it; " + lost + " lost in the killed broker (acknowledged, not yet delivered) "
                + (runs.isEmpty() ? "" : runs.toString()) + ", " + duplicates + " duplicates");
        assertOrderKept(firstSeen);
    }
}
