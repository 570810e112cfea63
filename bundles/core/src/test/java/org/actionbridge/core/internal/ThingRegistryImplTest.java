package org.actionbridge.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;

import org.actionbridge.core.Channels;
import org.actionbridge.core.CommandRequest;
import org.actionbridge.core.CommandResult;
import org.actionbridge.core.Delivery;
import org.actionbridge.core.CommandTransport;
import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingEvents;
import org.actionbridge.core.ThingStatus;
import org.actionbridge.core.ThingStatusDetail;
import org.actionbridge.core.ThingStatusInfo;
import org.actionbridge.core.ThingType;
import org.actionbridge.core.TransportMode;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class ThingRegistryImplTest {

    private final RecordingEventAdmin events = new RecordingEventAdmin();
    private final ThingRegistryImpl registry = new ThingRegistryImpl(events, new CommandRouter(),
            Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC));

    static PhoneConfiguration phone(String id, String host, String mac) {
        return new PhoneConfiguration(id, ThingType.PHONE, id, host, 80, false, mac, "admin", "pw",
                TransportMode.HTTP, 5060);
    }

    @Test
    void validConfigurationAddsThingWithUnknownStatus() {
        assertThat(registry.put("pid1", phone("desk1", "127.0.0.5", "0c383e000001"))).isTrue();

        Thing thing = registry.get("desk1").orElseThrow();
        assertThat(thing.uid().toString()).isEqualTo("fanvil:phone:desk1");
        assertThat(thing.status().status()).isEqualTo(ThingStatus.UNKNOWN);
        assertThat(thing.ipAddress()).isEqualTo("127.0.0.5");
        assertThat(events.onTopic(ThingEvents.THING_ADDED)).hasSize(1);
    }

    @Test
    void findsThingsByMacInAnyNotationAndByIp() {
        registry.put("pid1", phone("desk1", "127.0.0.5", "0c383e000001"));

        assertThat(registry.findByMac("0C:38:3E:00:00:01")).map(Thing::id).contains("desk1");
        assertThat(registry.findByMac("0c-38-3e-00-00-01")).map(Thing::id).contains("desk1");
        assertThat(registry.findByMac("garbage")).isEmpty();
        assertThat(registry.findByIp("127.0.0.5")).map(Thing::id).contains("desk1");
        assertThat(registry.findByIp("127.0.0.6")).isEmpty();
    }

    @Test
    void invalidConfigurationShowsOfflineConfigurationError() {
        registry.putInvalid("pid1", "bad", ThingType.PHONE, List.of("host is missing"));

        ThingStatusInfo status = registry.get("bad").orElseThrow().status();
        assertThat(status.status()).isEqualTo(ThingStatus.OFFLINE);
        assertThat(status.detail()).isEqualTo(ThingStatusDetail.CONFIGURATION_ERROR);
        assertThat(status.message()).isEqualTo("host is missing");
    }

    @Test
    void fixingConfigurationClearsConfigurationError() {
        registry.putInvalid("pid1", "desk1", ThingType.PHONE, List.of("host is missing"));
        registry.put("pid1", phone("desk1", "127.0.0.5", ""));

        assertThat(registry.get("desk1").orElseThrow().status()).isEqualTo(ThingStatusInfo.UNKNOWN);
        assertThat(events.onTopic(ThingEvents.THING_STATUS)).hasSize(1);
    }

    @Test
    void secondConfigurationWithSameIdIsRefused() {
        registry.put("pid1", phone("desk1", "127.0.0.5", ""));

        assertThat(registry.put("pid2", phone("desk1", "127.0.0.6", ""))).isFalse();
        assertThat(registry.get("desk1").orElseThrow().ipAddress()).isEqualTo("127.0.0.5");
    }

    @Test
    void aRefusedConfigurationTakesItsIdOnceTheOwnerIsRemoved() {
        registry.put("pid1", phone("desk1", "127.0.0.5", ""));
        List<String> retried = new ArrayList<>();
        assertThat(registry.put("pid2", phone("desk1", "127.0.0.6", ""))).isFalse();
        registry.whenFree("desk1", "pid2", () -> {
            retried.add("pid2");
            registry.put("pid2", phone("desk1", "127.0.0.6", ""));
        });
        assertThat(retried).as("not while pid1 owns it").isEmpty();

        registry.remove("pid1");

        assertThat(retried).containsExactly("pid2");
        assertThat(registry.get("desk1").orElseThrow().ipAddress()).isEqualTo("127.0.0.6");
    }

    @Test
    void renamingTheOwnerFreesTheIdButChangingItsTypeDoesNot() {
        registry.put("pid1", phone("desk1", "127.0.0.5", ""));
        List<String> retried = new ArrayList<>();
        registry.whenFree("desk1", "pid2", () -> retried.add("pid2"));

        registry.put("pid1", new PhoneConfiguration("desk1", ThingType.INTERCOM, "Door", "127.0.0.5", 80, false, "",
                "admin", "pw", TransportMode.HTTP, 5060));
        assertThat(retried).as("a type change keeps the id with its owner").isEmpty();

        registry.put("pid1", phone("desk2", "127.0.0.5", ""));
        assertThat(retried).containsExactly("pid2");
    }

    @Test
    void aWaitingConfigurationThatIsRemovedOrGetsAnotherIdIsNotCalledLater() {
        registry.put("pid1", phone("desk1", "127.0.0.5", ""));
        List<String> retried = new ArrayList<>();
        registry.whenFree("desk1", "pid2", () -> retried.add("pid2"));
        registry.whenFree("desk1", "pid3", () -> retried.add("pid3"));
        registry.remove("pid2");
        registry.put("pid3", phone("desk3", "127.0.0.7", ""));

        registry.remove("pid1");

        assertThat(retried).isEmpty();
    }

    @Test
    void removingConfigurationRemovesThingAndIndexes() {
        registry.put("pid1", phone("desk1", "127.0.0.5", "0c383e000001"));
        registry.remove("pid1");

        assertThat(registry.get("desk1")).isEmpty();
        assertThat(registry.findByMac("0c383e000001")).isEmpty();
        assertThat(registry.findByIp("127.0.0.5")).isEmpty();
        assertThat(events.onTopic(ThingEvents.THING_REMOVED)).hasSize(1);
    }

    @Test
    void changingTypeReplacesThingWithNewChannels() {
        registry.put("pid1", phone("door", "127.0.0.5", ""));
        registry.put("pid1", new PhoneConfiguration("door", ThingType.INTERCOM, "Door", "127.0.0.5", 80, false, "",
                "admin", "pw", TransportMode.HTTP, 5060));

        assertThat(registry.get("door").orElseThrow().uid().toString()).isEqualTo("fanvil:intercom:door");
        assertThat(registry.updateState("door", Channels.DOOR, "OPEN")).isTrue();
    }

    @Test
    void stateChangePostsValueAndPrevious() {
        registry.put("pid1", phone("desk1", "127.0.0.5", ""));
        registry.updateState("desk1", Channels.CALL_STATE, "RINGING");
        registry.updateState("desk1", Channels.CALL_STATE, "CONNECTED");

        List<Event> states = events.onTopic(ThingEvents.CHANNEL_STATE);
        assertThat(states).hasSize(2);
        assertThat(states.get(0).getProperty(ThingEvents.PREVIOUS)).isNull();
        assertThat(states.get(1).getProperty(ThingEvents.VALUE)).isEqualTo("CONNECTED");
        assertThat(states.get(1).getProperty(ThingEvents.PREVIOUS)).isEqualTo("RINGING");
        assertThat(states.get(1).getProperty(ThingEvents.THING_UID)).isEqualTo("fanvil:phone:desk1");
        assertThat(registry.get("desk1").orElseThrow().state(Channels.CALL_STATE)).contains("CONNECTED");
    }

    @Test
    void unchangedValuePostsNothing() {
        registry.put("pid1", phone("desk1", "127.0.0.5", ""));
        registry.updateState("desk1", Channels.DND, "ON");
        registry.updateState("desk1", Channels.DND, "ON");

        assertThat(events.onTopic(ThingEvents.CHANNEL_STATE)).hasSize(1);
    }

    @Test
    void badChannelOrValueIsRejectedAndNothingChanges() {
        registry.put("pid1", phone("desk1", "127.0.0.5", ""));

        assertThatThrownBy(() -> registry.updateStates("desk1", Map.of(Channels.DND, "ON", Channels.CALL_STATE, "PARTY")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PARTY");
        assertThatThrownBy(() -> registry.updateState("desk1", Channels.DOOR, "OPEN"))
                .hasMessageContaining("a phone has no state channel 'door'");
        assertThatThrownBy(() -> registry.updateState("desk1", Channels.MISSED_CALLS, "many"))
                .hasMessageContaining("not a whole number");
        assertThat(registry.get("desk1").orElseThrow().states()).isEmpty();
        assertThat(events.onTopic(ThingEvents.CHANNEL_STATE)).isEmpty();
    }

    @Test
    void aBatchWithABadValueChangesNothingEvenBesideUnchangedAndNewGoodOnes() {
        registry.put("pid1", phone("desk1", "127.0.0.5", ""));
        registry.updateState("desk1", Channels.DND, "ON");

        Map<String, String> batch = new LinkedHashMap<>();
        batch.put(Channels.DND, "ON");
        batch.put(Channels.MUTE, "ON");
        batch.put(Channels.CALL_STATE, "PARTY");
        assertThatThrownBy(() -> registry.updateStates("desk1", batch)).hasMessageContaining("PARTY");

        assertThat(registry.get("desk1").orElseThrow().states()).isEqualTo(Map.of(Channels.DND, "ON"));
        assertThat(events.onTopic(ThingEvents.CHANNEL_STATE)).hasSize(1);
    }

    @Test
    void updatesOfUnknownThingReturnFalse() {
        assertThat(registry.updateState("ghost", Channels.DND, "ON")).isFalse();
        assertThat(registry.fireEvent("ghost", "dnd_enabled", Map.of())).isFalse();
    }

    @Test
    void aReportedAddressIsFoundBesideTheConfiguredHost() {
        registry.put("pid1", phone("desk1", "127.0.0.5", ""));
        registry.updateState("desk1", Channels.IP_ADDRESS, "127.0.0.9");

        assertThat(registry.findByIp("127.0.0.9")).map(Thing::id).contains("desk1");
        assertThat(registry.findByIp("127.0.0.5")).as("the configured host still").map(Thing::id).contains("desk1");
        assertThat(registry.get("desk1").orElseThrow().ipAddress()).isEqualTo("127.0.0.9");

        registry.updateState("desk1", Channels.IP_ADDRESS, "127.0.0.10");
        assertThat(registry.findByIp("127.0.0.9")).as("the address reported before").isEmpty();
        assertThat(registry.findByIp("127.0.0.10")).map(Thing::id).contains("desk1");
        assertThat(registry.findByIp("127.0.0.5")).map(Thing::id).contains("desk1");

        registry.updateState("desk1", Channels.IP_ADDRESS, "127.0.0.5");
        assertThat(registry.findByIp("127.0.0.10")).isEmpty();
        assertThat(registry.findByIp("127.0.0.5")).as("back at its host").map(Thing::id).contains("desk1");
    }

    @Test
    void triggerEventsCarrySequenceVariablesAndTimestamp() {
        registry.put("pid1", phone("desk1", "127.0.0.5", ""));
        registry.fireEvent("desk1", "incoming_call", Map.of("remote", "1234"));
        registry.fireEvent("desk1", "call_established", Map.of());

        List<Event> triggers = events.onTopic(ThingEvents.CHANNEL_TRIGGER);
        assertThat(triggers).extracting(e -> e.getProperty(ThingEvents.SEQUENCE)).containsExactly(1L, 2L);
        assertThat(triggers.get(0).getProperty(ThingEvents.EVENT)).isEqualTo("incoming_call");
        assertThat(triggers.get(0).getProperty(ThingEvents.VARIABLES)).isEqualTo(Map.of("remote", "1234"));
        assertThat(triggers.get(0).getProperty(ThingEvents.TIMESTAMP))
                .isEqualTo(Instant.parse("2026-11-26T08:00:00Z").toEpochMilli());
        assertThat(triggers.get(0).getProperty(ThingEvents.CHANNEL)).isEqualTo(Channels.EVENT);
    }

    @Test
    void lastSeenIsKeptToTheSecondWithoutANewSnapshotPerEvent() {
        Instant[] now = { Instant.parse("2026-11-26T08:00:00Z") };
        Clock ticking = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        ThingRegistryImpl timed = new ThingRegistryImpl(new RecordingEventAdmin(), new CommandRouter(), ticking);
        timed.put("pid1", phone("desk1", "127.0.0.5", ""));
        timed.markSeen("desk1");
        Thing first = timed.get("desk1").orElseThrow();
        assertThat(first.lastSeen()).contains(now[0]);

        now[0] = now[0].plusMillis(900);
        timed.markSeen("desk1");
        assertThat(timed.get("desk1").orElseThrow()).isSameAs(first);

        now[0] = now[0].plusMillis(200);
        timed.markSeen("desk1");
        assertThat(timed.get("desk1").orElseThrow().lastSeen()).contains(now[0]);

        timed.updateStatus("desk1", ThingStatusInfo.offline(ThingStatusDetail.COMMUNICATION_ERROR, "no answer"));
        timed.markSeen("desk1"); // within the second, but the status changes: applied at once
        assertThat(timed.get("desk1").orElseThrow().status()).isEqualTo(ThingStatusInfo.ONLINE);
    }

    @Test
    void seenThingGoesOnlineAndOfflineWithReason() {
        registry.put("pid1", phone("desk1", "127.0.0.5", ""));
        registry.markSeen("desk1");
        assertThat(registry.get("desk1").orElseThrow().status()).isEqualTo(ThingStatusInfo.ONLINE);
        assertThat(registry.get("desk1").orElseThrow().lastSeen()).isPresent();

        registry.updateStatus("desk1", ThingStatusInfo.offline(ThingStatusDetail.COMMUNICATION_ERROR, "no answer"));
        assertThat(registry.get("desk1").orElseThrow().status().message()).isEqualTo("no answer");
        assertThat(events.onTopic(ThingEvents.THING_STATUS)).extracting(e -> e.getProperty(ThingEvents.STATUS))
                .containsExactly("ONLINE", "OFFLINE");
    }

    @Test
    void aRefusedLoginIsNotHiddenByEventsButByAWorkingCommandOrANewConfiguration() {
        CommandRouter router = new CommandRouter();
        ThingRegistryImpl withHttp = new ThingRegistryImpl(new RecordingEventAdmin(), router, Clock.systemUTC());
        router.addTransport(new CommandRouterTest.FakeTransport(Delivery.delivered("200")),
                Map.of(CommandTransport.NAME_PROPERTY, "http"));
        withHttp.put("pid1", phone("desk1", "127.0.0.5", ""));
        ThingStatusInfo refused = ThingStatusInfo.offline(ThingStatusDetail.AUTHENTICATION_ERROR, "HTTP 401");

        withHttp.updateStatus("desk1", refused);
        withHttp.markSeen("desk1"); // an event: the phone is there, the login still wrong
        assertThat(withHttp.get("desk1").orElseThrow().status()).isEqualTo(refused);
        assertThat(withHttp.get("desk1").orElseThrow().lastSeen()).isPresent();

        withHttp.submit(CommandRequest.of("desk1", "answer", "", "test")).toCompletableFuture().join();
        assertThat(withHttp.get("desk1").orElseThrow().status()).isEqualTo(ThingStatusInfo.ONLINE);

        withHttp.updateStatus("desk1", refused);
        withHttp.put("pid1", phone("desk1", "127.0.0.5", ""));
        assertThat(withHttp.get("desk1").orElseThrow().status()).as("the same configuration again").isEqualTo(refused);
        withHttp.put("pid1", new PhoneConfiguration("desk1", ThingType.PHONE, "desk1", "127.0.0.5", 80, false, "",
                "admin", "n3w-password", TransportMode.HTTP, 5060));
        assertThat(withHttp.get("desk1").orElseThrow().status()).isEqualTo(ThingStatusInfo.UNKNOWN);
    }

    @Test
    void configurationErrorIsNotHiddenByActivity() {
        registry.putInvalid("pid1", "bad", ThingType.PHONE, List.of("host is missing"));
        registry.markSeen("bad");
        registry.updateStatus("bad", ThingStatusInfo.ONLINE);

        assertThat(registry.get("bad").orElseThrow().status().detail()).isEqualTo(ThingStatusDetail.CONFIGURATION_ERROR);
    }

    @Test
    void getAllIsOrderedById() {
        registry.put("p2", phone("zeta", "127.0.0.2", ""));
        registry.put("p1", phone("alpha", "127.0.0.1", ""));

        assertThat(registry.getAll()).extracting(Thing::id).containsExactly("alpha", "zeta");
    }

    @Test
    void putInvalidSaysWhetherItTookTheId() {
        assertThat(registry.putInvalid("pid1", "bad", ThingType.PHONE, List.of("host is missing"))).isTrue();
        assertThat(registry.putInvalid("pid2", "bad", ThingType.PHONE, List.of("port is wrong"))).isFalse();
        assertThat(registry.get("bad").orElseThrow().status().message()).isEqualTo("host is missing");
    }

    @Test
    void updatingAConfigurationKeepsALiveStatusUnlessItMovesTheHost() {
        registry.put("pid1", phone("desk1", "127.0.0.5", ""));
        registry.updateStatus("desk1", ThingStatusInfo.ONLINE);
        int statusEvents = events.onTopic(ThingEvents.THING_STATUS).size();

        registry.put("pid1", new PhoneConfiguration("desk1", ThingType.PHONE, "Front desk", "127.0.0.5", 80, false, "",
                "admin", "pw", TransportMode.HTTP, 5060));
        assertThat(registry.get("desk1").orElseThrow().status()).isEqualTo(ThingStatusInfo.ONLINE);
        assertThat(registry.get("desk1").orElseThrow().label()).isEqualTo("Front desk");
        assertThat(events.onTopic(ThingEvents.THING_STATUS)).as("the status did not change").hasSize(statusEvents);

        assertThat(registry.put("pid1", new PhoneConfiguration("desk1", ThingType.PHONE, "Front desk", "127.0.0.6", 80,
                false, "", "admin", "pw", TransportMode.HTTP, 5060))).isTrue();

        // another address is another device until it answers: the liveness monitor tries it at once
        Thing thing = registry.get("desk1").orElseThrow();
        assertThat(thing.status()).isEqualTo(ThingStatusInfo.UNKNOWN);
        assertThat(thing.lastSeen()).isEmpty();
        assertThat(thing.ipAddress()).isEqualTo("127.0.0.6");
        assertThat(registry.findByIp("127.0.0.6")).map(Thing::id).contains("desk1");
        assertThat(registry.findByIp("127.0.0.5")).isEmpty();
        assertThat(events.onTopic(ThingEvents.THING_UPDATED)).hasSize(2);
        assertThat(events.onTopic(ThingEvents.THING_UPDATED).get(1).getProperty(ThingEvents.STATUS)).isEqualTo("UNKNOWN");
        assertThat(events.onTopic(ThingEvents.THING_STATUS)).hasSize(statusEvents + 1);
    }

    @Test
    void anAddressThePhoneReportedOutlivesAnUpdateThatKeepsTheHost() {
        registry.put("pid1", phone("desk1", "127.0.0.5", ""));
        registry.updateState("desk1", Channels.IP_ADDRESS, "127.0.0.9");

        registry.put("pid1", new PhoneConfiguration("desk1", ThingType.PHONE, "Renamed", "127.0.0.5", 80, false, "",
                "admin", "pw", TransportMode.HTTP, 5060));

        assertThat(registry.get("desk1").orElseThrow().ipAddress()).isEqualTo("127.0.0.9");
        assertThat(registry.findByIp("127.0.0.9")).map(Thing::id).contains("desk1");
    }

    @Test
    void anInvalidUpdateOfALiveThingShowsTheConfigurationError() {
        registry.put("pid1", phone("desk1", "127.0.0.5", ""));
        registry.updateStatus("desk1", ThingStatusInfo.ONLINE);

        assertThat(registry.putInvalid("pid1", "desk1", ThingType.PHONE, List.of("port is wrong"))).isTrue();

        assertThat(registry.get("desk1").orElseThrow().status().detail()).isEqualTo(ThingStatusDetail.CONFIGURATION_ERROR);
        assertThat(events.onTopic(ThingEvents.THING_STATUS)).extracting(e -> e.getProperty(ThingEvents.STATUS))
                .containsExactly("ONLINE", "OFFLINE");
    }

    @Test
    void aRemovedThingsMacAndAddressAreFreeForTheNextOne() {
        registry.put("pid1", phone("desk1", "127.0.0.5", "0c383e000001"));
        registry.remove("pid1");
        registry.put("pid2", phone("desk2", "127.0.0.5", "0c383e000001"));

        assertThat(registry.findByMac("0c383e000001")).map(Thing::id).contains("desk2");
        assertThat(registry.findByIp("127.0.0.5")).map(Thing::id).contains("desk2");
        registry.remove("pid1"); // already gone: changes nothing
        assertThat(registry.get("desk2")).isPresent();
    }

    @Test
    void knownThingsAcceptUnchangedStatesAndEvents() {
        registry.put("pid1", phone("desk1", "127.0.0.5", ""));
        assertThat(registry.updateState("desk1", Channels.DND, "ON")).isTrue();
        assertThat(registry.updateState("desk1", Channels.DND, "ON")).as("unchanged").isTrue();
        assertThat(registry.fireEvent("desk1", "dnd_enabled", Map.of())).isTrue();
    }

    @Test
    void statusChangesAreRecordedOnceAndOnlineCountsAsSeen() {
        registry.put("pid1", phone("desk1", "127.0.0.5", ""));
        registry.updateStatus("desk1", ThingStatusInfo.ONLINE);
        registry.updateStatus("desk1", ThingStatusInfo.ONLINE);

        assertThat(registry.get("desk1").orElseThrow().lastSeen()).contains(Instant.parse("2026-11-26T08:00:00Z"));
        assertThat(events.onTopic(ThingEvents.THING_STATUS)).hasSize(1);
        registry.updateStatus("ghost", ThingStatusInfo.ONLINE); // unknown: nothing to record
        assertThat(events.onTopic(ThingEvents.THING_STATUS)).hasSize(1);
    }

    @Test
    void everyCommandResultIsPostedWithItsThing() {
        registry.put("pid1", phone("desk1", "127.0.0.5", ""));

        CommandResult known = registry.submit(CommandRequest.of("desk1", "answer", "", "test")).toCompletableFuture()
                .join();
        CommandResult unknown = registry.submit(CommandRequest.of("ghost", "answer", "", "test")).toCompletableFuture()
                .join();

        assertThat(known.ok()).isFalse();
        assertThat(unknown.ok()).isFalse();
        List<Event> results = events.onTopic(ThingEvents.COMMAND_RESULT);
        assertThat(results).extracting(e -> e.getProperty(ThingEvents.THING_ID)).containsExactly("desk1", "ghost");
        assertThat(results.get(0).getProperty(ThingEvents.THING_UID)).isEqualTo("fanvil:phone:desk1");
        assertThat(results.get(1).getProperty(ThingEvents.THING_UID)).as("no such thing").isNull();
        assertThat(results).allSatisfy(e -> {
            assertThat(e.getProperty(ThingEvents.COMMAND)).isEqualTo("answer");
            assertThat(e.getProperty(ThingEvents.OK)).isEqualTo(false);
            assertThat(e.getProperty(ThingEvents.ERROR)).isNotNull();
            assertThat(e.getProperty(ThingEvents.SOURCE)).isEqualTo("test");
        });
        assertThat(registry.get("desk1").orElseThrow().lastSeen()).as("a failed command is no sign of life").isEmpty();
    }
}
