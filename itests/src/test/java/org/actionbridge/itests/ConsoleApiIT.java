package org.actionbridge.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.actionbridge.core.ThingRegistry;
import org.actionbridge.emulator.CallState;
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
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The JSON API and event stream under /actionbridge/api/ with a plain HTTP client: basic authentication
 * against Karaf's realm (401, 403 for a viewer's write), reads, a command through to an emulated phone
 * that reports back by Action URL, and the Server-Sent Events stream seeing it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleApiIT extends KarafTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "console-it-token-0123456789abcdef";
    private static final String BIND = "127.0.78.1";
    private static final int DEVICE_HTTP = freePort();
    private static final int DEVICE_SIP = freePort();

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private ThingRegistry registry;

    @Inject
    private EmulatorRegistry emulators;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final FactoryConfigurations configurations = new FactoryConfigurations(() -> configurationAdmin);
    private String base;

    @Configuration
    public Option[] config() {
        return actionBridge(
                editConfigurationFilePut("etc/users.properties", "alice", "alice-secret,_g_:admingroup"),
                editConfigurationFilePut("etc/users.properties", "bob", "bob-secret,_g_:viewergroup"),
                editConfigurationFilePut("etc/users.properties", "carol", "carol-secret,_g_:viewergroup"),
                editConfigurationFilePut("etc/users.properties", "mallory", "mallory-secret"),
                editConfigurationFilePut("etc/org.actionbridge.actionurl.cfg", "token", TOKEN));
    }

    @Before
    public void setUp() throws Exception {
        int port = Integer.getInteger("actionbridge.test.httpPort");
        base = "http://127.0.0.1:" + port + "/actionbridge/api/";
        if (emulators.device("emu-console").isEmpty()) {
            configure("org.actionbridge.emulator", "emu-console", Map.of("id", "emu-console", "bindAddress", BIND,
                    "httpPort", String.valueOf(DEVICE_HTTP), "sipPort", String.valueOf(DEVICE_SIP),
                    "username", "ops", "password", "s3cret",
                    "actionUrlBase", "http://127.0.0.1:" + port + "/actionurl/" + TOKEN));
            await().atMost(WAIT).until(() -> emulators.device("emu-console").isPresent());
        }
        if (registry.get("consoledesk").isEmpty()) {
            configure("org.actionbridge.phone", "consoledesk", Map.of("id", "consoledesk", "host", BIND,
                    "httpPort", String.valueOf(DEVICE_HTTP), "username", "ops", "password", "s3cret",
                    "transport", "http"));
            await().atMost(WAIT).until(() -> registry.get("consoledesk"), Optional::isPresent);
        }
        // the servlets come up asynchronously with the feature
        await().atMost(WAIT).ignoreExceptions().until(() -> get("things", null).statusCode() == 401);
    }

    @After
    public void tearDown() {
        Optional<EmulatedDevice> device = emulators.device("emu-console");
        if (device.isPresent() && device.get().state().callState() != CallState.IDLE) {
            device.get().remoteHangup();
        }
    }

    private void configure(String factoryPid, String name, Map<String, String> values) throws Exception {
        configurations.create(factoryPid, name, values);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static final String ALICE = basic("alice", "alice-secret");
    private static final String BOB = basic("bob", "bob-secret");

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.GET().build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String authorization, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(40))
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    @Test
    public void refusesRequestsWithoutOrWithWrongCredentials() throws Exception {
        for (String authorization : new String[] { null, basic("alice", "wrong"), basic("nobody", "x"),
                "Basic !!!notbase64", "Bearer abc" }) {
            HttpResponse<String> response = get("things", authorization);
            assertEquals(String.valueOf(authorization), 401, response.statusCode());
            assertEquals("Basic realm=\"ActionBridge\", charset=\"UTF-8\"",
                    response.headers().firstValue("WWW-Authenticate").orElse(""));
            assertTrue(response.body(), response.body().contains("\"error\":\"UNAUTHORIZED\""));
        }
        assertEquals(401, post("things/consoledesk/commands", null, "{\"command\":\"answer\"}").statusCode());
        assertEquals(401, get("events", null).statusCode());
    }

    @Test
    public void theWebConsoleNeedsALoginToo() throws Exception {
        String page = base.replace("api/", "");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(page)).build(), BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        HttpResponse<String> viewer = http.send(HttpRequest.newBuilder(URI.create(page)).header("Authorization", BOB).build(),
                BodyHandlers.ofString());
        assertEquals(200, viewer.statusCode());
        assertTrue(viewer.body().contains("<title>ActionBridge console</title>"));
        assertTrue(viewer.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
    }

    @Test
    public void aUserWithoutRolesIsForbiddenAndAViewerCannotWrite() throws Exception {
        assertEquals(403, get("things", basic("mallory", "mallory-secret")).statusCode());
        HttpResponse<String> write = post("things/consoledesk/commands", BOB, "{\"command\":\"dial\",\"value\":\"0000\"}");
        assertEquals(403, write.statusCode());
        assertTrue(write.body(), write.body().contains("\"error\":\"FORBIDDEN\""));
        assertEquals(403, post("inbox/0c383e999999/approve", BOB, "").statusCode());
        assertEquals(CallState.IDLE, emulators.device("emu-console").orElseThrow().state().callState());
    }

    @Test
    public void readsThingsOneThingTheInboxAndActionUrls() throws Exception {
        HttpResponse<String> all = get("things", BOB);
        assertEquals(200, all.statusCode());
        assertTrue(all.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(all.body(), all.body().startsWith("[") && all.body().contains("\"id\":\"consoledesk\""));
        assertTrue(all.body(), all.body().contains("\"id\":\"demo\""));
        assertFalse("no secrets in the API", all.body().contains("s3cret"));

        HttpResponse<String> one = get("things/consoledesk", BOB);
        assertEquals(200, one.statusCode());
        assertTrue(one.body(), one.body().startsWith("{\"id\":\"consoledesk\",\"uid\":\"fanvil:phone:consoledesk\",\"type\":\"phone\""));
        assertTrue(one.body(), one.body().contains("\"status\":"));
        assertTrue(one.body(), one.body().contains("\"states\":{"));

        assertEquals(404, get("things/nosuchthing", BOB).statusCode());
        assertEquals(404, get("nothing-here", BOB).statusCode());
        HttpResponse<String> wrongMethod = post("things/consoledesk", ALICE, "{}");
        assertEquals(405, wrongMethod.statusCode());
        assertEquals("GET", wrongMethod.headers().firstValue("Allow").orElse(""));

        HttpResponse<String> inbox = get("inbox", BOB);
        assertEquals(200, inbox.statusCode());
        assertTrue(inbox.body(), inbox.body().startsWith("["));

        HttpResponse<String> urls = get("things/consoledesk/action-urls", BOB);
        assertEquals(200, urls.statusCode());
        assertTrue(urls.body(), urls.body().contains("/actionurl/" + TOKEN + "/incoming_call?"));
        // no publicBaseUrl here: the port is the one Jetty listens on, whatever set it
        assertTrue(urls.body(), urls.body().contains(":" + Integer.getInteger("actionbridge.test.httpPort")
                + "/actionurl/" + TOKEN + "\""));
    }

    @Test
    public void refusesHostileBodiesAndPathsWithAReasonAndNothingReachesThePhone() throws Exception {
        for (String number : new String[] { "1e999999999", "1e2147483647", "-1e-2147483647" }) {
            HttpResponse<String> huge = post("things/consoledesk/commands", ALICE,
                    "{\"command\":\"dial\",\"value\":" + number + "}");
            assertEquals(number, 400, huge.statusCode());
            assertTrue(huge.body(), huge.body().contains("digits") && huge.body().startsWith("{"));
        }

        byte[] notUtf8 = "{\"command\":\"display-name\",\"value\":\"A\u00ff\u00feB\"}"
                .getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> badBytes = http.send(HttpRequest.newBuilder(URI.create(base + "things/consoledesk/commands"))
                .header("Authorization", ALICE).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofByteArray(notUtf8)).build(), BodyHandlers.ofString());
        assertEquals(400, badBytes.statusCode());
        assertTrue(badBytes.body(), badBytes.body().contains("UTF-8"));
        HttpResponse<String> latin1 = http.send(HttpRequest.newBuilder(URI.create(base + "things/consoledesk/commands"))
                .header("Authorization", ALICE).header("Content-Type", "application/json; charset=ISO-8859-1")
                .POST(BodyPublishers.ofByteArray(notUtf8)).build(), BodyHandlers.ofString());
        assertEquals(415, latin1.statusCode());
        assertTrue(latin1.body(), latin1.body().contains("UTF-8"));
        HttpResponse<String> utf8 = http.send(HttpRequest.newBuilder(URI.create(base + "things/nosuchthing/commands"))
                .header("Authorization", ALICE).header("Content-Type", "application/json; charset=\"utf-8\"")
                .POST(BodyPublishers.ofString("{\"command\":\"answer\"}")).build(), BodyHandlers.ofString());
        assertEquals("a declared UTF-8 is fine", 404, utf8.statusCode());

        // an encoded slash must not lead past the thing named in the path to another one
        HttpResponse<String> traversal = post("things/x%2F..%2Fconsoledesk/commands", ALICE,
                "{\"command\":\"dial\",\"value\":\"0000\"}");
        assertEquals(404, traversal.statusCode());
        assertEquals(404, get("things/%2e%2e/things/consoledesk", ALICE).statusCode());
        assertEquals(404, get("events?thing=ghost", BOB).statusCode());

        EmulatedDevice device = emulators.device("emu-console").orElseThrow();
        assertEquals(CallState.IDLE, device.state().callState());
        assertFalse(device.state().toString(), device.state().toString().contains("\ufffd"));
    }

    @Test
    public void rejectsBadCommandsWithAReason() throws Exception {
        HttpResponse<String> badJson = post("things/consoledesk/commands", ALICE, "{\"command\": ");
        assertEquals(400, badJson.statusCode());
        assertTrue(badJson.body(), badJson.body().contains("\"error\":\"BAD_REQUEST\"") && badJson.body().contains("JSON"));
        HttpResponse<String> unknown = post("things/consoledesk/commands", ALICE, "{\"command\":\"fly\"}");
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body(), unknown.body().contains("\"error\":\"UNKNOWN_COMMAND\""));
        HttpResponse<String> injection = post("things/consoledesk/commands", ALICE,
                "{\"command\":\"key\",\"value\":\"OK&reboot=1\"}");
        assertEquals(400, injection.statusCode());
        assertTrue(injection.body(), injection.body().contains("\"error\":\"INVALID_VALUE\""));
        assertEquals(404, post("things/ghost/commands", ALICE, "{\"command\":\"answer\"}").statusCode());
        HttpResponse<String> notJson = http.send(HttpRequest.newBuilder(URI.create(base + "things/consoledesk/commands"))
                .header("Authorization", ALICE).header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofString("{\"command\":\"answer\"}")).build(), BodyHandlers.ofString());
        assertEquals(415, notJson.statusCode());
        assertFalse(badJson.body().contains("Exception"));
        HttpResponse<String> huge = post("things/consoledesk/commands", ALICE,
                "{\"command\":\"dial\",\"value\":\"" + "1".repeat(20_000) + "\"}");
        assertEquals(413, huge.statusCode());
        assertTrue(huge.body(), huge.body().contains("\"error\":\"PAYLOAD_TOO_LARGE\""));

        // approving an inbox entry reads its body the same way, before looking the entry up
        String approve = "inbox/0c383e999999/approve";
        HttpResponse<String> badApproval = post(approve, ALICE, "{\"id\": ");
        assertEquals(400, badApproval.statusCode());
        assertTrue(badApproval.body(), badApproval.body().contains("JSON"));
        assertTrue(post(approve, ALICE, "{\"name\": \"desk9\"}").body().contains("unknown member(s) [name]"));
        assertTrue(post(approve, ALICE, "{\"id\": 9}").body().contains("must be a string"));
        assertEquals(413, post(approve, ALICE, "{\"id\": \"" + "d".repeat(20_000) + "\"}").statusCode());
    }

    @Test
    public void oneUserCannotTakeEveryEventStreamSlot() throws Exception {
        String carol = basic("carol", "carol-secret");
        List<HttpResponse<InputStream>> open = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                HttpResponse<InputStream> stream = http.sendAsync(HttpRequest.newBuilder(URI.create(base + "events"))
                        .header("Authorization", carol).build(), BodyHandlers.ofInputStream()).get(20, TimeUnit.SECONDS);
                open.add(stream);
                assertEquals(200, stream.statusCode());
            }
            HttpResponse<String> ninth = get("events", carol);
            assertEquals(503, ninth.statusCode());
            assertTrue(ninth.body(), ninth.body().contains("maxClientsPerUser"));
            HttpResponse<InputStream> other = http.sendAsync(HttpRequest.newBuilder(URI.create(base + "events"))
                    .header("Authorization", ALICE).build(), BodyHandlers.ofInputStream()).get(20, TimeUnit.SECONDS);
            open.add(other);
            assertEquals("another user still gets a stream", 200, other.statusCode());
        } finally {
            for (HttpResponse<InputStream> stream : open) {
                stream.body().close();
            }
        }
    }

    /** Opens the event stream at {@code path} and reads its lines into {@code lines} on a thread of its own. */
    private HttpResponse<InputStream> events(String path, List<String> lines) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", BOB).header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> stream = http.sendAsync(request, BodyHandlers.ofInputStream()).get(20, TimeUnit.SECONDS);
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (Exception e) {
                // closed at the end of the test
            }
        }, "console-it-sse");
        reader.setDaemon(true);
        reader.start();
        return stream;
    }

    @Test
    public void aCommandReachesTheEmulatedPhoneAndTheEventStreamShowsTheCall() throws Exception {
        EmulatedDevice device = emulators.device("emu-console").orElseThrow();
        List<String> lines = new CopyOnWriteArrayList<>();
        List<String> everything = new CopyOnWriteArrayList<>();
        HttpResponse<InputStream> stream = events("events?thing=consoledesk", lines);
        HttpResponse<InputStream> unfiltered = events("events", everything);
        try {
            await().atMost(WAIT).until(() -> lines.contains("event: hello"));

            device.ring("1001", "Alice");
            await().atMost(WAIT).until(() -> lines.stream().anyMatch(l -> l.startsWith(
                    "data: {\"thing\":\"consoledesk\",\"channel\":\"call-state\",\"value\":\"RINGING\"")));
            await().atMost(WAIT).until(() -> lines.stream().anyMatch(l -> l.startsWith("data: {\"thing\":\"consoledesk\",\"event\":\"incoming_call\"")));

            HttpResponse<String> answer = post("things/consoledesk/commands", ALICE, "{\"command\": \"answer\", \"value\": \"\"}");
            assertEquals(answer.body(), 200, answer.statusCode());
            assertTrue(answer.body(), answer.body().contains("\"ok\":true") && answer.body().contains("\"transport\":\"http\"")
                    && answer.body().contains("\"durationMs\":"));
            assertEquals(CallState.CONNECTED, device.state().callState());
            await().atMost(WAIT).until(() -> lines.stream().anyMatch(l -> l.contains("\"channel\":\"call-state\",\"value\":\"CONNECTED\"")));
            await().atMost(WAIT).until(() -> lines.stream().anyMatch(l -> l.startsWith("data: {\"thing\":\"consoledesk\",\"command\":\"answer\",\"value\":\"\",\"ok\":true")));

            // another thing changes while both streams are open: the unfiltered one shows it, the filtered one,
            // which has it queued before the IDLE that follows, must not
            await().atMost(WAIT).until(() -> everything.contains("event: hello"));
            String demoDnd = registry.get("demo").flatMap(t -> t.state("dnd")).orElse("OFF");
            assertTrue(registry.updateState("demo", "dnd", "ON".equals(demoDnd) ? "OFF" : "ON"));
            await().atMost(WAIT).until(() -> everything.stream().anyMatch(l -> l.contains("\"thing\":\"demo\"")));

            HttpResponse<String> hangup = post("things/consoledesk/commands", ALICE, "{\"command\": \"hangup\"}");
            assertEquals(200, hangup.statusCode());
            await().atMost(WAIT).until(() -> device.state().callState() == CallState.IDLE);
            await().atMost(WAIT).until(() -> lines.stream().anyMatch(l -> l.contains("\"channel\":\"call-state\",\"value\":\"IDLE\"")));
            assertFalse("the filter keeps other things out", lines.stream().anyMatch(l -> l.contains("\"thing\":\"demo\"")));
        } finally {
            stream.body().close();
            unfiltered.body().close();
        }
    }
}
