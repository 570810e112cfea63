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

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
 * Fault: the network between the bridge and the (embedded Artemis) broker is cut for 30 s by a TCP
 * relay that resets every connection. Events from before the cut all arrive; during the cut more
 * events happen than the bridge's buffer holds, and the overflow policy keeps the newest (drops the
 * oldest, counted in the log); after the cut the buffered events and the new ones arrive, and the
 * bridge's availability goes offline (last will) and online again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BrokerNetworkCutFaultIT extends KarafTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration CUT = Duration.ofSeconds(30);
    private static final int BUFFER = 100;
    private static final int BEFORE = 50;
    private static final int DURING = 400;
    private static final int AFTER = 50;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private ThingRegistry registry;

    @Configuration
    public Option[] config() {
        return actionBridge(BridgeBehindProxy.options());
    }

    @Test
    public void eventsBufferedDuringA30SecondCutArriveAfterItAndOverflowDropsTheOldest() throws Exception {
        org.osgi.service.cm.Configuration phone = configurationAdmin.getFactoryConfiguration("org.actionbridge.phone",
                "cut1", "?");
        phone.update(new Hashtable<>(Map.of("id", "cut1", "host", "127.0.91.1")));
        await().atMost(WAIT).until(() -> registry.get("cut1"), Optional::isPresent);

        try (CuttableProxy proxy = new CuttableProxy(brokerPort());
                TestClient sub = await().atMost(WAIT).ignoreExceptions().until(() -> new TestClient(
                        "tcp://127.0.0.1:" + brokerPort(), "it-cut-sub", "it-client", "it-client-secret", true,
                        BASE + "/cut1/event", BASE + "/bridge/availability"), c -> c != null)) {
            bridgeTo(configurationAdmin, proxy.port(), BUFFER, Map.of());
            await().atMost(WAIT).until(() -> {
                registry.fireEvent("cut1", "mwi", Map.of());
                return !sub.on(BASE + "/cut1/event").isEmpty();
            });
            fire(registry, "cut1", 1, BEFORE);
            await().atMost(WAIT).until(() -> new TreeSet<>(arrivals(sub, "cut1")).containsAll(range(1, BEFORE)));

            long cutAt = System.nanoTime();
            sub.clear();
            proxy.down();
            // the broker saw the bridge's connection die: its last will says so
            await().atMost(WAIT).until(() -> sub.payloads(BASE + "/bridge/availability").contains("offline"));
            fire(registry, "cut1", BEFORE + 1, BEFORE + DURING);
            // the cut lasts 30 s whatever the test does meanwhile (a fault's duration, not an assertion)
            long left = CUT.toMillis() - (System.nanoTime() - cutAt) / 1_000_000L;
            if (left > 0) {
                Thread.sleep(left);
            }
            proxy.restore();
            await().atMost(WAIT).until(() -> sub.last(BASE + "/bridge/availability"), Optional.of("online")::equals);
            fire(registry, "cut1", BEFORE + DURING + 1, BEFORE + DURING + AFTER);
            await().atMost(WAIT).until(() -> new TreeSet<>(arrivals(sub, "cut1")).containsAll(range(BEFORE + DURING + 1, BEFORE + DURING + AFTER)));
            // what was buffered came before the newer events, so it is all there by now
            Set<Integer> during = new TreeSet<>(arrivals(sub, "cut1"));
            during.retainAll(range(BEFORE + 1, BEFORE + DURING));
            int dropped = DURING - during.size();
            System.out.println("BrokerNetworkCutFaultIT: " + CUT.toSeconds() + " s cut, " + DURING + " events during it, "
                    + during.size() + " delivered after it (buffer " + BUFFER + "), " + dropped + " dropped (oldest first): "
                    + (during.isEmpty() ? "none" : ((TreeSet<Integer>) during).first() + ".." + ((TreeSet<Integer>) during).last()));

            assertTrue("the newest events of the cut were kept: " + during,
                    during.containsAll(range(BEFORE + DURING - BUFFER / 2 + 1, BEFORE + DURING)));
            assertTrue("the buffer is bounded: " + during.size(), during.size() <= BUFFER);
            int first = ((TreeSet<Integer>) during).first();
            assertEquals("what was kept is the newest, without holes", range(first, BEFORE + DURING),
                    new ArrayList<>(during));
            Path log = Paths.get(System.getProperty("karaf.data"), "log", "karaf.log");
            await().atMost(WAIT).until(() -> Files.readString(log, StandardCharsets.UTF_8).contains("MQTT buffer full"));
        } finally {
            phone.delete();
        }
    }
}
