package org.actionbridge.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.actionbridge.actionurl.ActionUrlSetup;
import org.actionbridge.actionurl.SelfTest;
import org.actionbridge.actionurl.SelfTestReport;
import org.actionbridge.core.CommandRequest;
import org.actionbridge.core.CommandResult;
import org.actionbridge.core.ThingEvents;
import org.actionbridge.core.ThingRegistry;
import org.actionbridge.core.ThingStatus;
import org.actionbridge.emulator.Alarm;
import org.actionbridge.emulator.EmulatedDevice;
import org.actionbridge.emulator.EmulatorRegistry;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The whole loop with an emulated phone and intercom configured through factory configurations: the
 * device's Action URLs drive the thing's channels and trigger events in order, commands reach the
 * device through the HTTP transport, and the self-test sees the callbacks.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PhoneLoopIT extends KarafTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private ThingRegistry registry;

    @Inject
    private EmulatorRegistry emulators;

    @Inject
    private ActionUrlSetup setup;

    @Inject
    private SelfTest selfTest;

    private final FactoryConfigurations configurations = new FactoryConfigurations(() -> configurationAdmin);
    private final List<Event> triggers = new CopyOnWriteArrayList<>();
    private ServiceRegistration<EventHandler> handler;

    @Configuration
    public Option[] config() {
        return actionBridge(
                // silent phones are probed within seconds; SIP gives up after 64 x 50 ms
                editConfigurationFilePut("etc/org.actionbridge.actionurl.cfg", "silenceTimeoutSeconds", "5"),
                editConfigurationFilePut("etc/org.actionbridge.actionurl.cfg", "livenessCheckSeconds", "1"),
                editConfigurationFilePut("etc/org.actionbridge.sip.cfg", "t1Ms", "50"),
                editConfigurationFilePut("etc/org.actionbridge.sip.cfg", "bindAddress", "127.0.0.1"));
    }

    @After
    public void tearDown() throws Exception {
        if (handler != null) {
            handler.unregister();
        }
        configurations.deleteAll();
    }

    /** An emulated device and its thing, wired together; returns the device. */
    private EmulatedDevice wire(String id, String type, String address, Map<String, String> extra) throws Exception {
        int httpPort = freePort();
        int sipPort = freePort();
        String base = setup.receiverBaseUrl();
        String receiver = "http://127.0.0.1:" + Integer.getInteger("actionbridge.test.httpPort")
                + base.substring(base.indexOf("/actionurl/"));
        String mac = "0c383e" + String.format("%06x", Math.abs(id.hashCode()) % 0xffffff);

        Hashtable<String, Object> thing = new Hashtable<>(Map.of("id", id, "type", type, "host", address,
                "httpPort", String.valueOf(httpPort), "sipPort", String.valueOf(sipPort), "mac", mac,
                "username", "admin", "password", "Pa55word", "transport", "http"));
        configure("org.actionbridge.phone", id, thing);
        await().atMost(WAIT).until(() -> registry.get(id), Optional::isPresent);

        Hashtable<String, Object> handlerProperties = new Hashtable<>();
        handlerProperties.put(EventConstants.EVENT_TOPIC, ThingEvents.CHANNEL_TRIGGER);
        handlerProperties.put(EventConstants.EVENT_FILTER, "(" + ThingEvents.THING_ID + "=" + id + ")");
        handler = context.registerService(EventHandler.class, triggers::add, handlerProperties);

        Hashtable<String, Object> device = new Hashtable<>(Map.of("id", id, "type", type, "bindAddress", address,
                "httpPort", String.valueOf(httpPort), "sipPort", String.valueOf(sipPort), "mac", mac,
                "username", "admin", "password", "Pa55word", "actionUrlBase", receiver));
        device.putAll(extra);
        configure("org.actionbridge.emulator", id, device);
        await().atMost(WAIT).until(() -> emulators.device(id).isPresent());
        // the device announces itself at start
        await().atMost(WAIT).until(() -> events().contains("registration_succeeded"));
        return emulators.device(id).get();
    }

    private void configure(String factoryPid, String name, Hashtable<String, Object> values) throws Exception {
        configurations.create(factoryPid, name, values);
    }

    private List<String> events() {
        return triggers.stream().map(e -> (String) e.getProperty(ThingEvents.EVENT)).collect(Collectors.toList());
    }

    private String state(String id, String channel) {
        return registry.get(id).flatMap(t -> t.state(channel)).orElse("");
    }

    private void awaitState(String id, String channel, String value) {
        await().atMost(WAIT).until(() -> state(id, channel), value::equals);
    }

    private void command(String id, String command, String value) throws Exception {
        CommandResult result = registry.submit(CommandRequest.of(id, command, value, "it")).toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        assertTrue(result.toString(), result.ok());
    }

    @Test
    public void callAnsweredHeldResumedAndHungUp() throws Exception {
        EmulatedDevice phone = wire("loop1", "phone", "127.0.21.1", Map.of());
        assertEquals("X6U", state("loop1", "model"));
        assertEquals("REGISTERED", state("loop1", "registration"));
        assertEquals(ThingStatus.ONLINE, registry.get("loop1").get().status().status());
        int before = triggers.size();

        phone.ring("5551234", "Alice");
        awaitState("loop1", "call-state", "RINGING");
        assertEquals("5551234", state("loop1", "remote-number"));
        assertEquals("Alice", state("loop1", "remote-name"));
        assertEquals("INCOMING", state("loop1", "call-direction"));

        command("loop1", "answer", "");
        awaitState("loop1", "call-state", "CONNECTED");
        command("loop1", "hold", "ON");
        awaitState("loop1", "call-state", "HELD");
        assertEquals("ON", state("loop1", "hold"));
        command("loop1", "hold", "OFF");
        awaitState("loop1", "call-state", "CONNECTED");
        command("loop1", "mute", "ON");
        awaitState("loop1", "mute", "ON");
        phone.remoteHangup();
        awaitState("loop1", "call-state", "IDLE");
        assertTrue(state("loop1", "call-duration").matches("[0-9]+"));

        List<String> call = events().subList(before, events().size()).stream()
                .filter(e -> List.of("incoming_call", "call_established", "call_hold", "call_resume", "mute",
                        "call_terminated").contains(e))
                .collect(Collectors.toList());
        assertEquals(List.of("incoming_call", "call_established", "call_hold", "call_resume", "mute",
                "call_terminated"), call);
        List<Long> sequence = triggers.stream().map(e -> (Long) e.getProperty(ThingEvents.SEQUENCE))
                .collect(Collectors.toList());
        for (int i = 1; i < sequence.size(); i++) {
            assertEquals("trigger events in order", sequence.get(i - 1) + 1, (long) sequence.get(i));
        }
    }

    @Test
    public void missedCallDndAndSelfTest() throws Exception {
        EmulatedDevice phone = wire("loop2", "phone", "127.0.21.2", Map.of());

        phone.ring("5550000", "Bob");
        awaitState("loop2", "call-state", "RINGING");
        phone.remoteHangup();
        awaitState("loop2", "missed-calls", "1");
        assertEquals("5550000", state("loop2", "last-missed-number"));
        awaitState("loop2", "call-state", "IDLE");

        command("loop2", "dnd", "ON");
        awaitState("loop2", "dnd", "ON");
        command("loop2", "dnd", "OFF");
        awaitState("loop2", "dnd", "OFF");

        SelfTestReport report = selfTest.run("loop2", Duration.ofSeconds(10)).toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        assertTrue(report.steps().toString(), report.ok());
        assertEquals("callback OK", report.summary());
        assertEquals("the self-test leaves DND as it found it", "OFF", state("loop2", "dnd"));
    }

    @Test
    public void silentPhoneIsProbedWithSipOptionsAndGoesOfflineWhenItIsGone() throws Exception {
        int sipPort = freePort();
        configure("org.actionbridge.emulator", "quiet", new Hashtable<>(Map.of("id", "quiet", "bindAddress",
                "127.0.21.4", "httpPort", String.valueOf(freePort()), "sipPort", String.valueOf(sipPort))));
        await().atMost(WAIT).until(() -> emulators.device("quiet").isPresent());
        // its web port is firewalled (nothing listens there); only SIP reaches it
        configure("org.actionbridge.phone", "quiet", new Hashtable<>(Map.of("id", "quiet", "host", "127.0.21.4",
                "httpPort", String.valueOf(freePort()), "sipPort", String.valueOf(sipPort), "transport", "sip")));

        await().atMost(WAIT).until(() -> registry.get("quiet").map(t -> t.status().status()).orElse(null),
                ThingStatus.ONLINE::equals);

        configurations.first("org.actionbridge.emulator").orElseThrow().delete();
        await().atMost(WAIT).until(() -> registry.get("quiet").map(t -> t.status().status()).orElse(null),
                ThingStatus.OFFLINE::equals);
        String reason = registry.get("quiet").get().status().message();
        assertTrue(reason, reason.contains("does not answer") && reason.contains("no answer to SIP OPTIONS"));
    }

    @Test
    public void intercomDoorAndAlarms() throws Exception {
        EmulatedDevice door = wire("gate", "intercom", "127.0.21.3",
                Map.of("doorCode", "4711", "doorOpenSeconds", "3")); // long enough for a poll to see OPEN

        command("gate", "open-door", "4711");
        awaitState("gate", "door", "OPEN");
        awaitState("gate", "door", "CLOSED");

        door.alarm(Alarm.TAMPER);
        awaitState("gate", "tamper", "ON");
        door.alarm(Alarm.DOOR_SENSOR_1);
        awaitState("gate", "door-sensor-1", "ON");
        await().atMost(WAIT).until(() -> events().containsAll(
                List.of("door_opened", "door_closed", "tamper", "door_sensor_1")));
    }
}
