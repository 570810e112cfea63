package org.actionbridge.actionurl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.actionbridge.actionurl.InboxEntry;
import org.actionbridge.core.ThingRegistry;
import org.actionbridge.core.ThingStatusInfo;
import org.actionbridge.core.TransportMode;
import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.ThingType;
import org.actionbridge.core.ThingUID;
import org.actionbridge.core.Thing;
import org.actionbridge.core.testing.RecordingThingRegistry;
import org.actionbridge.core.testing.ConfigProxies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

class DiscoveryInboxImplTest {

    @TempDir
    Path directory;

    private final List<DiscoveryInboxImpl> inboxes = new ArrayList<>();
    private final List<Dictionary<String, Object>> written = new ArrayList<>();

    @AfterEach
    void stop() {
        inboxes.forEach(DiscoveryInboxImpl::deactivate);
    }

    private DiscoveryInboxImpl inbox(int capacity) {
        return inbox(capacity, new RecordingThingRegistry());
    }

    private DiscoveryInboxImpl inbox(int capacity, ThingRegistry registry) {
        ReceiverConfig config = ConfigProxies.of(ReceiverConfig.class,
                Map.of("token", "0123456789abcdefghij", "inboxCapacity", capacity));
        Configuration configuration = (Configuration) Proxy.newProxyInstance(Configuration.class.getClassLoader(),
                new Class<?>[] { Configuration.class }, (proxy, method, args) -> {
                    if (method.getName().equals("update") && args != null) {
                        @SuppressWarnings("unchecked")
                        Dictionary<String, Object> properties = (Dictionary<String, Object>) args[0];
                        written.add(properties);
                    }
                    return null;
                });
        ConfigurationAdmin configurationAdmin = (ConfigurationAdmin) Proxy.newProxyInstance(
                ConfigurationAdmin.class.getClassLoader(), new Class<?>[] { ConfigurationAdmin.class },
                (proxy, method, args) -> configuration);
        DiscoveryInboxImpl inbox = new DiscoveryInboxImpl(configurationAdmin, registry,
                new ReceiverSettings(null, config), store());
        inboxes.add(inbox);
        return inbox;
    }

    private Path store() {
        return directory.resolve(DiscoveryInboxImpl.STORE_FILE);
    }

    private void awaitStored(String text) {
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.isRegularFile(store())
                && Files.readString(store(), StandardCharsets.ISO_8859_1).contains(text));
    }

    @Test
    void entriesComeBackAfterARestart() {
        DiscoveryInboxImpl first = inbox(16);
        first.record("0c383e000001", "192.0.2.10", "X6U", "2.12.1", "setup_completed");
        first.record("0c383e000001", "192.0.2.10", "", "", "registration_succeeded");
        first.record("", "192.0.2.11", "i20S", "", "door_opened");
        awaitStored("ip\\:192.0.2.11");
        List<InboxEntry> before = first.entries();

        DiscoveryInboxImpl second = inbox(16);

        assertThat(second.entries()).isEqualTo(before);
        InboxEntry phone = second.entries().stream().filter(e -> e.mac().equals("0c383e000001")).findFirst()
                .orElseThrow();
        assertThat(phone.requests()).isEqualTo(2);
        assertThat(phone.model()).isEqualTo("X6U");
        assertThat(phone.lastEvent()).isEqualTo("registration_succeeded");
    }

    @Test
    void approvalIsRememberedToo() {
        DiscoveryInboxImpl first = inbox(16);
        first.record("0c383e000002", "192.0.2.12", "X4U", "", "setup_completed");
        first.record("0c383e000003", "192.0.2.13", "X4U", "", "setup_completed");
        awaitStored("0c383e000003");

        assertThat(first.approve("0c:38:3e:00:00:02", "desk2")).isEqualTo("desk2");
        assertThat(written).hasSize(1);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !Files.readString(store(), StandardCharsets.ISO_8859_1).contains("0c383e000002"));

        assertThat(inbox(16).entries()).extracting(InboxEntry::key).containsExactly("0c383e000003");
    }

    @Test
    void aBurstOfRequestsIsWrittenOnceDeactivationWritesWhatIsPending() throws Exception {
        DiscoveryInboxImpl first = inbox(16);
        for (int i = 0; i < 1000; i++) {
            first.record("0c383e000004", "192.0.2.14", "X3", "", "mwi");
        }
        first.deactivate(); // before the delayed write: the last state is written now
        inboxes.remove(first);

        assertThat(inbox(16).entries()).singleElement().extracting(InboxEntry::requests).isEqualTo(1000L);
    }

    @Test
    void loadingKeepsTheMostRecentEntriesUpToTheCapacity() {
        DiscoveryInboxImpl first = inbox(16);
        for (int i = 0; i < 10; i++) {
            first.record(String.format("0c383e0001%02d", i), "192.0.2." + (20 + i), "", "", "setup_completed");
        }
        awaitStored("0c383e000109");

        DiscoveryInboxImpl smaller = inbox(3);

        assertThat(smaller.entries()).extracting(InboxEntry::key).containsExactly("0c383e000109", "0c383e000108",
                "0c383e000107");
    }

    @Test
    void aDamagedOrOversizedFileStartsAnEmptyOrPartialInbox() throws Exception {
        Files.writeString(store(), "count=3\nentry.0.key=0c383e000005\nentry.0.firstSeen=oops\n"
                + "entry.1.key=0c383e000006\nentry.1.ip=192.0.2.6\nentry.1.firstSeen=2026-11-26T10:00:00Z\nentry.1.lastSeen=2026-11-26T10:00:01Z\n"
                + "count=99999999\n\\u12", StandardCharsets.ISO_8859_1);
        assertThat(inbox(16).entries()).isEmpty(); // malformed \\u escape: the file is not read at all

        Files.writeString(store(), "count=99999999\nentry.0.key=0c383e000005\nentry.0.firstSeen=oops\n"
                + "entry.1.key=0c383e000006\nentry.1.ip=192.0.2.6\nentry.1.firstSeen=2026-11-26T10:00:00Z\nentry.1.lastSeen=2026-11-26T10:00:01Z\n",
                StandardCharsets.ISO_8859_1);
        assertThat(inbox(16).entries()).extracting(InboxEntry::key).containsExactly("0c383e000006");

        Files.write(store(), new byte[(int) InboxStore.MAX_FILE_BYTES + 1]);
        assertThat(inbox(16).entries()).isEmpty();
    }

    @Test
    void withoutAStoreTheInboxLivesInMemory() {
        DiscoveryInboxImpl memoryOnly = new DiscoveryInboxImpl(null, new RecordingThingRegistry(),
                new ReceiverSettings(null, (ReceiverConfig) Proxy.newProxyInstance(ReceiverConfig.class.getClassLoader(),
                        new Class<?>[] { ReceiverConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                            case "token" -> "0123456789abcdefghij";
                            default -> method.getDefaultValue();
                        })));
        memoryOnly.record("0c383e000007", "192.0.2.7", "", "", "mwi");
        memoryOnly.deactivate();
        assertThat(memoryOnly.entries()).hasSize(1);
    }

    @Test
    void aLaterRequestKeepsWhatItDoesNotSayAndTheOldestEntryMakesRoom() {
        DiscoveryInboxImpl inbox = inbox(2);
        inbox.record("0c383e000011", "192.0.2.21", "X6U", "2.12.1", "setup_completed");
        inbox.record("0c383e000011", "192.0.2.22", "", "", "ip_changed");
        InboxEntry entry = inbox.entries().get(0);
        assertThat(entry.model()).isEqualTo("X6U");
        assertThat(entry.firmware()).isEqualTo("2.12.1");
        assertThat(entry.ip()).isEqualTo("192.0.2.22");
        assertThat(entry.requests()).isEqualTo(2);
        assertThat(entry.lastSeen()).isAfterOrEqualTo(entry.firstSeen());

        inbox.record("0c383e000011", "192.0.2.22", "X6U", "2.12.2", "setup_completed");
        assertThat(inbox.entries().get(0).firmware()).as("a newer firmware replaces the old").isEqualTo("2.12.2");

        inbox.record("", "192.0.2.23", "", "", "dnd_enabled");
        inbox.record("0c383e000012", "192.0.2.24", "X4U", "", "setup_completed");
        assertThat(inbox.entries()).extracting(InboxEntry::key).containsExactlyInAnyOrder("ip:192.0.2.23",
                "0c383e000012");
    }

    @Test
    void approvalWritesAPhoneOrIntercomConfigurationWithADerivedOrGivenId() {
        DiscoveryInboxImpl inbox = inbox(16);
        inbox.record("0c383e000021", "192.0.2.31", "X6U", "", "setup_completed");
        inbox.record("", "192.0.2.32", "Fanvil i20S", "", "door_opened");
        inbox.record("0c383e000023", "192.0.2.33", "", "", "dnd_enabled");

        assertThat(inbox.approve("0C-38-3E-00-00-21", "  ")).isEqualTo("fanvil-0c383e000021");
        assertThat(inbox.approve("IP:192.0.2.32", null)).isEqualTo("fanvil-192-0-2-32");
        assertThat(inbox.approve(" 0c383e000023 ", "hall")).isEqualTo("hall");

        assertThat(written).hasSize(3);
        assertThat(written.get(0).get("type")).isEqualTo("phone");
        assertThat(written.get(0).get("mac")).isEqualTo("0c383e000021");
        assertThat(written.get(0).get("label")).isEqualTo("X6U fanvil-0c383e000021");
        assertThat(written.get(1).get("type")).isEqualTo("intercom");
        assertThat(written.get(1).get("host")).isEqualTo("192.0.2.32");
        assertThat(written.get(1).get("mac")).as("no MAC known").isNull();
        assertThat(written.get(2).get("label")).as("no model known").isNull();
        assertThat(inbox.entries()).isEmpty();
    }

    private static Thing configured(String id, String host, String mac) {
        return new Thing(new ThingUID(ThingType.PHONE, id), id,
                Optional.of(new PhoneConfiguration(id, ThingType.PHONE, id, host, 80, false, mac, "admin", "pw",
                        TransportMode.HTTP, 5060)),
                ThingStatusInfo.UNKNOWN, host, Map.of(), Optional.empty());
    }

    @Test
    void aPhoneConfiguredByHandSinceItCalledLeavesTheInboxAndCannotBeApprovedTwice() {
        RecordingThingRegistry registry = new RecordingThingRegistry(configured("man", "192.0.2.51", "0c:38:3e:00:00:fb"),
                configured("door", "192.0.2.52", ""));
        DiscoveryInboxImpl inbox = inbox(16, registry);
        inbox.record("0c383e0000fb", "192.0.2.51", "X6U", "", "setup_completed");
        inbox.record("", "192.0.2.52", "i20S", "", "door_opened");
        inbox.record("0c383e0000fc", "192.0.2.53", "X6U", "", "setup_completed");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> inbox.approve("0c383e0000fb", "man2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already configured as thing 'man'");
        assertThat(written).as("no second configuration for the same phone").isEmpty();
        assertThat(inbox.entries()).extracting(InboxEntry::key).containsExactly("0c383e0000fc");
    }

    @Test
    void approvalRefusesAnUnknownEntryAndABadId() {
        DiscoveryInboxImpl inbox = inbox(16);
        inbox.record("0c383e000031", "192.0.2.41", "X6U", "", "setup_completed");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> inbox.approve("0c383e000099", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> inbox.approve("0c383e000031", "bad id!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bad id!'");
        assertThat(written).isEmpty();
        assertThat(inbox.entries()).hasSize(1);
    }

    @Test
    void intercomsAreTheISeries() {
        for (String model : new String[] { "i10", "I20S", "Fanvil i33V", "FANVIL  i16SV", " i5 " }) {
            assertThat(DiscoveryInboxImpl.isIntercomModel(model)).as(model).isTrue();
        }
        for (String model : new String[] { "X6U", "i", "iX", "", "Fanvil", "Fanvil X4", "Ai10" }) {
            assertThat(DiscoveryInboxImpl.isIntercomModel(model)).as(model).isFalse();
        }
    }
}
