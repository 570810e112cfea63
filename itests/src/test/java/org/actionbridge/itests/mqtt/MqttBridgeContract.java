package org.actionbridge.itests.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.wrappedBundle;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import javax.inject.Inject;

import org.actionbridge.core.CommandTransport;
import org.actionbridge.core.Delivery;
import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.ThingRegistry;
import org.actionbridge.itests.KarafTestSupport;
import org.actionbridge.protocol.ActiveUriInstruction;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.options.WrappedUrlProvisionOption.OverwriteMode;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * What the MQTT bridge promises on any broker: the topics of DESIGN.md, Home Assistant discovery,
 * validated commands with correlated results, nothing lost over a broker restart, and the last will when
 * the bridge's connection dies. Subclasses bring the broker.
 */
public abstract class MqttBridgeContract extends KarafTestSupport {

    protected static final Duration WAIT = Duration.ofSeconds(30);
    protected static final String BASE = "actionbridge";

    @Inject
    protected BundleContext context;

    @Inject
    protected ConfigurationAdmin configurationAdmin;

    @Inject
    protected ThingRegistry registry;

    private final List<Configuration> phones = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    /** The Paho MQTT 5 client for the test's side, as a bundle (Paho's own does not export its common packages). */
    public static Option pahoForTests() {
        return wrappedBundle(maven("org.eclipse.paho", "org.eclipse.paho.mqttv5.client", "1.2.5"))
                .bundleSymbolicName("it.paho.mqttv5").bundleVersion("1.2.5")
                .exports("org.eclipse.paho.mqttv5.*;version=1.2.5")
                .imports("javax.net;resolution:=optional,javax.net.ssl;resolution:=optional,*;resolution:=optional")
                .overwriteManifest(OverwriteMode.FULL);
    }

    /** Starts the broker (once per test) and points the bridge at it. */
    protected abstract void startBroker() throws Exception;

    /** Stops and starts the broker again, same port, its persisted state kept. */
    protected abstract void restartBroker() throws Exception;

    protected abstract void stopBroker() throws Exception;

    protected abstract int brokerPort();

    /** Credentials the bridge uses, null when the broker takes anonymous clients. */
    protected abstract String bridgeUser();

    protected abstract String bridgePassword();

    /** Credentials of the test's clients. */
    protected abstract String clientUser();

    protected abstract String clientPassword();

    /**
     * Whether the broker keeps one publisher's QoS 1 order for a subscriber across its own restart. The
     * bridge publishes in order (mosquitto proves it, restart included); events in normal operation are
     * checked in order on both brokers by the event test.
     */
    protected boolean brokerKeepsOrder() {
        return true;
    }

    protected String brokerUrl() {
        return "tcp://127.0.0.1:" + brokerPort();
    }

    @Before
    public void setUp() throws Exception {
        startBroker();
        configureBridge(brokerUrl());
    }

    @After
    public void tearDown() throws Exception {
        for (Configuration phone : phones) {
            try {
                phone.delete();
            } catch (IllegalStateException e) {
                // deleted by the test
            }
        }
        for (AutoCloseable c : closing) {
            c.close();
        }
        stopBroker();
    }

    protected void configureBridge(String url) throws Exception {
        Configuration configuration = configurationAdmin.getConfiguration("org.actionbridge.mqtt", null);
        Dictionary<String, Object> properties = configuration.getProperties() != null ? configuration.getProperties()
                : new Hashtable<>();
        properties.put("enabled", "true");
        properties.put("brokerUrl", url);
        properties.put("clientId", "actionbridge-it");
        properties.put("baseTopic", BASE);
        properties.put("reconnectMaxDelayMillis", "2000");
        if (bridgeUser() != null) {
            properties.put("username", bridgeUser());
            properties.put("password", bridgePassword());
        } else {
            properties.put("username", "");
            properties.put("password", "");
        }
        configuration.update(properties);
    }

    protected TestClient client(String clientId, boolean persistent, String... filters) throws Exception {
        TestClient client = await().atMost(WAIT).ignoreExceptions()
                .until(() -> new TestClient(brokerUrl(), clientId, clientUser(), clientPassword(), persistent, filters),
                        c -> c != null);
        closing.add(0, client);
        return client;
    }

    protected void createPhone(String id, Map<String, String> extra) throws Exception {
        Configuration configuration = configurationAdmin.getFactoryConfiguration("org.actionbridge.phone", id, "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("host", "127.0.20.1");
        extra.forEach(properties::put);
        configuration.update(properties);
        phones.add(configuration);
        await().atMost(WAIT).until(() -> registry.get(id), Optional::isPresent);
    }

    // ---- states, events and discovery

    @Test
    public void statesEventsAndDiscoveryAppearOnTheirTopics() throws Exception {
        TestClient sub = client("it-desk-sub", false, BASE + "/it-desk/#", "homeassistant/+/actionbridge_it-desk/+/config",
                BASE + "/bridge/availability");
        createPhone("it-desk", Map.of("mac", "0c:38:3e:00:00:42"));
        await().atMost(WAIT).until(() -> sub.last(BASE + "/it-desk/availability"), Optional.of("online")::equals);
        await().atMost(WAIT).until(() -> sub.last(BASE + "/bridge/availability"), Optional.of("online")::equals);

        Map<String, String> states = new LinkedHashMap<>();
        states.put("call-state", "RINGING");
        states.put("remote-number", "100");
        states.put("remote-name", "Alice \"the caller\"");
        states.put("registration", "REGISTERED");
        states.put("model", "X7");
        states.put("firmware", "2.4.1");
        registry.updateStates("it-desk", states);
        for (Map.Entry<String, String> state : states.entrySet()) {
            await().atMost(WAIT).until(() -> sub.last(BASE + "/it-desk/" + state.getKey()),
                    Optional.of(state.getValue())::equals);
        }
        TestClient late = client("it-desk-late", false, BASE + "/it-desk/call-state");
        await().atMost(WAIT).until(() -> late.on(BASE + "/it-desk/call-state").size() == 1);
        assertTrue("state is retained", lastReceived(late, BASE + "/it-desk/call-state").retained);
        assertEquals("RINGING", lastReceived(late, BASE + "/it-desk/call-state").payload);

        List<String> wire = List.of("incoming_call", "call_established", "call_terminated");
        for (String event : wire) {
            registry.fireEvent("it-desk", event, Map.of("remote", "100", "call_id", "c-1"));
        }
        await().atMost(WAIT).until(() -> sub.on(BASE + "/it-desk/event").size() >= 3);
        List<TestClient.Received> events = sub.on(BASE + "/it-desk/event");
        long previousSeq = -1;
        for (int i = 0; i < 3; i++) {
            TestClient.Received received = events.get(i);
            assertFalse("events are not retained", received.retained);
            Map<String, Object> json = MiniJson.object(received.payload);
            assertEquals(wire.get(i), json.get("event"));
            assertTrue("ts is epoch ms: " + json, ((Long) json.get("ts")) > 1_600_000_000_000L);
            long seq = (Long) json.get("seq");
            assertTrue("seq increases by one: " + events, previousSeq < 0 || seq == previousSeq + 1);
            previousSeq = seq;
            assertEquals(Map.of("remote", "100", "call_id", "c-1"), json.get("vars"));
        }

        // discovery: a device with the entities the issue lists, each payload valid JSON with its required fields
        await().atMost(WAIT).until(() -> discovery(sub).getOrDefault("sensor/firmware", Map.of()).toString()
                .contains("2.4.1"));
        Map<String, Map<String, Object>> configs = discovery(sub);
        for (String required : List.of("event/calls", "event/registration_events", "binary_sensor/registered",
                "binary_sensor/off_hook", "binary_sensor/in_call", "binary_sensor/muted", "binary_sensor/dnd",
                "sensor/call_state", "sensor/remote_number", "sensor/missed_calls", "sensor/ip_address",
                "sensor/firmware", "switch/dnd_switch", "switch/mute_switch", "button/answer", "button/hangup",
                "button/hold", "button/reboot", "text/dial", "text/key")) {
            assertTrue("discovery has " + required + ": " + configs.keySet(), configs.containsKey(required));
        }
        for (Map.Entry<String, Map<String, Object>> entry : configs.entrySet()) {
            assertRequiredFields(entry.getKey(), entry.getValue());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> device = (Map<String, Object>) configs.get("sensor/firmware").get("device");
        assertEquals("Fanvil", device.get("manufacturer"));
        assertEquals("X7", device.get("model"));
        assertEquals("2.4.1", device.get("sw_version"));
        assertEquals("actionbridge_bridge", device.get("via_device"));
        assertTrue(device.toString(), device.get("identifiers").toString().contains("fanvil_0c383e000042"));
        assertEquals("restart", configs.get("button/reboot").get("device_class"));
        assertEquals("diagnostic", configs.get("sensor/ip_address").get("entity_category"));
        assertEquals(Boolean.FALSE, configs.get("text/key").get("enabled_by_default"));
        assertEquals("enum", configs.get("sensor/call_state").get("device_class"));

        // Home Assistant restarts: discovery comes again
        int before = sub.on("homeassistant/button/actionbridge_it-desk/reboot/config").size();
        TestClient ha = client("it-ha", false);
        ha.publish("homeassistant/status", "online");
        await().atMost(WAIT).until(() -> sub.on("homeassistant/button/actionbridge_it-desk/reboot/config").size() > before);

        // the thing goes: its discovery and retained states are removed
        phones.remove(0).delete();
        await().atMost(WAIT).until(() -> discovery(sub).isEmpty());
        await().atMost(WAIT).until(() -> sub.last(BASE + "/it-desk/call-state"), Optional.of("")::equals);
    }

    private static TestClient.Received lastReceived(TestClient client, String topic) {
        List<TestClient.Received> list = client.on(topic);
        return list.get(list.size() - 1);
    }

    /** The live discovery configs of it-desk by "component/object" (empty payloads remove them). */
    private static Map<String, Map<String, Object>> discovery(TestClient client) {
        Map<String, String> latest = new HashMap<>();
        for (TestClient.Received received : client.all()) {
            if (received.topic.startsWith("homeassistant/")) {
                latest.put(received.topic, received.payload);
            }
        }
        Map<String, Map<String, Object>> out = new HashMap<>();
        latest.forEach((topic, payload) -> {
            if (!payload.isEmpty()) {
                String[] parts = topic.split("/");
                out.put(parts[1] + "/" + parts[3], MiniJson.object(payload));
            }
        });
        return out;
    }

    private static void assertRequiredFields(String key, Map<String, Object> config) {
        String component = key.substring(0, key.indexOf('/'));
        for (String field : List.of("name", "unique_id", "device", "availability")) {
            assertNotNull(key + " has " + field, config.get(field));
        }
        switch (component) {
            case "sensor":
            case "binary_sensor":
                assertNotNull(key + " has state_topic", config.get("state_topic"));
                break;
            case "event":
                assertNotNull(key + " has state_topic", config.get("state_topic"));
                assertFalse(key + " has event_types", ((List<?>) config.get("event_types")).isEmpty());
                break;
            case "switch":
                assertNotNull(key + " has state_topic", config.get("state_topic"));
                assertTrue(key + " has a set topic", String.valueOf(config.get("command_topic")).endsWith("/set"));
                break;
            case "button":
            case "text":
                assertTrue(key + " has a set topic", String.valueOf(config.get("command_topic")).endsWith("/set"));
                break;
            default:
                throw new AssertionError("unexpected component " + key);
        }
    }

    // ---- commands

    @Test
    public void commandsAreValidatedAndResultsCarryTheCorrelation() throws Exception {
        List<String> delivered = new CopyOnWriteArrayList<>();
        ServiceRegistration<CommandTransport> transport = fakeSipTransport(delivered);
        try {
            createPhone("it-cmd", Map.of("transport", "sip"));
            TestClient results = client("it-cmd-results", false, BASE + "/+/command/result");
            TestClient publisher = client("it-cmd-pub", false);
            String resultTopic = BASE + "/it-cmd/command/result";

            byte[] correlation = "corr-1".getBytes(StandardCharsets.UTF_8);
            // the bridge subscribes asynchronously after connecting: retry until the first result shows up
            await().atMost(WAIT).until(() -> {
                publisher.publish(BASE + "/it-cmd/dial/set", "0000", correlation, false);
                return !results.on(resultTopic).isEmpty();
            });
            TestClient.Received ok = results.on(resultTopic).get(0);
            Map<String, Object> json = MiniJson.object(ok.payload);
            assertEquals(json.toString(), Boolean.TRUE, json.get("ok"));
            assertEquals("sip", json.get("transport"));
            assertEquals("corr-1", json.get("correlation"));
            assertArrayEquals("MQTT 5 correlation data echoed", correlation, ok.correlationData);
            await().atMost(WAIT).until(() -> !delivered.isEmpty());
            int deliveredBefore = delivered.size();
            results.clear();

            Map<String, String> hostile = new LinkedHashMap<>();
            hostile.put("it-cmd/key/set|OK&reboot=1", "INVALID_VALUE");
            hostile.put("it-cmd/dial/set|12\n34", "INVALID_VALUE");
            hostile.put("it-cmd/dial/set|" + "9".repeat(2000), "INVALID_VALUE");
            hostile.put("it-cmd/dnd/set|maybe", "INVALID_VALUE");
            hostile.put("it-cmd/answer/set|now", "INVALID_VALUE");
            hostile.put("it-cmd/fly/set|x", "UNKNOWN_COMMAND");
            hostile.put("it-cmd/call-state/set|IDLE", "UNKNOWN_COMMAND");
            hostile.put("it-cmd/event/set|ring", "UNKNOWN_COMMAND");
            hostile.put("nobody/dial/set|1", "UNKNOWN_THING");
            int n = 0;
            for (Map.Entry<String, String> entry : hostile.entrySet()) {
                String[] parts = entry.getKey().split("\\|", 2);
                publisher.publish(BASE + "/" + parts[0], parts[1], ("h" + n++).getBytes(StandardCharsets.UTF_8), false);
            }
            // live and retained: Artemis loses the retain flag on the way to a wildcard subscription, so the
            // bridge watches it arrive at the embedded broker
            publisher.publish(BASE + "/it-cmd/dial/set", "5555", "retained".getBytes(StandardCharsets.UTF_8), true);
            int results0 = hostile.size() + 1;
            await().atMost(WAIT).until(() -> results.all().size() >= results0);
            n = 0;
            for (Map.Entry<String, String> entry : hostile.entrySet()) {
                String expected = "h" + n++;
                TestClient.Received result = results.all().stream()
                        .filter(r -> expected.equals(MiniJson.object(r.payload).get("correlation"))).findFirst()
                        .orElseThrow(() -> new AssertionError("no result for " + entry.getKey()));
                Map<String, Object> error = MiniJson.object(result.payload);
                assertEquals(entry.getKey() + ": " + error, Boolean.FALSE, error.get("ok"));
                assertEquals(entry.getKey() + ": " + error, entry.getValue(), error.get("error"));
                String thing = entry.getKey().substring(0, entry.getKey().indexOf('/'));
                assertEquals(BASE + "/" + thing + "/command/result", result.topic);
            }
            Map<String, Object> retained = results.all().stream().map(r -> MiniJson.object(r.payload))
                    .filter(j -> "retained".equals(j.get("correlation"))).findFirst().orElseThrow();
            assertEquals("a retained command is refused: " + retained, Boolean.FALSE, retained.get("ok"));
            // clearing it is a retained publication too: refused, not a dial of nothing
            publisher.publish(BASE + "/it-cmd/dial/set", "", "cleared".getBytes(StandardCharsets.UTF_8), true);
            await().atMost(WAIT).until(() -> results.all().stream().anyMatch(
                    r -> "cleared".equals(MiniJson.object(r.payload).get("correlation"))));
            Map<String, Object> cleared = results.all().stream().map(r -> MiniJson.object(r.payload))
                    .filter(j -> "cleared".equals(j.get("correlation"))).findFirst().orElseThrow();
            assertEquals("clearing is refused: " + cleared, Boolean.FALSE, cleared.get("ok"));
            assertTrue(String.valueOf(cleared), String.valueOf(cleared.get("message")).contains("retained"));
            assertEquals("no hostile command reached the transport: " + delivered, deliveredBefore, delivered.size());
        } finally {
            transport.unregister();
        }
    }

    @Test
    public void aPublicationTooLargeForTheBridgeIsDiscardedByTheBrokerAndCostsNothing() throws Exception {
        List<String> delivered = new CopyOnWriteArrayList<>();
        ServiceRegistration<CommandTransport> transport = fakeSipTransport(delivered);
        try {
            createPhone("it-big", Map.of("transport", "sip"));
            TestClient results = client("it-big-results", false, BASE + "/+/command/result");
            TestClient watcher = client("it-big-watch", false, BASE + "/bridge/availability");
            TestClient publisher = client("it-big-pub", false);
            String resultTopic = BASE + "/it-big/command/result";
            await().atMost(WAIT).until(() -> {
                publisher.publish(BASE + "/it-big/dial/set", "0000", "warm".getBytes(StandardCharsets.UTF_8), false);
                return !results.on(resultTopic).isEmpty();
            });
            await().atMost(WAIT).until(() -> watcher.last(BASE + "/bridge/availability"), Optional.of("online")::equals);
            results.clear();
            watcher.clear();
            int deliveredBefore = delivered.size();

            // 200 KiB: beyond the 64 KiB the bridge announces as its maximum packet size, so the broker drops it for
            // the bridge (a 1 KiB to 64 KiB command is answered INVALID_VALUE, as in the test above)
            publisher.publish(BASE + "/it-big/dial/set", "9".repeat(200 * 1024),
                    "big".getBytes(StandardCharsets.UTF_8), false);
            publisher.publish(BASE + "/it-big/dial/set", "1234", "after".getBytes(StandardCharsets.UTF_8), false);

            await().atMost(WAIT).until(() -> results.on(resultTopic).size() >= 1);
            List<Object> correlations = results.on(resultTopic).stream()
                    .map(r -> MiniJson.object(r.payload).get("correlation")).collect(Collectors.toList());
            assertEquals("the oversized command never reached the bridge, the next one did", List.of("after"),
                    correlations);
            assertEquals(deliveredBefore + 1, delivered.size());
            assertEquals("the bridge kept its connection (no last will)", List.of(),
                    watcher.payloads(BASE + "/bridge/availability"));
        } finally {
            transport.unregister();
        }
    }

    /** A SIP transport that records instead of sending; the real one (if installed) is stopped meanwhile. */
    private ServiceRegistration<CommandTransport> fakeSipTransport(List<String> delivered) throws Exception {
        for (Bundle bundle : context.getBundles()) {
            if ("org.actionbridge.sip".equals(bundle.getSymbolicName()) && bundle.getState() == Bundle.ACTIVE) {
                bundle.stop();
                closing.add(bundle::start);
            }
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(CommandTransport.NAME_PROPERTY, "sip");
        return context.registerService(CommandTransport.class, new CommandTransport() {
            @Override
            public CompletionStage<Delivery> send(PhoneConfiguration phone, ActiveUriInstruction instruction) {
                delivered.add(phone.id() + " " + instruction);
                return CompletableFuture.completedFuture(Delivery.delivered("recorded"));
            }
        }, properties);
    }

    // ---- faults

    @Test
    public void brokerRestartMidStreamLosesNoEventAndKeepsOrder() throws Exception {
        createPhone("it-stream", Map.of());
        TestClient sub = client("it-stream-sub", true, BASE + "/it-stream/event");
        // the bridge is connected and subscribed once a first event comes through
        await().atMost(WAIT).until(() -> {
            registry.fireEvent("it-stream", "mwi", Map.of());
            return !sub.on(BASE + "/it-stream/event").isEmpty();
        });

        int total = 400;
        int beforeRestart = 100;
        CountDownLatch restarting = new CountDownLatch(1);
        Thread producer = new Thread(() -> {
            try {
                for (int i = 1; i <= total; i++) {
                    if (i == beforeRestart + 1) {
                        // the rest is fired while the broker stops and starts, however fast the machine is
                        restarting.await();
                    }
                    registry.fireEvent("it-stream", "incoming_call", Map.of("n", String.valueOf(i)));
                    Thread.sleep(i % 10 == 0 ? 10 : 0); // a steady stream, spread over the restart
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "it-stream-producer");
        producer.start();
        await().atMost(WAIT).until(() -> numbered(sub).size() >= 60);
        restarting.countDown();
        restartBroker();
        producer.join(WAIT.toMillis());

        await().atMost(Duration.ofSeconds(60)).until(() -> new HashSet<>(numbered(sub)).size() == total);
        List<Integer> received = numbered(sub);
        List<Integer> firstSeen = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int n : received) {
            if (seen.add(n)) {
                firstSeen.add(n);
            }
        }
        int outOfOrder = 0;
        for (int i = 1; i < firstSeen.size(); i++) {
            if (firstSeen.get(i) < firstSeen.get(i - 1)) {
                outOfOrder++;
            }
        }
        int duplicates = received.size() - total;
        System.out.println(getClass().getSimpleName() + ": " + total + " events over a broker restart, "
                + duplicates + " duplicates (QoS 1 redelivery), " + outOfOrder + " out of order");
        if (brokerKeepsOrder()) {
            for (int i = 0; i < firstSeen.size(); i++) {
                assertEquals("order kept (first appearances): " + firstSeen, i + 1, (int) firstSeen.get(i));
            }
        }
    }

    private static List<Integer> numbered(TestClient client) {
        List<Integer> out = new ArrayList<>();
        for (TestClient.Received r : client.on(BASE + "/it-stream/event")) {
            Object vars = MiniJson.object(r.payload).get("vars");
            Object n = vars instanceof Map ? ((Map<?, ?>) vars).get("n") : null;
            if (n != null) {
                out.add(Integer.valueOf(n.toString()));
            }
        }
        return out;
    }

    @Test
    public void lastWillAppearsWhenTheBridgeConnectionDies() throws Exception {
        TestClient watcher = client("it-lwt-watch", false, BASE + "/bridge/availability");
        await().atMost(WAIT).until(() -> watcher.last(BASE + "/bridge/availability"), Optional.of("online")::equals);
        try (CuttableProxy proxy = new CuttableProxy(brokerPort())) {
            watcher.clear();
            configureBridge("tcp://127.0.0.1:" + proxy.port()); // reconfiguration reconnects
            await().atMost(WAIT).until(() -> watcher.payloads(BASE + "/bridge/availability"),
                    p -> p.contains("offline") && p.get(p.size() - 1).equals("online"));
            watcher.clear();
            proxy.close(); // the bridge's TCP connection is reset, as when its process is killed
            await().atMost(WAIT).until(() -> watcher.last(BASE + "/bridge/availability"), Optional.of("offline")::equals);
        }
        configureBridge(brokerUrl());
        await().atMost(WAIT).untilAsserted(() -> assertEquals("availability since the cut: "
                + watcher.payloads(BASE + "/bridge/availability"), Optional.of("online"),
                watcher.last(BASE + "/bridge/availability")));
    }
}
