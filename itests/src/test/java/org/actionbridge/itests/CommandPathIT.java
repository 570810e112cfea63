package org.actionbridge.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.actionbridge.core.CommandError;
import org.actionbridge.core.CommandRequest;
import org.actionbridge.core.CommandResult;
import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingEvents;
import org.actionbridge.core.ThingRegistry;
import org.actionbridge.core.ThingStatus;
import org.actionbridge.core.ThingStatusDetail;
import org.actionbridge.emulator.CallState;
import org.actionbridge.emulator.DeviceState;
import org.actionbridge.emulator.EmulatedDevice;
import org.actionbridge.emulator.EmulatorRegistry;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.framework.ServiceRegistration;

/**
 * Commands on phone things reach an emulated Fanvil phone through the Active URI transport (HTTP, basic
 * auth) and the SIP NOTIFY transport, change its state, and come back as results; failures show as
 * results and thing status. The emulator runs in the same Karaf on its own loopback address.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CommandPathIT extends KarafTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BIND = "127.0.77.7";
    private static final int HTTP_PORT = freePort();
    private static final int SIP_PORT = freePort();
    private static final int CLOSED_PORT = freePort();

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private ThingRegistry registry;

    @Inject
    private EmulatorRegistry emulators;

    private final FactoryConfigurations configurations = new FactoryConfigurations(() -> configurationAdmin);
    private final List<Event> results = new CopyOnWriteArrayList<>();
    private ServiceRegistration<EventHandler> handler;

    @Configuration
    public Option[] config() {
        return actionBridge(
                // fast failure handling for the unreachable-phone test; the SIP timers stay at the RFC's
                editConfigurationFilePut("etc/org.actionbridge.activeuri.cfg", "retries", "1"),
                editConfigurationFilePut("etc/org.actionbridge.activeuri.cfg", "retryBackoffMs", "50"),
                editConfigurationFilePut("etc/org.actionbridge.activeuri.cfg", "offlineAfterFailures", "2"),
                editConfigurationFilePut("etc/org.actionbridge.sip.cfg", "bindAddress", "127.0.0.1"),
                editConfigurationFilePut("etc/org.actionbridge.sip.cfg", "port", "0"),
                editConfigurationFilePut("etc/org.actionbridge.sip.cfg", "fromUser", "actionbridge-it"));
    }

    @Before
    public void setUp() throws Exception {
        Dictionary<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, ThingEvents.COMMAND_RESULT);
        handler = context.registerService(EventHandler.class, results::add, topics);
        if (emulators.device("emu-it").isEmpty()) {
            configure("org.actionbridge.emulator", "emu-it", Map.of("id", "emu-it", "type", "phone", "bindAddress",
                    BIND, "httpPort", String.valueOf(HTTP_PORT), "sipPort", String.valueOf(SIP_PORT), "username", "ops",
                    "password", "s3cret", "sipServer", "127.0.0.1", "allowedIps", "127.0.0.1"));
            await().atMost(WAIT).until(() -> emulators.device("emu-it").isPresent());
        }
    }

    @After
    public void tearDown() throws Exception {
        handler.unregister();
        configurations.deleteAllExcept("org.actionbridge.emulator");
    }

    private void configure(String factoryPid, String name, Map<String, String> values) throws Exception {
        configurations.create(factoryPid, name, values);
    }

    private void phone(String id, String transport, int httpPort, String password) throws Exception {
        configure("org.actionbridge.phone", id, Map.of("id", id, "host", BIND, "httpPort", String.valueOf(httpPort),
                "sipPort", String.valueOf(SIP_PORT), "username", "ops", "password", password, "transport", transport));
        await().atMost(WAIT).until(() -> registry.get(id), Optional::isPresent);
    }

    private CommandResult submit(String thing, String command, String value) throws Exception {
        return registry.submit(CommandRequest.of(thing, command, value, "it")).toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
    }

    private EmulatedDevice device() {
        return emulators.device("emu-it").orElseThrow();
    }

    private static void assertOk(CommandResult result, String transport) {
        assertTrue(result.toString(), result.ok());
        assertEquals(transport, result.transport());
    }

    @Test
    public void commandsOverHttpChangeTheEmulatedPhone() throws Exception {
        phone("http-it", "http", HTTP_PORT, "s3cret");

        assertOk(submit("http-it", "dial", "0000"), "http");
        DeviceState dialing = device().state();
        assertEquals("0000", dialing.remoteNumber().isEmpty() ? dialing.dialedDigits() : dialing.remoteNumber());
        assertFalse(dialing.callState() == CallState.IDLE);

        assertOk(submit("http-it", "hangup", ""), "http");
        assertEquals(CallState.IDLE, device().state().callState());

        assertOk(submit("http-it", "dnd", "ON"), "http");
        assertTrue(device().state().dnd());
        assertOk(submit("http-it", "dnd", "OFF"), "http");
        assertFalse(device().state().dnd());

        assertOk(submit("http-it", "display-name", "2:Reception"), "http");
        assertEquals("Reception", device().state().lineDisplayNames().get(2));

        await().atMost(WAIT).until(() -> registry.get("http-it").map(t -> t.status().status()).orElse(null),
                ThingStatus.ONLINE::equals);
        await().atMost(WAIT).until(() -> results.stream()
                .anyMatch(e -> "http-it".equals(e.getProperty(ThingEvents.THING_ID))
                        && "http".equals(e.getProperty(ThingEvents.TRANSPORT))
                        && Boolean.TRUE.equals(e.getProperty(ThingEvents.OK))));
    }

    @Test
    public void commandsOverSipNotifyChangeTheEmulatedPhone() throws Exception {
        phone("sip-it", "sip", HTTP_PORT, "s3cret");

        assertOk(submit("sip-it", "dnd", "ON"), "sip");
        assertTrue(device().state().dnd());
        assertOk(submit("sip-it", "dial", "4711"), "sip");
        assertFalse(device().state().callState() == CallState.IDLE);
        assertOk(submit("sip-it", "hangup", ""), "sip");
        assertEquals(CallState.IDLE, device().state().callState());
        assertOk(submit("sip-it", "dnd", "OFF"), "sip");
        assertFalse(device().state().dnd());
    }

    @Test
    public void autoFallsBackToSipWhenHttpIsUnreachable() throws Exception {
        phone("auto-it", "auto", CLOSED_PORT, "s3cret");

        CommandResult result = submit("auto-it", "dnd", "ON");

        assertOk(result, "sip");
        assertTrue(device().state().dnd());
        assertOk(submit("auto-it", "dnd", "OFF"), "sip");
    }

    @Test
    public void aConfiguredPhoneThatSendsNothingIsOnlineWithinSeconds() throws Exception {
        // the emulator sends no Action URLs here, and the periodic liveness check comes only after 60 s:
        // the liveness monitor's first contact (on the thing's ADDED event) is what finds its web port
        phone("quiet-it", "http", HTTP_PORT, "s3cret");

        await().atMost(Duration.ofSeconds(15)).until(
                () -> registry.get("quiet-it").map(t -> t.status().status()).orElse(null), ThingStatus.ONLINE::equals);
    }

    @Test
    public void wrongPasswordIsUnauthorizedAndThePhoneOffline() throws Exception {
        phone("badauth-it", "http", HTTP_PORT, "wrong");
        List<String> keysBefore = device().state().recentKeys();

        CommandResult result = submit("badauth-it", "reboot", "");

        assertEquals(result.toString(), Optional.of(CommandError.UNAUTHORIZED), result.error());
        assertFalse(result.message().contains("wrong"));
        assertEquals(keysBefore, device().state().recentKeys());
        Thing thing = await().atMost(WAIT).until(() -> registry.get("badauth-it").orElseThrow(),
                t -> t.status().status() == ThingStatus.OFFLINE);
        assertEquals(ThingStatusDetail.AUTHENTICATION_ERROR, thing.status().detail());
    }

    @Test
    public void unreachablePhoneFailsAndGoesOffline() throws Exception {
        phone("gone-it", "http", CLOSED_PORT, "s3cret");

        CommandResult first = submit("gone-it", "answer", "");
        CommandResult second = submit("gone-it", "answer", "");

        assertEquals(Optional.of(CommandError.UNREACHABLE), first.error());
        assertEquals(Optional.of(CommandError.UNREACHABLE), second.error());
        Thing thing = await().atMost(WAIT).until(() -> registry.get("gone-it").orElseThrow(),
                t -> t.status().status() == ThingStatus.OFFLINE);
        assertEquals(ThingStatusDetail.COMMUNICATION_ERROR, thing.status().detail());
        assertTrue(thing.status().message(), thing.status().message().contains("2 times"));
    }

    @Test
    public void injectionAttemptIsRefusedBeforeAnythingIsSent() throws Exception {
        phone("inject-it", "http", HTTP_PORT, "s3cret");
        List<String> keysBefore = device().state().recentKeys();

        for (String hostile : List.of("0000&key=Reset", "0000%26key%3DReset", "0000\r\nkey=Reset")) {
            CommandResult result = submit("inject-it", "dial", hostile);
            assertEquals(hostile, Optional.of(CommandError.INVALID_VALUE), result.error());
            assertEquals("", result.transport());
        }
        assertEquals(keysBefore, device().state().recentKeys());
    }
}
