package org.actionbridge.itests.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.wrappedBundle;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.inject.Inject;

import org.actionbridge.core.CommandError;
import org.actionbridge.core.CommandRequest;
import org.actionbridge.core.CommandResult;
import org.actionbridge.core.ThingEvents;
import org.actionbridge.core.ThingRegistry;
import org.actionbridge.itests.FactoryConfigurations;
import org.actionbridge.itests.KarafTestSupport;
import org.actionbridge.itests.RawHttp;
import org.actionbridge.itests.mqtt.MiniJson;
import org.actionbridge.itests.mqtt.TestClient;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.options.WrappedUrlProvisionOption.OverwriteMode;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Fault: hot deploy under load. While a phone sends Action URLs without pause, the MQTT, SIP, receiver
 * and emulator bundles are each stopped, started, updated and refreshed (as {@code bundle:update}
 * does). While one is stopped the rest keeps working (events reach the things and MQTT unless the
 * stopped bundle is on their path; commands get a result, never an exception); after each, events
 * flow to the things and to MQTT again, and commands work from the API and from MQTT.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotRedeployFaultIT extends KarafTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BASE = "actionbridge";
    private static final String DEVICE = "127.0.90.1";
    private static final String LOADER = "127.0.90.2";
    private static final String LOADER_MAC = "0c383e900002";
    private static final int DEVICE_HTTP = freePort();
    private static final int DEVICE_SIP = freePort();

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private ThingRegistry registry;

    private final FactoryConfigurations configurations = new FactoryConfigurations(() -> configurationAdmin);
    private final AtomicLong applied = new AtomicLong();
    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private ServiceRegistration<EventHandler> handler;
    private volatile boolean loading = true;

    @Configuration
    public Option[] config() {
        return actionBridge(
                editConfigurationFilePut("etc/users.properties", "actionbridge", "it-bridge-secret,_g_:mqttgroup"),
                editConfigurationFilePut("etc/users.properties", "it-client", "it-client-secret,_g_:mqttgroup"),
                editConfigurationFilePut("etc/org.actionbridge.mqtt.cfg", "password", "it-bridge-secret"),
                editConfigurationFilePut("etc/org.actionbridge.mqtt.cfg", "reconnectMaxDelayMillis", "1000"),
                wrappedBundle(maven("org.eclipse.paho", "org.eclipse.paho.mqttv5.client", "1.2.5"))
                        .bundleSymbolicName("it.paho.mqttv5").bundleVersion("1.2.5")
                        .exports("org.eclipse.paho.mqttv5.*;version=1.2.5")
                        .imports("javax.net;resolution:=optional,javax.net.ssl;resolution:=optional,*;resolution:=optional")
                        .overwriteManifest(OverwriteMode.FULL));
    }

    @After
    public void tearDown() throws Exception {
        loading = false;
        if (handler != null) {
            handler.unregister();
        }
        configurations.deleteAll();
    }

    private void configure(String factoryPid, String name, Map<String, String> values) throws Exception {
        configurations.create(factoryPid, name, values);
    }

    private String token() throws Exception {
        return await().atMost(WAIT).until(() -> {
            Dictionary<String, Object> properties = configurationAdmin.getConfiguration("org.actionbridge.actionurl", null)
                    .getProperties();
            Object token = properties == null ? null : properties.get("token");
            return token == null ? "" : token.toString();
        }, t -> !t.isEmpty());
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    /** Updates the bundle from its location and refreshes it and its dependents, as bundle:update does. */
    private void updateAndRefresh(Bundle bundle) throws Exception {
        bundle.update();
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        assertTrue("refresh finished", refreshed.await(60, TimeUnit.SECONDS));
    }

    private CommandResult command(String command, String value) throws Exception {
        return registry.submit(CommandRequest.of("hot-emu", command, value, "fault-it")).toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
    }

    /** Phone events reach the thing: the count of applied events grows. */
    private void awaitEventsApplied() {
        long before = applied.get();
        await().atMost(WAIT).until(() -> applied.get() >= before + 5);
    }

    private void awaitEventsOnMqtt(TestClient client) {
        int before = client.on(BASE + "/hot-load/event").size();
        await().atMost(WAIT).until(() -> client.on(BASE + "/hot-load/event").size() >= before + 5);
    }

    /** A command through the API reaches the emulated phone, whose callback sets the thing's state. */
    private void awaitCommandsWork(String dnd) throws Exception {
        CommandResult result = await().atMost(WAIT).until(() -> command("dnd", dnd), CommandResult::ok);
        assertEquals("http", result.transport());
        await().atMost(WAIT).until(() -> registry.get("hot-emu").flatMap(t -> t.state("dnd")), Optional.of(dnd)::equals);
    }

    /** A command through MQTT gets its result on MQTT (the bridge resubscribes after it comes back). */
    private void awaitMqttCommandsWork(TestClient client, String correlation) {
        String resultTopic = BASE + "/hot-emu/command/result";
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            client.publish(BASE + "/hot-emu/key/set", "OK", correlation.getBytes(StandardCharsets.UTF_8), false);
            return client.on(resultTopic).stream().map(r -> MiniJson.object(r.payload))
                    .anyMatch(json -> correlation.equals(json.get("correlation")) && Boolean.TRUE.equals(json.get("ok")));
        });
    }

    private void awaitAllWorks(TestClient client, String step) throws Exception {
        awaitEventsApplied();
        awaitEventsOnMqtt(client);
        awaitCommandsWork("ON");
        awaitCommandsWork("OFF");
        awaitMqttCommandsWork(client, step);
    }

    @Test
    public void bundlesStoppedUpdatedAndRestartedUnderLoadLeaveTheRestWorkingAndRecover() throws Exception {
        int receiverPort = Integer.getInteger("actionbridge.test.httpPort");
        String token = token();
        configure("org.actionbridge.phone", "hot-load", Map.of("id", "hot-load", "host", LOADER, "mac", LOADER_MAC));
        configure("org.actionbridge.phone", "hot-emu", Map.of("id", "hot-emu", "host", DEVICE, "httpPort",
                String.valueOf(DEVICE_HTTP), "sipPort", String.valueOf(DEVICE_SIP), "username", "admin", "password",
                "Pa55word", "transport", "http"));
        configure("org.actionbridge.emulator", "hot-emu", Map.of("id", "hot-emu", "type", "phone", "bindAddress", DEVICE,
                "httpPort", String.valueOf(DEVICE_HTTP), "sipPort", String.valueOf(DEVICE_SIP), "username", "admin",
                "password", "Pa55word", "actionUrlBase", "http://127.0.0.1:" + receiverPort + "/actionurl/" + token));
        await().atMost(WAIT).until(() -> registry.get("hot-load").isPresent() && registry.get("hot-emu").isPresent());

        Dictionary<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, ThingEvents.CHANNEL_TRIGGER);
        topics.put(EventConstants.EVENT_FILTER, "(" + ThingEvents.THING_ID + "=hot-load)");
        handler = context.registerService(EventHandler.class, event -> applied.incrementAndGet(), topics);

        // the load: one phone sending events without pause, every answer counted
        Thread load = new Thread(() -> {
            long n = 0;
            while (loading) {
                String answer;
                try {
                    answer = String.valueOf(RawHttp.get(LOADER, receiverPort,
                            "/actionurl/" + token + "/mwi?mac=" + LOADER_MAC + "&ip=" + LOADER + "&n=" + n++).status());
                } catch (UncheckedIOException e) {
                    answer = e.getCause().getClass().getSimpleName();
                }
                answers.computeIfAbsent(answer, k -> new AtomicInteger()).incrementAndGet();
            }
        }, "it-hot-load");
        load.setDaemon(true);
        load.start();

        TestClient client = await().atMost(WAIT).ignoreExceptions().until(() -> new TestClient(
                "tcp://127.0.0.1:" + System.getProperty("actionbridge.mqtt.port"), "it-hot", "it-client",
                "it-client-secret", false, BASE + "/hot-load/event", BASE + "/hot-emu/command/result"), c -> c != null);
        try {
            awaitAllWorks(client, "start");
            Map<String, String> durations = new LinkedHashMap<>();

            for (String name : List.of("org.actionbridge.mqtt", "org.actionbridge.sip", "org.actionbridge.actionurl",
                    "org.actionbridge.emulator")) {
                long start = System.nanoTime();
                Bundle bundle = bundle(name);
                bundle.stop();
                // the rest keeps working while it is away
                switch (name) {
                    case "org.actionbridge.mqtt" -> {
                        awaitEventsApplied();
                        awaitCommandsWork("ON");
                        awaitCommandsWork("OFF");
                    }
                    case "org.actionbridge.sip" -> {
                        awaitEventsApplied();
                        awaitEventsOnMqtt(client);
                        awaitCommandsWork("ON");
                        awaitCommandsWork("OFF");
                    }
                    case "org.actionbridge.actionurl" -> {
                        int notFound = answers.getOrDefault("404", new AtomicInteger()).get();
                        await().atMost(WAIT).until(() -> answers.getOrDefault("404", new AtomicInteger()).get() > notFound);
                        assertTrue(command("dnd", "ON").ok()); // the callback has nowhere to go; the command works
                        assertTrue(command("dnd", "OFF").ok());
                    }
                    default -> {
                        awaitEventsApplied();
                        awaitEventsOnMqtt(client);
                        CommandResult gone = command("dnd", "ON");
                        assertFalse(gone.toString(), gone.ok());
                        assertEquals(gone.toString(), Optional.of(CommandError.UNREACHABLE), gone.error());
                    }
                }
                bundle.start();
                awaitAllWorks(client, name + "-started");
                updateAndRefresh(bundle(name));
                assertEquals(Bundle.ACTIVE, bundle(name).getState());
                awaitAllWorks(client, name + "-updated");
                durations.put(name, (System.nanoTime() - start) / 1_000_000L + " ms");
            }
            System.out.println("HotRedeployFaultIT: stop, start, update+refresh under load, each until all works again: "
                    + durations + "; answers to the load: " + answers);
            for (String answer : answers.keySet()) {
                assertTrue("the load only ever saw 200, 404 while the receiver was away, or a refused/reset"
                        + " connection while Jetty re-registered: " + answers,
                        List.of("200", "404", "503", "ConnectException", "SocketException").contains(answer));
            }
        } finally {
            loading = false;
            load.join(10_000);
            client.close();
        }
    }
}
