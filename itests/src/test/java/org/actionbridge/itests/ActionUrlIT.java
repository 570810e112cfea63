package org.actionbridge.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.actionbridge.actionurl.ActionUrlSetup;
import org.actionbridge.actionurl.DiscoveryInbox;
import org.actionbridge.actionurl.InboxEntry;
import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingEvents;
import org.actionbridge.core.ThingRegistry;
import org.actionbridge.core.ThingStatus;
import org.actionbridge.protocol.ActionUrlGenerator.ActionUrlLine;
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
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The receiver over real HTTP in the distribution: a configured phone's events become channel states
 * and trigger events in order, hostile requests get their documented status and change nothing, and an
 * unknown phone lands in the discovery inbox until approved.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ActionUrlIT extends KarafTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PHONE_IP = "127.0.20.1";
    private static final String MAC = "0c383e200001";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private ThingRegistry registry;

    @Inject
    private ActionUrlSetup setup;

    @Inject
    private DiscoveryInbox inbox;

    // each test gets a thing of its own: a removed thing's call state is dropped asynchronously
    private static final java.util.concurrent.atomic.AtomicInteger TESTS = new java.util.concurrent.atomic.AtomicInteger();
    private final String thingId = "desk20-" + TESTS.incrementAndGet();

    private int port;
    private String base;
    private org.osgi.service.cm.Configuration phone;
    private final List<Event> triggers = new CopyOnWriteArrayList<>();
    private ServiceRegistration<EventHandler> handler;

    @Configuration
    public Option[] config() {
        return actionBridge();
    }

    @Before
    public void setUp() throws Exception {
        port = Integer.getInteger("actionbridge.test.httpPort");
        org.osgi.service.cm.Configuration receiver = configurationAdmin.getConfiguration("org.actionbridge.actionurl",
                "?");
        // the token is generated and stored on first start
        await().atMost(WAIT).until(() -> receiver.getProperties() != null && receiver.getProperties().get("token") != null);
        Dictionary<String, Object> properties = receiver.getProperties();
        if (!"127.0.9.0/24".equals(properties.get("allowedSources"))) {
            properties.put("allowedSources", "127.0.9.0/24");
            receiver.update(properties);
        }
        base = "/actionurl/" + properties.get("token");
        await().atMost(WAIT).until(() -> setup.receiverBaseUrl().endsWith(base));

        phone = configurationAdmin.getFactoryConfiguration("org.actionbridge.phone", thingId, "?");
        Dictionary<String, Object> phoneProperties = new Hashtable<>();
        phoneProperties.put("host", PHONE_IP);
        phoneProperties.put("mac", MAC);
        phone.update(phoneProperties);
        await().atMost(WAIT).until(() -> registry.get(thingId), Optional::isPresent);

        Hashtable<String, Object> filter = new Hashtable<>();
        filter.put(EventConstants.EVENT_TOPIC, ThingEvents.CHANNEL_TRIGGER);
        filter.put(EventConstants.EVENT_FILTER, "(" + ThingEvents.THING_ID + "=" + thingId + ")");
        handler = context.registerService(EventHandler.class, triggers::add, filter);
    }

    @After
    public void tearDown() throws Exception {
        handler.unregister();
        phone.delete();
        await().atMost(WAIT).until(() -> registry.get(thingId), Optional::isEmpty);
    }

    private RawHttp.Response send(String source, String event, String query) {
        return RawHttp.get(source, port, base + "/" + event + (query.isEmpty() ? "" : "?" + query));
    }

    private void accepted(String event, String query) {
        RawHttp.Response response = send(PHONE_IP, event, query);
        assertEquals(event + ": " + response.body(), 200, response.status());
    }

    private String state(String channel) {
        return registry.get(thingId).flatMap(t -> t.state(channel)).orElse("");
    }

    private void awaitState(String channel, String value) {
        await().atMost(WAIT).until(() -> state(channel), value::equals);
    }

    @Test
    public void callEventsDriveChannelsAndTriggersInOrder() {
        accepted("incoming_call", "mac=" + MAC + "&call_id=1&remote_number=1234&remote_displayname=Alice&line=1");
        awaitState("call-state", "RINGING");
        assertEquals("1234", state("remote-number"));
        assertEquals("Alice", state("remote-name"));
        assertEquals("INCOMING", state("call-direction"));
        assertEquals(ThingStatus.ONLINE, registry.get(thingId).get().status().status());

        accepted("call_established", "mac=" + MAC + "&call_id=1");
        awaitState("call-state", "CONNECTED");
        accepted("call_hold", "mac=" + MAC + "&call_id=1");
        awaitState("call-state", "HELD");
        assertEquals("ON", state("hold"));
        accepted("call_resume", "mac=" + MAC + "&call_id=1");
        awaitState("call-state", "CONNECTED");
        accepted("call_terminated", "mac=" + MAC + "&call_id=1&duration=42");
        awaitState("call-state", "IDLE");
        assertEquals("42", state("call-duration"));

        accepted("incoming_call", "mac=" + MAC + "&call_id=2&remote_number=999");
        accepted("missed_call", "mac=" + MAC + "&call_id=2&remote_number=999");
        awaitState("missed-calls", "1");
        assertEquals("999", state("last-missed-number"));
        assertEquals("IDLE", state("call-state"));

        accepted("dnd_enabled", "mac=" + MAC);
        awaitState("dnd", "ON");
        accepted("dnd_disabled", "mac=" + MAC);
        awaitState("dnd", "OFF");

        await().atMost(WAIT).until(() -> triggers.size() >= 9);
        List<String> events = triggers.stream().map(e -> (String) e.getProperty(ThingEvents.EVENT))
                .collect(Collectors.toList());
        assertEquals(List.of("incoming_call", "call_established", "call_hold", "call_resume", "call_terminated",
                "incoming_call", "missed_call", "dnd_enabled", "dnd_disabled"), events);
        List<Long> sequence = triggers.stream().map(e -> (Long) e.getProperty(ThingEvents.SEQUENCE))
                .collect(Collectors.toList());
        for (int i = 1; i < sequence.size(); i++) {
            assertEquals(sequence.get(i - 1) + 1, (long) sequence.get(i));
        }
        @SuppressWarnings("unchecked")
        Map<String, String> vars = (Map<String, String>) triggers.get(0).getProperty(ThingEvents.VARIABLES);
        assertEquals("1234", vars.get("remote_number"));
        assertEquals(MAC, vars.get("mac"));
    }

    @Test
    public void phoneWithoutMacIsKnownByItsAddress() {
        accepted("dnd_enabled", "");
        awaitState("dnd", "ON");
    }

    @Test
    public void repeatedRequestIsAppliedOnce() {
        accepted("incoming_call", "mac=" + MAC + "&call_id=5&remote_number=1");
        accepted("incoming_call", "mac=" + MAC + "&call_id=5&remote_number=1");
        accepted("dnd_enabled", "mac=" + MAC);
        // events are posted in order after their state is set: once the last one is in, a repeat would be too
        await().atMost(WAIT).until(() -> triggers.stream().anyMatch(e -> "dnd_enabled".equals(
                e.getProperty(ThingEvents.EVENT))));
        assertEquals(List.of("incoming_call", "dnd_enabled"), triggers.stream()
                .map(e -> (String) e.getProperty(ThingEvents.EVENT)).collect(Collectors.toList()));
    }

    @Test
    public void theSameChangeAgainAfterAnotherIsApplied() {
        // a template like mac=$mac gives identical queries: on, off, on within a second is three changes
        accepted("dnd_enabled", "mac=" + MAC);
        accepted("dnd_disabled", "mac=" + MAC);
        accepted("dnd_enabled", "mac=" + MAC);
        await().atMost(WAIT).until(() -> triggers.size() == 3);
        awaitState("dnd", "ON");
        assertEquals(List.of("dnd_enabled", "dnd_disabled", "dnd_enabled"), triggers.stream()
                .map(e -> (String) e.getProperty(ThingEvents.EVENT)).collect(Collectors.toList()));
    }

    @Test
    public void aReportedAddressDoesNotShutOutTheConfiguredHost() {
        assertEquals(400, send(PHONE_IP, "ip_changed", "mac=" + MAC + "&ip=not-an-ip").status());
        accepted("ip_changed", "mac=" + MAC + "&ip=127.0.20.77");
        awaitState("ip-address", "127.0.20.77");
        // the phone reports an address it does not send from (NAT, an emulator's ip-change): its configured
        // host is still its own
        accepted("dnd_enabled", "mac=" + MAC);
        awaitState("dnd", "ON");
        assertEquals(200, send("127.0.20.77", "dnd_disabled", "mac=" + MAC).status());
        awaitState("dnd", "OFF");
    }

    @Test
    public void hostileRequestsGetTheirStatusAndChangeNothing() {
        RawHttp.Response wrong1 = RawHttp.get(PHONE_IP, port, "/actionurl/wrong/dnd_enabled?mac=" + MAC);
        RawHttp.Response wrong2 = RawHttp.get(PHONE_IP, port,
                "/actionurl/" + "x".repeat(32) + "/dnd_enabled?mac=" + MAC);
        assertEquals(404, wrong1.status());
        assertEquals(404, wrong2.status());
        assertEquals("every wrong token gets the same answer", wrong1.body(), wrong2.body());

        assertEquals(403, send("127.0.20.99", "dnd_enabled", "mac=" + MAC).status());
        assertEquals("X-Forwarded-For is not believed without a trusted proxy", 403,
                RawHttp.request("127.0.20.99", port, "GET", base + "/dnd_enabled?mac=" + MAC,
                        Map.of("X-Forwarded-For", PHONE_IP)).status());
        assertEquals("an allowed gateway may not speak for a configured phone with another MAC... but it may "
                + "for any phone: allowedSources are trusted", 200,
                send("127.0.9.1", "dnd_disabled", "mac=" + MAC).status());

        RawHttp.Response unknownEvent = send(PHONE_IP, "coffee_ready", "mac=" + MAC);
        assertEquals(400, unknownEvent.status());
        assertTrue(unknownEvent.body(), unknownEvent.body().contains("coffee_ready"));
        assertEquals(400, send(PHONE_IP, "dnd_enabled", "mac=0c383e20000Z").status());
        assertEquals(400, send(PHONE_IP, "dnd_enabled", "mac=" + MAC + "&remote=%0d%0aX").status());
        assertEquals(400, send(PHONE_IP, "dnd_enabled", "mac=" + MAC + "&pad=" + "a".repeat(5000)).status());
        RawHttp.Response long20k = send(PHONE_IP, "dnd_enabled", "mac=" + MAC + "&pad=" + "a".repeat(20_000));
        assertEquals("beyond Jetty's default 8 KiB request line: ours, not Jetty's 414", 400, long20k.status());
        assertTrue(long20k.body(), long20k.body().contains("longer than"));
        assertEquals(405, RawHttp.request(PHONE_IP, port, "POST", base + "/dnd_enabled?mac=" + MAC, Map.of())
                .status());
        assertEquals(400, RawHttp.get(PHONE_IP, port, base).status());

        // the only one applied was the allowed gateway's dnd_disabled
        await().atMost(WAIT).until(() -> triggers.size() == 1);
        assertEquals("dnd_disabled", triggers.get(0).getProperty(ThingEvents.EVENT));

        // $unsubstituted values are absent, not errors
        accepted("incoming_call", "mac=" + MAC + "&call_id=9&remote_number=$remote_number&remote_displayname=");
        awaitState("call-state", "RINGING");
        assertEquals("", state("remote-number"));
    }

    @Test
    public void unknownPhoneLandsInInboxAndApprovalCreatesTheThing() throws Exception {
        String mac = "0c383e990005";
        assertEquals(403, send("127.0.30.5", "setup_completed", "mac=" + mac).status());
        RawHttp.Response fromAPhone = send(PHONE_IP, "setup_completed", "mac=" + mac);
        assertEquals("a configured phone's address speaks for that phone only", 403, fromAPhone.status());
        assertTrue(fromAPhone.body(), fromAPhone.body().contains("only for its own phone"));
        assertTrue(inbox.entries().stream().noneMatch(e -> e.mac().equals(mac)));
        assertEquals(200, send("127.0.9.5", "setup_completed", "mac=" + mac + "&model=X6U&firmware=2.0").status());
        InboxEntry entry = inbox.entries().stream().filter(e -> e.mac().equals(mac)).findFirst().orElseThrow();
        assertEquals("127.0.9.5", entry.ip());
        assertEquals("X6U", entry.model());
        assertFalse(registry.findByMac(mac).isPresent());

        String id = inbox.approve("0C:38:3E:99:00:05", "lobby");
        assertEquals("lobby", id);
        Thing thing = await().atMost(WAIT).until(() -> registry.get("lobby"), Optional::isPresent).get();
        assertEquals("127.0.9.5", thing.ipAddress());
        assertTrue(inbox.entries().stream().noneMatch(e -> e.mac().equals(mac)));

        assertEquals(200, send("127.0.9.5", "dnd_enabled", "mac=" + mac).status());
        await().atMost(WAIT).until(() -> registry.get("lobby").flatMap(t -> t.state("dnd")).orElse(""), "ON"::equals);
        for (org.osgi.service.cm.Configuration c : configurationAdmin
                .listConfigurations("(service.factoryPid=org.actionbridge.phone)")) {
            if ("lobby".equals(c.getProperties().get("id"))) {
                c.delete();
            }
        }
    }

    @Test
    public void actionUrlLinesCoverEveryEvent() {
        List<ActionUrlLine> lines = setup.lines(thingId);
        assertEquals(41, lines.size());
        assertTrue(lines.get(0).url(), lines.get(0).url().contains(base + "/setup_completed?mac=$mac"));
    }
}
