package org.actionbridge.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.actionbridge.core.CommandError;
import org.actionbridge.core.CommandRequest;
import org.actionbridge.core.CommandResult;
import org.actionbridge.core.CommandTransport;
import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingRegistry;
import org.actionbridge.core.ThingStatus;
import org.actionbridge.core.ThingStatusDetail;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The distribution boots with every ActionBridge bundle active and every component satisfied, and a
 * phone factory configuration creates, changes and removes a thing at run time.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FoundationIT extends KarafTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private ThingRegistry registry;

    @Inject
    private ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() {
        return actionBridge();
    }

    @Test
    public void everyActionBridgeBundleIsActive() {
        List<Bundle> ours = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().startsWith("org.actionbridge."))
                .collect(Collectors.toList());
        List<String> names = ours.stream().map(Bundle::getSymbolicName).sorted().collect(Collectors.toList());
        assertTrue("core and protocol installed: " + names,
                names.containsAll(List.of("org.actionbridge.core", "org.actionbridge.protocol")));
        // the emulator starts at start level 90, possibly after the test probe on a loaded machine
        await().atMost(WAIT).untilAsserted(() -> {
            for (Bundle bundle : ours) {
                assertEquals(bundle.getSymbolicName() + " is ACTIVE", Bundle.ACTIVE, bundle.getState());
            }
        });
    }

    @Test
    public void everyActionBridgeComponentIsSatisfied() {
        await().atMost(WAIT).untilAsserted(() -> {
            int checked = 0;
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
                if (!description.bundle.symbolicName.startsWith("org.actionbridge.")) {
                    continue;
                }
                if ("require".equals(description.configurationPolicy)) {
                    continue; // one instance per configuration; none is required to exist
                }
                assertTrue(description.name + " enabled", scr.isComponentEnabled(description));
                for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                    assertTrue(description.name + " satisfied, state " + configuration.state,
                            configuration.state == ComponentConfigurationDTO.ACTIVE
                                    || configuration.state == ComponentConfigurationDTO.SATISFIED);
                }
                checked++;
            }
            assertTrue("components of ActionBridge found", checked >= 2);
        });
    }

    @Test
    public void phoneConfigurationAddsUpdatesAndRemovesThing() throws Exception {
        org.osgi.service.cm.Configuration configuration = configurationAdmin
                .getFactoryConfiguration("org.actionbridge.phone", "desk-it", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("host", "127.0.10.1");
        properties.put("mac", "0C:38:3E:10:00:01");
        configuration.update(properties);

        Thing added = await().atMost(WAIT).until(() -> registry.get("desk-it"), Optional::isPresent).get();
        assertEquals("fanvil:phone:desk-it", added.uid().toString());
        assertEquals(ThingStatus.UNKNOWN, added.status().status());
        assertEquals("desk-it", registry.findByMac("0c383e100001").map(Thing::id).orElse(""));
        assertEquals("desk-it", registry.findByIp("127.0.10.1").map(Thing::id).orElse(""));

        properties.put("type", "intercom");
        properties.put("host", "127.0.10.2");
        configuration.update(properties);
        await().atMost(WAIT).until(() -> registry.get("desk-it").map(t -> t.uid().toString()).orElse(""),
                "fanvil:intercom:desk-it"::equals);
        assertEquals("desk-it", registry.findByIp("127.0.10.2").map(Thing::id).orElse(""));
        assertFalse(registry.findByIp("127.0.10.1").isPresent());

        configuration.delete();
        await().atMost(WAIT).until(() -> registry.get("desk-it"), Optional::isEmpty);
        assertFalse(registry.findByMac("0c383e100001").isPresent());
    }

    @Test
    public void aSecondConfigurationOfTheSameIdTakesOverWhenTheFirstIsDeleted() throws Exception {
        org.osgi.service.cm.Configuration first = configurationAdmin
                .getFactoryConfiguration("org.actionbridge.phone", "twin-a", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("id", "twin");
        properties.put("host", "127.0.10.4");
        first.update(properties);
        await().atMost(WAIT).until(() -> registry.get("twin"), Optional::isPresent);

        org.osgi.service.cm.Configuration second = configurationAdmin
                .getFactoryConfiguration("org.actionbridge.phone", "twin-b", "?");
        Dictionary<String, Object> other = new Hashtable<>();
        other.put("id", "twin");
        other.put("type", "intercom");
        other.put("host", "127.0.10.5");
        second.update(other);

        first.delete();
        await().atMost(WAIT).until(() -> registry.get("twin").map(t -> t.uid().toString()).orElse(""),
                "fanvil:intercom:twin"::equals);
        assertEquals("twin", registry.findByIp("127.0.10.5").map(Thing::id).orElse(""));
        second.delete();
        await().atMost(WAIT).until(() -> registry.get("twin"), Optional::isEmpty);
    }

    @Test
    public void invalidConfigurationShowsConfigurationError() throws Exception {
        org.osgi.service.cm.Configuration configuration = configurationAdmin
                .getFactoryConfiguration("org.actionbridge.phone", "broken-it", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("type", "fax");
        properties.put("mac", "not-a-mac");
        configuration.update(properties);

        Thing broken = await().atMost(WAIT).until(() -> registry.get("broken-it"), Optional::isPresent).get();
        assertEquals(ThingStatus.OFFLINE, broken.status().status());
        assertEquals(ThingStatusDetail.CONFIGURATION_ERROR, broken.status().detail());
        assertTrue(broken.status().message(), broken.status().message().contains("type 'fax'"));
        assertTrue(broken.status().message(), broken.status().message().contains("host is missing"));

        properties.put("type", "phone");
        properties.put("host", "127.0.10.3");
        properties.remove("mac");
        configuration.update(properties);
        await().atMost(WAIT).until(() -> registry.get("broken-it").map(t -> t.status().status()).orElse(null),
                ThingStatus.UNKNOWN::equals);
        configuration.delete();
        await().atMost(WAIT).until(() -> registry.get("broken-it"), Optional::isEmpty);
    }

    @Test
    public void stoppedTransportBundleFailsCommandsWithReasonAndComesBack() throws Exception {
        org.osgi.service.cm.Configuration configuration = configurationAdmin
                .getFactoryConfiguration("org.actionbridge.phone", "notransport-it", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("host", "127.0.10.4");
        properties.put("transport", "sip");
        configuration.update(properties);
        await().atMost(WAIT).until(() -> registry.get("notransport-it"), Optional::isPresent);
        Bundle sip = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().equals("org.actionbridge.sip")).findFirst().orElseThrow();

        sip.stop();
        try {
            CommandResult result = registry.submit(CommandRequest.of("notransport-it", "reboot", "", "test"))
                    .toCompletableFuture().get();
            assertEquals(Optional.of(CommandError.NO_TRANSPORT), result.error());
            assertTrue(result.message(), result.message().contains("'sip' transport is not running"));
            assertEquals("the rest keeps working", ThingStatus.UNKNOWN,
                    registry.get("notransport-it").get().status().status());
        } finally {
            sip.start();
        }
        await().atMost(WAIT).until(() -> context.getServiceReferences(CommandTransport.class,
                "(" + CommandTransport.NAME_PROPERTY + "=sip)").size() == 1);
        configuration.delete();
    }
}
