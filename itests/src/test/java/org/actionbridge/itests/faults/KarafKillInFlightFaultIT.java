package org.actionbridge.itests.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.actionbridge.itests.NumberedEventSender;
import org.actionbridge.itests.DistributionProcess;
import org.actionbridge.itests.mqtt.MiniJson;
import org.actionbridge.itests.mqtt.TestClient;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.After;
import org.junit.Test;

/**
 * Fault: Karaf killed with SIGKILL (kill -9) while a phone streams events to it over HTTP, one after the
 * other, each a {@code mwi} with a new message count (so each changes the retained {@code mwi} state) and
 * its number. The distribution runs as its own process ({@link DistributionProcess}); its embedded
 * broker dies with it. After the restart: the things and their configuration (from an etc/ file) and the
 * discovery inbox are back; the retained MQTT state topics of the phone are exactly the states the
 * restarted ActionBridge reports through its JSON API (no retained value left over that ActionBridge no
 * longer stands behind), and a new event updates both again. It fails as this is written: the restarted
 * ActionBridge reports no channel state while the broker retains those from before the kill (docs/security.md,
 * "Gaps").
 *
 * <p>The limit, stated: the pipeline from the receiver to MQTT is in memory. An event answered 200 just
 * before the kill may not have reached the broker (or the broker may not have written it): such events
 * are lost. The test prints how many of the events answered 200 reached a subscriber before the kill
 * and which count the broker kept as the retained {@code mwi}; it does not assert that all arrived.
 */
public class KarafKillInFlightFaultIT {

    private static final String USER = "faults";
    private static final String PASSWORD = "Kill-Flight-Secret-1";
    private static final String DEMO = "127.0.94.1";
    private static final String PHONE = "127.0.94.11";
    private static final String PHONE_MAC = "0c383e94000b";
    private static final String UNKNOWN = "127.0.94.12";
    private static final String UNKNOWN_MAC = "0c383e94000c";
    private static final String THING = "flight1";
    private static final String TOPIC = "actionbridge/" + THING + "/";
    /** Events that reached MQTT before the kill: the stream is well under way. */
    private static final int KILL_AFTER = 500;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final DistributionProcess karaf = new DistributionProcess(USER, PASSWORD, DEMO, "127.0.94.0/24",
            "it-flight-");

    @After
    public void stop() throws Exception {
        karaf.close();
    }

    /** The numbers of the events {@code client} received. */
    private static Set<Integer> numbers(TestClient client) {
        Set<Integer> out = new HashSet<>();
        for (TestClient.Received r : client.on(TOPIC + "event")) {
            Object vars = MiniJson.object(r.payload).get("vars");
            Object n = vars instanceof Map ? ((Map<?, ?>) vars).get("date_time") : null;
            if (n != null) {
                out.add(Integer.valueOf(n.toString()));
            }
        }
        return out;
    }

    private static Map<String, String> retainedStates(TestClient client) {
        return DistributionProcess.retainedStates(client, THING);
    }

    private Map<String, String> reportedStates() throws Exception {
        return karaf.reportedStates(THING);
    }

    private int connections() throws Exception {
        Matcher line = Pattern.compile("MQTT bridge connected to").matcher(
                Files.readString(karaf.home().resolve("data/log/karaf.log"), StandardCharsets.UTF_8));
        int count = 0;
        while (line.find()) {
            count++;
        }
        return count;
    }

    @Test
    public void retainedStatesMatchWhatTheRestartedBridgeReportsAfterKillMinus9WithEventsInFlight() throws Exception {
        karaf.unpack();
        karaf.start();
        Path config = karaf.home().resolve("etc/org.actionbridge.phone-" + THING + ".cfg");
        Files.writeString(config, "type = phone\nhost = " + PHONE + "\nmac = " + PHONE_MAC
                + "\nusername = admin\npassword = Pa55word\ntransport = http\n");
        await().atMost(WAIT).ignoreExceptions().until(() -> PHONE.equals(karaf.thing(THING).get("host")));
        karaf.event(PHONE, PHONE_MAC, "setup_completed", "&model=X6U&firmware=2.12.7");
        karaf.event(PHONE, PHONE_MAC, "registration_succeeded", "");
        karaf.event(UNKNOWN, UNKNOWN_MAC, "setup_completed", "&model=X4U");
        await().atMost(WAIT).ignoreExceptions().until(() -> karaf.storedInboxHolds(UNKNOWN_MAC));
        TestClient before = karaf.subscriber(TOPIC + "#");
        await().atMost(WAIT).until(() -> before.last(TOPIC + "registration"), Optional.of("REGISTERED")::equals);

        String path = karaf.actionUrlPath() + "/mwi?mac=" + PHONE_MAC + "&ip=" + PHONE;
        NumberedEventSender phone = new NumberedEventSender(PHONE, karaf.httpPort(),
                n -> path + "&count=" + n + "&date_time=" + n, 1_000_000);
        Thread sending = new Thread(phone, "it-flight-phone");
        sending.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> before.on(TOPIC + "event").size() >= KILL_AFTER);
        assertTrue("the phone is still sending when Karaf is killed", sending.isAlive());
        int connectionsBefore = connections();
        karaf.killMinus9();
        sending.join(WAIT.toMillis());
        assertNotNull("the kill ended the phone's stream (a refused or reset connection)", phone.failure());
        int accepted = phone.lastAccepted();
        Set<Integer> reached = numbers(before);
        int reachedOfAccepted = 0;
        int firstMissing = 0;
        for (int n = 1; n <= accepted; n++) {
            if (reached.contains(n)) {
                reachedOfAccepted++;
            } else if (firstMissing == 0) {
                firstMissing = n;
            }
        }
        String retainedAtKill = before.last(TOPIC + "mwi").orElse("none");
        before.close();

        long killedAt = System.nanoTime();
        karaf.start();
        long restartMs = (System.nanoTime() - killedAt) / 1_000_000L;

        // things, configuration, inbox
        Map<String, Object> thing = karaf.thing(THING);
        assertEquals(PHONE, thing.get("host"));
        assertEquals("http", thing.get("transport"));
        assertTrue(String.valueOf(thing.get("mac")).replace(":", "").equalsIgnoreCase(PHONE_MAC));
        String inbox = karaf.api("inbox");
        assertTrue(inbox, inbox.contains(UNKNOWN_MAC) && inbox.contains("X4U"));

        // what the broker kept: its retained states, as a subscriber sees them before the bridge is back
        TestClient after = karaf.subscriber(TOPIC + "#");
        String retainedAfterRestart;
        try {
            // ActionBridge has no mwi to publish until the phone sends one: the first mwi here is the broker's
            retainedAfterRestart = await().atMost(Duration.ofSeconds(10))
                    .until(() -> after.payloads(TOPIC + "mwi").stream().findFirst(), Optional::isPresent).get();
        } catch (ConditionTimeoutException e) {
            retainedAfterRestart = "none";
        }
        System.out.println("KarafKillInFlightFaultIT: kill -9 after " + accepted + " events answered 200 ("
                + phone.busy() + " answers 503, retried); " + reachedOfAccepted + " of them reached the subscriber, "
                + (accepted - reachedOfAccepted) + " did not" + (firstMissing == 0 ? "" : " (from event " + firstMissing
                + ")") + "; last mwi seen before the kill " + retainedAtKill + ", retained by the broker after it "
                + retainedAfterRestart + "; ONLINE again in " + restartMs + " ms; ActionBridge then reports "
                + reportedStates() + " for the phone");

        // once the bridge is connected again, what the broker retains is what ActionBridge reports, as a client
        // subscribing now sees it: one that subscribed while the bridge was clearing (after, above) may get a
        // topic's old retained copy after that topic's clearing (seen once in CI, for the registration topic);
        // the view must hold for a second, so that a stale copy still on its way cannot pass unseen
        await().atMost(WAIT).ignoreExceptions().until(() -> connections() > connectionsBefore);
        TestClient settled = karaf.subscriber(TOPIC + "#");
        await().atMost(WAIT).during(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> reportedStates().equals(retainedStates(settled)));
        Map<String, String> consistent = retainedStates(settled);
        assertEquals("retained MQTT states = the states ActionBridge reports", reportedStates(), consistent);

        // a new event updates both
        int next = accepted + 1000;
        karaf.event(PHONE, PHONE_MAC, "mwi", "&count=" + next + "&date_time=" + next);
        await().atMost(WAIT).ignoreExceptions().until(() -> karaf.state(THING, "mwi").equals(String.valueOf(next)));
        await().atMost(WAIT).until(() -> after.last(TOPIC + "mwi"), Optional.of(String.valueOf(next))::equals);
        await().atMost(WAIT).ignoreExceptions()
                .untilAsserted(() -> assertEquals(reportedStates(), retainedStates(after)));
        TestClient late = karaf.subscriber(TOPIC + "#");
        await().atMost(WAIT).ignoreExceptions()
                .untilAsserted(() -> assertEquals(reportedStates(), retainedStates(late)));

        System.out.println("KarafKillInFlightFaultIT: after the restart the broker retained what ActionBridge reported: "
                + consistent + "; event " + next + " updated both");
    }
}
