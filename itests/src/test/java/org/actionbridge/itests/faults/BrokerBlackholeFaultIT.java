package org.actionbridge.itests.faults;

import static org.actionbridge.itests.faults.BridgeBehindProxy.BASE;
import static org.actionbridge.itests.faults.BridgeBehindProxy.arrivals;
import static org.actionbridge.itests.faults.BridgeBehindProxy.bridgeTo;
import static org.actionbridge.itests.faults.BridgeBehindProxy.brokerPort;
import static org.actionbridge.itests.faults.BridgeBehindProxy.fire;
import static org.actionbridge.itests.faults.BridgeBehindProxy.range;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.actionbridge.core.ThingRegistry;
import org.actionbridge.itests.KarafTestSupport;
import org.actionbridge.itests.mqtt.CuttableProxy;
import org.actionbridge.itests.mqtt.TestClient;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Fault: the network between the bridge and the (embedded Artemis) broker silently drops everything
 * for 30 s, as a pulled cable or a NAT that forgot the connection would: no RST, no FIN, the relay
 * ({@link CuttableProxy#blackhole()}) keeps both sockets open and forwards nothing, and new connections
 * are taken and never answered. Only MQTT keep-alives (5 s here) can tell. Proved: the broker notices
 * (the bridge's last will, offline) and the bridge notices (it opens a new connection) within three
 * keep-alive periods plus 2 s of slack: Paho declares the broker lost when its PINGREQ, sent one
 * keep-alive after the broker's last packet, is not answered within another, and the broker drops a
 * client silent for 1.5 keep-alives. 300 events published into the void before the bridge notices
 * (sent, never acknowledged) and 50 after it (buffered) make 350 with a buffer of 100: the newest 100 of
 * them arrive after the cut, in order and without holes (so the unacknowledged ones were sent again),
 * the oldest are dropped and logged; events before the cut all arrived, events after it arrive. When
 * the network returns, the relay resets the connections it held, as the far end answers a retransmission
 * on a connection it no longer knows. A connection attempt made into the blackhole gets no CONNACK; the
 * bridge abandons it after its connect timeout and tries again (the log shows two attempts in the cut).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BrokerBlackholeFaultIT extends KarafTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration CUT = Duration.ofSeconds(30);
    private static final int KEEP_ALIVE_SECONDS = 5;
    private static final Duration NOTICE_BOUND = Duration.ofSeconds(3L * KEEP_ALIVE_SECONDS + 2);
    private static final String THING = "hole1";
    private static final int BUFFER = 100;
    private static final int BEFORE = 50;
    private static final int INTO_THE_VOID = 300;
    private static final int WHILE_AWAY = 50;
    private static final int AFTER = 50;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private ThingRegistry registry;

    @Configuration
    public Option[] config() {
        return actionBridge(BridgeBehindProxy.options());
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000L;
    }

    /** What karaf.log gained since {@code offset}. */
    private static String logSince(Path log, long offset) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (length <= offset) {
                return "";
            }
            byte[] bytes = new byte[(int) (length - offset)];
            file.seek(offset);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @Test
    public void silentNetworkIsNoticedByKeepAliveAndTheNewestBufferedEventsArriveAfterIt() throws Exception {
        org.osgi.service.cm.Configuration phone = configurationAdmin.getFactoryConfiguration("org.actionbridge.phone",
                THING, "?");
        phone.update(new Hashtable<>(Map.of("id", THING, "host", "127.0.93.1")));
        await().atMost(WAIT).until(() -> registry.get(THING), Optional::isPresent);
        Path log = Paths.get(System.getProperty("karaf.data"), "log", "karaf.log");

        try (CuttableProxy proxy = new CuttableProxy(brokerPort());
                TestClient sub = await().atMost(WAIT).ignoreExceptions().until(() -> new TestClient(
                        "tcp://127.0.0.1:" + brokerPort(), "it-hole-sub", "it-client", "it-client-secret", true,
                        BASE + "/" + THING + "/event", BASE + "/bridge/availability"), c -> c != null)) {
            bridgeTo(configurationAdmin, proxy.port(), BUFFER, Map.of("keepAliveSeconds", String.valueOf(KEEP_ALIVE_SECONDS)));
            await().atMost(WAIT).until(() -> {
                registry.fireEvent(THING, "mwi", Map.of());
                return !sub.on(BASE + "/" + THING + "/event").isEmpty();
            });
            fire(registry, THING, 1, BEFORE);
            await().atMost(WAIT).until(() -> new HashSet<>(arrivals(sub, THING)).containsAll(range(1, BEFORE)));

            sub.clear();
            long logOffset = Files.size(log);
            long cutAt = System.nanoTime();
            proxy.blackhole();
            // the bridge still believes it is connected: these are sent and never acknowledged
            fire(registry, THING, BEFORE + 1, BEFORE + INTO_THE_VOID);

            // the broker hears nothing from the bridge and publishes its last will
            await().atMost(CUT).pollInterval(Duration.ofMillis(50))
                    .until(() -> sub.payloads(BASE + "/bridge/availability").contains("offline"));
            long willMs = millisSince(cutAt);
            // the bridge hears nothing from the broker and connects again (into the blackhole)
            await().atMost(CUT).until(() -> !proxy.attemptsWhileBlackholed().isEmpty());
            long noticeMs = (proxy.attemptsWhileBlackholed().get(0) - cutAt) / 1_000_000L;
            assertTrue("the broker published the last will " + willMs + " ms into the blackhole; bound "
                    + NOTICE_BOUND.toMillis() + " ms", willMs <= NOTICE_BOUND.toMillis());
            assertTrue("the bridge noticed " + noticeMs + " ms into the blackhole; bound " + NOTICE_BOUND.toMillis()
                    + " ms", noticeMs <= NOTICE_BOUND.toMillis());
            fire(registry, THING, BEFORE + INTO_THE_VOID + 1, BEFORE + INTO_THE_VOID + WHILE_AWAY);
            assertTrue("nothing crosses a blackhole: " + arrivals(sub, THING), arrivals(sub, THING).isEmpty());

            // the cut lasts 30 s whatever the test does meanwhile (a fault's duration, not an assertion)
            long left = CUT.toMillis() - millisSince(cutAt);
            if (left > 0) {
                Thread.sleep(left);
            }
            int attempts = proxy.attemptsWhileBlackholed().size();
            long restoredAt = System.nanoTime();
            proxy.restore();
            await().atMost(WAIT).until(() -> sub.last(BASE + "/bridge/availability"), Optional.of("online")::equals);
            long reconnectMs = millisSince(restoredAt);

            int last = BEFORE + INTO_THE_VOID + WHILE_AWAY;
            fire(registry, THING, last + 1, last + AFTER);
            await().atMost(WAIT).until(() -> new HashSet<>(arrivals(sub, THING)).containsAll(range(last + 1, last + AFTER)));

            List<Integer> arrived = arrivals(sub, THING);
            List<Integer> firstSeen = new ArrayList<>();
            Set<Integer> seen = new HashSet<>();
            for (int n : arrived) {
                if (seen.add(n)) {
                    firstSeen.add(n);
                }
            }
            List<Integer> during = new ArrayList<>(firstSeen);
            during.removeIf(n -> n > last);
            String text = logSince(log, logOffset);
            Matcher lost = Pattern.compile("Lost MQTT broker tcp://127\\.0\\.0\\.1:" + proxy.port()
                    + " \\((.*)\\); (\\d+) unacknowledged publications will be sent again").matcher(text);
            assertTrue("the bridge logged the loss of the broker:\n" + text, lost.find());
            int unacknowledged = Integer.parseInt(lost.group(2));
            System.out.println("BrokerBlackholeFaultIT: " + CUT.toSeconds() + " s blackhole, keep-alive "
                    + KEEP_ALIVE_SECONDS + " s: last will after " + willMs + " ms, the bridge reconnecting after "
                    + noticeMs + " ms (" + lost.group(1) + ", " + unacknowledged + " unacknowledged to send again; "
                    + attempts + " connection attempts into the blackhole), online " + reconnectMs
                    + " ms after the network came back; of " + (INTO_THE_VOID + WHILE_AWAY) + " events during the cut ("
                    + INTO_THE_VOID + " sent into the void, " + WHILE_AWAY + " while away) " + during.size()
                    + " delivered (buffer " + BUFFER + "): " + (during.isEmpty() ? "none"
                            : during.get(0) + ".." + during.get(during.size() - 1)) + ", "
                    + (INTO_THE_VOID + WHILE_AWAY - during.size()) + " dropped, " + (arrived.size() - firstSeen.size())
                    + " duplicates");

            assertTrue("the bridge had sent events it never got acknowledged: " + unacknowledged,
                    unacknowledged >= BUFFER);
            assertEquals("the newest " + BUFFER + " events of the cut arrive, in order, without holes",
                    range(last - BUFFER + 1, last), during);
            assertEquals("events after the cut arrive after those of the cut, in order",
                    range(last + 1, last + AFTER), firstSeen.subList(during.size(), firstSeen.size()));
            assertTrue("the overflow is logged", text.contains("MQTT buffer full"));
        } finally {
            phone.delete();
        }
    }
}
