package org.actionbridge.itests.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.actionbridge.actionurl.ActionUrlSetup;
import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingRegistry;
import org.actionbridge.core.ThingStatus;
import org.actionbridge.itests.KarafTestSupport;
import org.actionbridge.itests.RawHttp;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Fault: a power-cycle storm. 1,000 phone things, configured through Config Admin factory
 * configurations, each on its own loopback address, send setup_completed and registration_succeeded at
 * once from their own addresses. With a per-phone queue of one event the receiver answers 503 with
 * Retry-After instead of queueing without bound; phones that retry as told get their events applied,
 * and afterwards every thing is consistent (ONLINE, REGISTERED, model and firmware set).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PowerCycleStormFaultIT extends KarafTestSupport {

    private static final int PHONES = 1000;
    private static final int CONCURRENCY = 96;
    private static final int MAX_TRIES = 30;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private ThingRegistry registry;

    @Inject
    private ActionUrlSetup setup;

    @Configuration
    public Option[] config() {
        return actionBridge(
                editConfigurationFilePut("etc/org.actionbridge.actionurl.cfg", "queueCapacity", "1"),
                // the storm is about the receiver: the MQTT bridge stays out of it
                editConfigurationFilePut("etc/org.actionbridge.mqtt.cfg", "enabled", "false"));
    }

    private static String address(int i) {
        return "127.31." + (i / 200) + "." + (i % 200 + 1);
    }

    private static String mac(int i) {
        return String.format("0c383e31%04x", i);
    }

    @Test
    public void thousandPhonesPowerCyclingAtOnceGet503WithRetryAfterAndEndConsistent() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();

        long configStart = System.nanoTime();
        for (int i = 0; i < PHONES; i++) {
            org.osgi.service.cm.Configuration configuration = configurationAdmin.getFactoryConfiguration(
                    "org.actionbridge.phone", "storm" + i, "?");
            configuration.update(new Hashtable<>(Map.of("id", "storm" + i, "host", address(i), "mac", mac(i),
                    "username", "admin", "password", "Pa55word")));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> stormThings().size() == PHONES);
        long configMs = (System.nanoTime() - configStart) / 1_000_000L;

        int port = Integer.getInteger("actionbridge.test.httpPort");
        String base = setup.receiverBaseUrl();
        String path = base.substring(base.indexOf("/actionurl/"));
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger busyWithoutRetryAfter = new AtomicInteger();
        Map<Integer, Integer> unexpected = new ConcurrentHashMap<>();

        ExecutorService phones = Executors.newFixedThreadPool(CONCURRENCY);
        List<Future<Boolean>> sends = new ArrayList<>();
        long stormStart = System.nanoTime();
        try {
            for (int i = 0; i < PHONES; i++) {
                String query = "?mac=" + mac(i) + "&ip=" + address(i) + "&model=X6U&firmware=2.12." + i;
                // both events of a phone leave together, as after a power cut
                for (String event : List.of("setup_completed", "registration_succeeded")) {
                    String source = address(i);
                    String target = path + "/" + event + query;
                    sends.add(phones.submit(() -> {
                        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
                            RawHttp.Response response = RawHttp.get(source, port, target);
                            if (response.status() == 200) {
                                accepted.incrementAndGet();
                                return true;
                            }
                            if (response.status() != 503) {
                                unexpected.merge(response.status(), 1, Integer::sum);
                                return false;
                            }
                            busy.incrementAndGet();
                            String retryAfter = response.headers().get("retry-after");
                            if (retryAfter == null) {
                                busyWithoutRetryAfter.incrementAndGet();
                                retryAfter = "1";
                            }
                            // the phone's back-off, as the receiver asked (not an assertion)
                            Thread.sleep(Long.parseLong(retryAfter.trim()) * 1000L);
                        }
                        return false;
                    }));
                }
            }
            for (Future<Boolean> send : sends) {
                assertTrue("every event is accepted after at most " + MAX_TRIES + " tries (unexpected answers: "
                        + unexpected + ")", send.get(120, TimeUnit.SECONDS));
            }
        } finally {
            phones.shutdownNow();
        }
        long stormMs = (System.nanoTime() - stormStart) / 1_000_000L;

        System.out.println("PowerCycleStormFaultIT: " + busy.get() + " answers 503, " + accepted.get()
                + " accepted in " + stormMs + " ms");
        // consistent: every phone ONLINE, REGISTERED, with the model and firmware it reported
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(List.of(), inconsistent()));
        System.gc();
        long heapAfter = memory.getHeapMemoryUsage().getUsed();
        long heapMax = memory.getHeapMemoryUsage().getMax();
        System.out.println("PowerCycleStormFaultIT: " + PHONES + " things configured in " + configMs + " ms; storm of "
                + (2 * PHONES) + " events from " + PHONES + " addresses, " + CONCURRENCY + " at a time: " + busy.get()
                + " answered 503 with Retry-After, all " + accepted.get() + " accepted after retries in " + stormMs
                + " ms; heap after GC " + (heapBefore >> 20) + " MiB before, " + (heapAfter >> 20) + " MiB after, max "
                + (heapMax >> 20) + " MiB");

        assertEquals(2 * PHONES, accepted.get());
        assertTrue("the bounded queues pushed back at least once", busy.get() > 0);
        assertEquals("every 503 carries Retry-After", 0, busyWithoutRetryAfter.get());
        assertTrue("no answer other than 200 and 503: " + unexpected, unexpected.isEmpty());
        assertTrue("live heap grows by less than 64 MiB for 1,000 phones", heapAfter - heapBefore < 64L << 20);
    }

    private List<Thing> stormThings() {
        return registry.getAll().stream().filter(t -> t.id().startsWith("storm")).collect(Collectors.toList());
    }

    private List<String> inconsistent() {
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < PHONES; i++) {
            Thing thing = registry.get("storm" + i).orElse(null);
            if (thing == null || thing.status().status() != ThingStatus.ONLINE
                    || !"REGISTERED".equals(thing.state("registration").orElse(""))
                    || !"X6U".equals(thing.state("model").orElse(""))
                    || !("2.12." + i).equals(thing.state("firmware").orElse(""))
                    || !address(i).equals(thing.ipAddress())) {
                wrong.add(thing == null ? "storm" + i + " missing" : thing.id() + " " + thing.status() + " "
                        + thing.state("registration") + " " + thing.state("model") + " " + thing.state("firmware"));
            }
        }
        return wrong.size() > 5 ? wrong.subList(0, 5) : wrong;
    }
}
