package org.actionbridge.itests.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.actionbridge.itests.DistributionProcess;
import org.actionbridge.itests.mqtt.TestClient;
import org.junit.After;
import org.junit.Test;

/**
 * Fault: Karaf killed with SIGKILL (kill -9) and started again. The ActionBridge distribution runs as a
 * separate process from a fresh copy, on free loopback ports, as an operator runs it
 * ({@link DistributionProcess}). Before the kill: a phone configured by an etc/ file, another approved
 * from the discovery inbox (a configuration written through Config Admin), a third left in the inbox,
 * events that set retained MQTT states. After the restart: the things and their configuration are back,
 * the inbox entry is back, the retained states on the embedded broker are exactly what the restarted
 * ActionBridge reports (channel states live in memory: those from before the kill are cleared, not left
 * claiming a DND or a registration nobody knows any more), and new events set them again.
 */
public class KarafKillFaultIT {

    private static final String USER = "faults";
    private static final String PASSWORD = "Kill-Test-Secret-1";
    private static final String DEMO = "127.0.89.1";
    private static final String PHONE = "127.0.89.11";
    private static final String PHONE_MAC = "0c383e89000b";
    private static final String UNKNOWN = "127.0.89.12";
    private static final String UNKNOWN_MAC = "0c383e89000c";
    private static final String APPROVED = "127.0.89.13";
    private static final String APPROVED_MAC = "0c383e89000d";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final DistributionProcess karaf = new DistributionProcess(USER, PASSWORD, DEMO, "127.0.89.0/24", "it-kill-");

    @After
    public void stop() throws Exception {
        karaf.close();
    }

    @Test
    public void thingsConfigurationInboxAndRetainedStatesSurviveKillMinus9() throws Exception {
        karaf.unpack();
        karaf.start();

        // a phone configured by an etc/ file, as an operator does; it reports in
        Files.writeString(karaf.home().resolve("etc/org.actionbridge.phone-kill1.cfg"), "type = phone\nhost = " + PHONE
                + "\nmac = " + PHONE_MAC + "\nusername = admin\npassword = Pa55word\ntransport = http\n");
        await().atMost(WAIT).ignoreExceptions().until(() -> PHONE.equals(karaf.thing("kill1").get("host")));
        karaf.event(PHONE, PHONE_MAC, "setup_completed", "&model=X6U&firmware=2.12.7");
        karaf.event(PHONE, PHONE_MAC, "registration_succeeded", "");
        karaf.event(PHONE, PHONE_MAC, "dnd_enabled", "");
        await().atMost(WAIT).ignoreExceptions().until(() -> karaf.state("kill1", "dnd").equals("ON"));

        // two unknown phones: one is approved (Config Admin writes its configuration), one stays in the inbox
        karaf.event(UNKNOWN, UNKNOWN_MAC, "setup_completed", "&model=X4U");
        karaf.event(APPROVED, APPROVED_MAC, "setup_completed", "&model=i20S");
        await().atMost(WAIT).until(() -> karaf.api("inbox").contains(APPROVED_MAC));
        karaf.post("inbox/" + APPROVED_MAC + "/approve", "{\"id\": \"kill3\"}");
        await().atMost(WAIT).ignoreExceptions().until(() -> "intercom".equals(karaf.thing("kill3").get("type")));

        TestClient before = karaf.subscriber("actionbridge/kill1/#");
        for (Map.Entry<String, String> retained : Map.of("dnd", "ON", "registration", "REGISTERED", "model", "X6U",
                "firmware", "2.12.7", "availability", "online").entrySet()) {
            await().atMost(WAIT).until(() -> before.last("actionbridge/kill1/" + retained.getKey()),
                    Optional.of(retained.getValue())::equals);
        }
        // the inbox reached its file (written shortly after each change)
        await().atMost(WAIT).ignoreExceptions().until(() -> karaf.storedInboxHolds(UNKNOWN_MAC, APPROVED_MAC));
        before.close();

        long killedAt = System.nanoTime();
        karaf.killMinus9();
        karaf.start();
        long restartMs = (System.nanoTime() - killedAt) / 1_000_000L;

        // things and their configuration
        Map<String, Object> phone = karaf.thing("kill1");
        assertEquals(PHONE, phone.get("host"));
        assertEquals("http", phone.get("transport"));
        Map<String, Object> approved = karaf.thing("kill3");
        assertEquals(APPROVED, approved.get("host"));
        assertEquals("intercom", approved.get("type"));
        assertTrue(String.valueOf(approved.get("mac")).replace(":", "").equalsIgnoreCase(APPROVED_MAC));
        // the discovery inbox
        String inbox = karaf.api("inbox");
        assertTrue(inbox, inbox.contains(UNKNOWN_MAC) && inbox.contains("X4U") && inbox.contains(UNKNOWN));
        assertTrue("an approved phone does not come back to the inbox: " + inbox, !inbox.contains(APPROVED_MAC));

        // the bridge is back, and the broker retains what ActionBridge reports (no state from before the kill)
        TestClient after = karaf.subscriber("actionbridge/kill1/#", "actionbridge/bridge/availability");
        await().atMost(WAIT).until(() -> after.last("actionbridge/bridge/availability"), Optional.of("online")::equals);
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertEquals(
                "retained MQTT states = the states ActionBridge reports", karaf.reportedStates("kill1"),
                DistributionProcess.retainedStates(after, "kill1")));
        Map<String, String> afterRestart = DistributionProcess.retainedStates(after, "kill1");
        assertTrue("the DND from before the kill is not claimed: " + afterRestart, !afterRestart.containsKey("dnd"));
        // and they follow the phone again
        karaf.event(PHONE, PHONE_MAC, "dnd_enabled", "");
        await().atMost(WAIT).until(() -> after.last("actionbridge/kill1/dnd"), Optional.of("ON")::equals);
        await().atMost(WAIT).ignoreExceptions().until(() -> karaf.state("kill1", "dnd").equals("ON"));
        TestClient late = karaf.subscriber("actionbridge/kill1/#");
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertEquals(karaf.reportedStates("kill1"),
                DistributionProcess.retainedStates(late, "kill1")));
        System.out.println("KarafKillFaultIT: kill -9 to the demo phone ONLINE again in " + restartMs
                + " ms; things, configuration and inbox came back; retained states after the restart "
                + afterRestart + ", then " + DistributionProcess.retainedStates(late, "kill1"));
    }
}
