package org.actionbridge.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.actionbridge.core.CommandRequest;
import org.actionbridge.core.CommandResult;
import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingEvents;
import org.actionbridge.core.ThingStatusInfo;
import org.actionbridge.core.ThingType;
import org.actionbridge.core.ThingUID;
import org.actionbridge.core.testing.ConfigProxies;
import org.actionbridge.core.testing.RecordingThingRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.service.event.Event;

/**
 * The bridge component against {@link ScriptedBroker}: commands arriving on set topics (accepted, or refused
 * with a reason and never submitted), and the core's events turned into the MQTT contract's topics. The
 * registry is core's test stand-in, answering every command at once; the Pax Exam suite runs the same
 * against the real core.
 */
class MqttBridgeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String RESULT = "ab/desk/command/result";

    @TempDir
    Path data;

    private final AnsweringRegistry registry = new AnsweringRegistry(new Thing(new ThingUID(ThingType.PHONE, "desk"),
            "Desk", Optional.empty(), ThingStatusInfo.ONLINE, "127.0.0.5", Map.of("dnd", "ON"), Optional.empty()));
    private ScriptedBroker broker;
    private MqttBridge bridge;

    @BeforeEach
    void start() throws Exception {
        broker = new ScriptedBroker(0);
        MqttConfig config = ConfigProxies.of(MqttConfig.class, Map.of("brokerUrl", broker.url(), "clientId",
                "bridge-test", "baseTopic", "ab", "homeAssistantDiscovery", false, "reconnectMinDelayMillis", 10,
                "reconnectMaxDelayMillis", 100));
        bridge = new MqttBridge(registry, config, dataFiles(data));
        await().atMost(WAIT).until(() -> broker.payloads("ab/bridge/availability"), List.of("online")::equals);
    }

    @AfterEach
    void stop() throws Exception {
        bridge.deactivate();
        broker.close();
    }

    @Test
    void theFirstConnectionPublishesEveryThingsStateAndSubscribesToTheSetTopics() {
        await().atMost(WAIT).until(() -> broker.received().size() >= 3);
        assertThat(broker.received()).extracting(r -> r.topic() + "=" + r.payload()).containsExactly(
                "ab/bridge/availability=online", "ab/desk/availability=online", "ab/desk/dnd=ON");
        assertThat(broker.subscriptions()).extracting(ScriptedBroker.Subscription::filter)
                .containsExactly("ab/+/+/set");
        assertThat(broker.connects().get(0).willTopic()).isEqualTo("ab/bridge/availability");
    }

    @Test
    void aCommandIsSubmittedAndItsResultPublishedWithTheCorrelationData() throws Exception {
        broker.deliver("ab/desk/dnd/set", bytes(" on "), false, "req-1");
        broker.deliver("ab/desk/answer/set", bytes("PRESS"), false, "");
        broker.deliver("ab/desk/dial/set", bytes("1234"), false, "req-3");

        await().atMost(WAIT).until(() -> broker.payloads(RESULT).size() == 3);
        assertThat(registry.submitted).containsExactly(new CommandRequest("desk", "dnd", "on", "req-1", "mqtt"),
                new CommandRequest("desk", "answer", "", "", "mqtt"),
                new CommandRequest("desk", "dial", "1234", "req-3", "mqtt"));
        List<ScriptedBroker.Received> results = broker.received().stream().filter(r -> r.topic().equals(RESULT))
                .toList();
        assertThat(results).extracting(ScriptedBroker.Received::correlationData).containsExactly("req-1", "", "req-3");
        assertThat(results).allSatisfy(r -> assertThat(r.retain()).isFalse());
        assertThat(results.get(0).payload()).isEqualTo("{\"thing\":\"desk\",\"command\":\"dnd\",\"ok\":true,"
                + "\"error\":null,\"message\":\"done\",\"transport\":\"http\",\"correlation\":\"req-1\","
                + "\"durationMs\":7,\"source\":\"mqtt\"}");
    }

    @Test
    void refusedCommandsNeverReachThePhoneAndTheResultSaysWhy() throws Exception {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("ab/desk/dnd/set|ON|retained", "INVALID_VALUE|retained commands are not executed");
        refused.put("ab/nobody/dnd/set|ON", "UNKNOWN_THING|no thing 'nobody'");
        refused.put("ab/de.sk/dnd/set|ON", "UNKNOWN_THING|no such thing");
        refused.put("ab/desk/fly/set|x", "UNKNOWN_COMMAND|a phone has no command 'fly'");
        refused.put("ab/desk/call-state/set|IDLE", "UNKNOWN_COMMAND|no command 'call-state'");
        refused.put("ab/desk/event/set|ring", "UNKNOWN_COMMAND|a phone has no command 'event'");
        refused.put("ab/desk/dnd/set|MAYBE", "INVALID_VALUE|dnd takes ON, OFF or TOGGLE");
        refused.put("ab/desk/answer/set|now", "INVALID_VALUE|answer takes no value");
        refused.put("ab/desk/dial/set|12\u000134", "INVALID_VALUE|control characters are not allowed");
        refused.put("ab/desk/dial/set|" + "1".repeat(MqttBridge.MAX_PAYLOAD + 1),
                "INVALID_VALUE|payload of 1025 bytes; at most 1024");
        for (Map.Entry<String, String> command : refused.entrySet()) {
            String[] parts = command.getKey().split("\\|", -1);
            broker.deliver(parts[0], bytes(parts[1]), parts.length > 2, "");
        }
        broker.deliver("ab/desk/dial/set", new byte[] {'1', (byte) 0xff, '2'}, false, "bad-utf8");

        await().atMost(WAIT).until(() -> broker.payloads("ab/nobody/command/result").size()
                + broker.payloads("ab/de.sk/command/result").size() + broker.payloads(RESULT).size() == refused.size() + 1);
        List<String> answers = new ArrayList<>(broker.payloads(RESULT));
        answers.addAll(broker.payloads("ab/nobody/command/result"));
        answers.addAll(broker.payloads("ab/de.sk/command/result"));
        for (String expected : refused.values()) {
            String[] parts = expected.split("\\|");
            assertThat(answers).as(expected).anySatisfy(answer -> assertThat(answer)
                    .contains("\"ok\":false", "\"error\":\"" + parts[0] + "\"", parts[1]));
        }
        assertThat(answers).anySatisfy(answer -> assertThat(answer).contains("payload is not UTF-8",
                "\"correlation\":\"bad-utf8\""));
        assertThat(registry.submitted).as("nothing reached the phone").isEmpty();
    }

    @Test
    void aCommandWhoseSubmissionFailsIsAnsweredAsAnInternalError() throws Exception {
        registry.failure = new IllegalStateException("registry gone");
        broker.deliver("ab/desk/reboot/set", bytes(""), false, "r");

        await().atMost(WAIT).until(() -> broker.payloads(RESULT).size() == 1);
        assertThat(broker.payloads(RESULT).get(0)).contains("\"ok\":false", "\"error\":\"INTERNAL\"", "registry gone",
                "\"correlation\":\"r\"");
    }

    @Test
    void theCoresEventsBecomeTheContractsTopics() {
        bridge.handleEvent(event(ThingEvents.CHANNEL_STATE, "channel", "dnd", "value", "OFF"));
        bridge.handleEvent(event(ThingEvents.CHANNEL_TRIGGER, "event", "incoming_call", "timestamp", 1700000000000L,
                "seq", 42L, "variables", Map.of("remote", "1234", "call_id", "c\"1")));
        bridge.handleEvent(event(ThingEvents.THING_STATUS, "status", "OFFLINE"));
        bridge.handleEvent(event(ThingEvents.COMMAND_RESULT, "command", "dnd", "ok", true, "source", "console",
                "transport", "http", "duration.ms", 5L, "correlation", "c-9"));
        // a result of an MQTT command is published from its completion, with the correlation data; not twice
        bridge.handleEvent(event(ThingEvents.COMMAND_RESULT, "command", "dnd", "ok", true, "source", "mqtt"));
        bridge.handleEvent(event(ThingEvents.THING_STATUS, "status", "ONLINE"));

        await().atMost(WAIT).until(() -> broker.payloads("ab/desk/availability").size() == 3);
        assertThat(broker.payloads("ab/desk/dnd")).containsExactly("ON", "OFF");
        assertThat(broker.payloads("ab/desk/event")).containsExactly(
                "{\"event\":\"incoming_call\",\"ts\":1700000000000,\"seq\":42,"
                        + "\"vars\":{\"call_id\":\"c\\\"1\",\"remote\":\"1234\"}}");
        assertThat(broker.payloads("ab/desk/availability")).containsExactly("online", "offline", "online");
        assertThat(broker.payloads(RESULT)).singleElement().satisfies(result -> assertThat(result).contains(
                "\"command\":\"dnd\"", "\"ok\":true", "\"source\":\"console\"", "\"correlation\":\"c-9\"",
                "\"durationMs\":5"));
        assertThat(broker.received().stream().filter(r -> r.topic().equals("ab/desk/event")))
                .allSatisfy(r -> assertThat(r.retain()).isFalse());
        assertThat(broker.received().stream().filter(r -> r.topic().equals("ab/desk/dnd")))
                .allSatisfy(r -> assertThat(r.retain()).isTrue());
    }

    @Test
    void aRemovedThingsRetainedTopicsAreCleared() {
        bridge.handleEvent(event(ThingEvents.THING_REMOVED, "thing.type", "phone"));

        await().atMost(WAIT).until(() -> broker.payloads("ab/desk/availability").size() == 2);
        assertThat(broker.payloads("ab/desk/availability")).containsExactly("online", "");
        assertThat(broker.payloads("ab/desk/dnd")).containsExactly("ON", "");
        assertThat(broker.received().stream().filter(r -> r.payload().isEmpty()))
                .allSatisfy(r -> assertThat(r.retain()).isTrue());
        // a topic that never held a value is left alone: on Artemis clearing it would leave an empty queue
        assertThat(broker.payloads("ab/desk/call-state")).isEmpty();
    }

    @Test
    void withBadValuesTheBridgeDoesNotStartThrowsNothingAndStopsAsQuietlyAsADisabledOne() throws Exception {
        try (ScriptedBroker other = new ScriptedBroker(0)) {
            for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("baseTopic", "a+b"),
                    Map.of("baseTopic", "ab/#"), Map.of("baseTopic", ""), Map.of("qos", 5),
                    Map.of("discoveryPrefix", "home+x"), Map.of("sharedSubscriptionGroup", "a/b"))) {
                Map<String, Object> values = new HashMap<>(bad);
                values.put("brokerUrl", other.url());
                MqttBridge refused = new MqttBridge(registry, ConfigProxies.of(MqttConfig.class, values),
                        dataFiles(data));
                refused.handleEvent(event(ThingEvents.THING_STATUS, "status", "OFFLINE"));
                refused.deactivate();
                assertThat(refused.statistics()).as(bad.toString()).isEqualTo("not running");
            }
            await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> other.connects().isEmpty());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Event event(String topic, Object... properties) {
        Map<String, Object> map = new HashMap<>();
        map.put(ThingEvents.THING_ID, "desk");
        for (int i = 0; i < properties.length; i += 2) {
            map.put((String) properties[i], properties[i + 1]);
        }
        return new Event(topic, map);
    }

    /** A bundle context that only gives data files, in {@code directory}. */
    private static BundleContext dataFiles(Path directory) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getDataFile")) {
                        return new File(directory.toFile(), (String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Records the commands submitted and answers each at once (or fails it with {@link #failure}). */
    private static final class AnsweringRegistry extends RecordingThingRegistry {
        final List<CommandRequest> submitted = new CopyOnWriteArrayList<>();
        volatile RuntimeException failure;

        AnsweringRegistry(Thing... things) {
            super(things);
        }

        @Override
        public CompletionStage<CommandResult> submit(CommandRequest request) {
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            submitted.add(request);
            return CompletableFuture.completedFuture(new CommandResult(request, Optional.empty(), "done", "http",
                    Duration.ofMillis(7)));
        }
    }
}
