package org.actionbridge.itests.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.inject.Inject;

import org.actionbridge.core.ThingRegistry;
import org.actionbridge.itests.KarafTestSupport;
import org.actionbridge.itests.mqtt.CuttableProxy;
import org.actionbridge.itests.mqtt.MiniJson;
import org.actionbridge.itests.mqtt.MqttBridgeContract;
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
    private static final String BASE = "actionbridge";
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
        return actionBridge(
                editConfigurationFilePut("etc/users.properties", "actionbridge", "it-bridge-secret,_g_:mqttgroup"),
                editConfigurationFilePut("etc/users.properties", "it-client", "it-client-secret,_g_:mqttgroup"),
                MqttBridgeContract.pahoForTests());
    }

    private static int brokerPort() {
        return Integer.parseInt(System.getProperty("actionbridge.mqtt.port"));
    }

    private void bridgeTo(int port) throws Exception {
        org.osgi.service.cm.Configuration configuration = configurationAdmin.getConfiguration("org.actionbridge.mqtt", null);
        Dictionary<String, Object> properties = configuration.getProperties() != null ? configuration.getProperties()
                : new Hashtable<>();
        properties.put("enabled", "true");
        properties.put("brokerUrl", "tcp://127.0.0.1:" + port);
        properties.put("username", "actionbridge");
        properties.put("password", "it-bridge-secret");
        properties.put("reconnectMaxDelayMillis", "1000");
        properties.put("bufferSize", String.valueOf(BUFFER));
        configuration.update(properties);
    }

    private void fire(int from, int to) {
        for (int n = from; n <= to; n++) {
            registry.fireEvent("cut1", "mwi", Map.of("n", String.valueOf(n)));
        }
    }

    private static Set<Integer> numbered(TestClient client) {
        Set<Integer> out = new TreeSet<>();
        for (TestClient.Received r : client.on(BASE + "/cut1/event")) {
            Object vars = MiniJson.object(r.payload).get("vars");
            Object n = vars instanceof Map ? ((Map<?, ?>) vars).get("n") : null;
            if (n != null) {
                out.add(Integer.valueOf(n.toString()));
            }
        }
        return out;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            out.add(n);
        }
        return out;
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
            bridgeTo(proxy.port());
            await().atMost(WAIT).until(() -> {
                registry.fireEvent("cut1", "mwi", Map.of());
                return !sub.on(BASE + "/cut1/event").isEmpty();
            });
            fire(1, BEFORE);
            await().atMost(WAIT).until(() -> numbered(sub).containsAll(range(1, BEFORE)));

            long cutAt = System.nanoTime();
            sub.clear();
            proxy.down();
            // the broker saw the bridge's connection die: its last will says so
            await().atMost(WAIT).until(() -> sub.payloads(BASE + "/bridge/availability").contains("offline"));
            fire(BEFORE + 1, BEFORE + DURING);
            // the cut lasts 30 s whatever the test does meanwhile (a fault's duration, not an assertion)
            long left = CUT.toMillis() - (System.nanoTime() - cutAt) / 1_000_000L;
            if (left > 0) {
                Thread.sleep(left);
            }
            proxy.restore();
            await().atMost(WAIT).until(() -> sub.last(BASE + "/bridge/availability"), Optional.of("online")::equals);
            fire(BEFORE + DURING + 1, BEFORE + DURING + AFTER);
            await().atMost(WAIT).until(() -> numbered(sub).containsAll(range(BEFORE + DURING + 1, BEFORE + DURING + AFTER)));
            // what was buffered came before the newer events, so it is all there by now
            Set<Integer> during = new TreeSet<>(numbered(sub));
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
