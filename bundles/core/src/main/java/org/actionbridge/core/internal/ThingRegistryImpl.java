package org.actionbridge.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.actionbridge.core.ChannelDefinition;
import org.actionbridge.core.ChannelKind;
import org.actionbridge.core.Channels;
import org.actionbridge.core.CommandRequest;
import org.actionbridge.core.CommandResult;
import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingEvents;
import org.actionbridge.core.ThingRegistry;
import org.actionbridge.core.ThingStatus;
import org.actionbridge.core.ThingStatusDetail;
import org.actionbridge.core.ThingStatusInfo;
import org.actionbridge.core.ThingType;
import org.actionbridge.core.ThingUID;
import org.actionbridge.protocol.MacAddress;
import org.actionbridge.protocol.ProtocolException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds every thing in memory, indexed by id, MAC and IP. Each thing's changes are serialised on its own
 * entry, so readers always see a consistent snapshot and events of one thing are posted in order.
 */
@Component(service = { ThingRegistry.class, ThingStore.class })
public final class ThingRegistryImpl implements ThingRegistry, ThingStore {

    private static final Duration SEEN_PRECISION = Duration.ofSeconds(1);

    private final Logger logger = LoggerFactory.getLogger(ThingRegistryImpl.class);
    private final Consumer<Event> events;
    private final Runnable stopEvents;
    private final CommandRouter router;
    private final Clock clock;

    private final Map<String, Entry> things = new ConcurrentHashMap<>();
    private final Map<String, String> ownerByPid = new ConcurrentHashMap<>();
    /** Configurations refused because another one owned their thing id, by that id, in the order they came. */
    private final Map<String, Map<String, Runnable>> waitingForId = new HashMap<>();
    private final Map<String, String> idByMac = new ConcurrentHashMap<>();
    private final Map<String, String> idByIp = new ConcurrentHashMap<>();

    @Activate
    public ThingRegistryImpl(@Reference EventAdmin eventAdmin, @Reference CommandRouter router) {
        this(new OrderedEventPoster(eventAdmin), router, Clock.systemUTC());
    }

    private ThingRegistryImpl(OrderedEventPoster poster, CommandRouter router, Clock clock) {
        this(poster::post, poster::stop, router, clock);
    }

    /** A registry handing its events to {@code events} directly (unit tests). */
    ThingRegistryImpl(EventAdmin eventAdmin, CommandRouter router, Clock clock) {
        this(eventAdmin::postEvent, () -> { }, router, clock);
    }

    private ThingRegistryImpl(Consumer<Event> events, Runnable stopEvents, CommandRouter router, Clock clock) {
        this.events = events;
        this.stopEvents = stopEvents;
        this.router = router;
        this.clock = clock;
    }

    /** A thing's mutable holder; its monitor serialises the thing's changes. */
    private static final class Entry {
        final String pid;
        volatile Thing snapshot;
        long sequence;

        Entry(String pid, Thing snapshot) {
            this.pid = pid;
            this.snapshot = snapshot;
        }
    }

    @Deactivate
    void deactivate() {
        stopEvents.run();
    }

    // ---- configuration side

    @Override
    public boolean put(String pid, PhoneConfiguration configuration) {
        return stopWaitingIfOwned(pid, upsert(pid, configuration.uid(), configuration.label(), Optional.of(configuration), null));
    }

    @Override
    public boolean putInvalid(String pid, String id, ThingType type, List<String> problems) {
        return stopWaitingIfOwned(pid, upsert(pid, new ThingUID(type, id), id, Optional.empty(),
                ThingStatusInfo.offline(ThingStatusDetail.CONFIGURATION_ERROR, String.join("; ", problems))));
    }

    /** A configuration that got a thing (perhaps under another id than before) waits for no other one. */
    private boolean stopWaitingIfOwned(String pid, boolean owned) {
        if (owned) {
            stopWaiting(pid);
        }
        return owned;
    }

    private void stopWaiting(String pid) {
        synchronized (waitingForId) {
            waitingForId.values().forEach(waiting -> waiting.remove(pid));
            waitingForId.values().removeIf(Map::isEmpty);
        }
    }

    private boolean upsert(String pid, ThingUID uid, String label, Optional<PhoneConfiguration> configuration,
            ThingStatusInfo invalidStatus) {
        String previousId = ownerByPid.get(pid);
        if (previousId != null && !previousId.equals(uid.id())) {
            removeOwned(pid); // the configuration renamed its thing: its old id is free for one waiting for it
            boolean added = upsert(pid, uid, label, configuration, invalidStatus);
            offerFreedId(previousId);
            return added;
        }
        Entry existing = things.get(uid.id());
        if (existing != null && !existing.pid.equals(pid)) {
            return false;
        }
        String host = configuration.map(PhoneConfiguration::host).orElse("");
        if (existing == null || !existing.snapshot.uid().equals(uid)) {
            if (existing != null) {
                removeOwned(pid); // type changed: channels differ, start afresh (the id stays this one's)
            }
            ThingStatusInfo status = invalidStatus != null ? invalidStatus : ThingStatusInfo.UNKNOWN;
            Thing thing = new Thing(uid, label, configuration, status, host, Map.of(), Optional.empty());
            Entry entry = new Entry(pid, thing);
            synchronized (entry) {
                if (things.putIfAbsent(uid.id(), entry) != null) {
                    return false;
                }
                ownerByPid.put(pid, uid.id());
                index(null, thing);
                post(ThingEvents.THING_ADDED, thing, Map.of(ThingEvents.STATUS, status.status().name()));
            }
            logger.info("Thing {} added ({})", uid, status);
            return true;
        }
        synchronized (existing) {
            Thing old = existing.snapshot;
            ThingStatusInfo status;
            if (invalidStatus != null) {
                status = invalidStatus;
            } else if (old.status().detail() == ThingStatusDetail.CONFIGURATION_ERROR
                    || old.status().detail() == ThingStatusDetail.AUTHENTICATION_ERROR
                            && !old.configuration().equals(configuration)) {
                // a new configuration (new credentials, perhaps) has not been refused yet
                status = ThingStatusInfo.UNKNOWN;
            } else {
                status = old.status();
            }
            boolean hostChanged = !old.configuration().map(PhoneConfiguration::host).orElse("").equals(host);
            String ip = hostChanged || old.ipAddress().isEmpty() ? host : old.ipAddress();
            Optional<Instant> lastSeen = old.lastSeen();
            if (hostChanged && invalidStatus == null) {
                // another address is another device until it answers: UNKNOWN and never heard from, which has the
                // liveness monitor try it at once instead of trusting what the old address said
                status = ThingStatusInfo.UNKNOWN;
                lastSeen = Optional.empty();
            }
            Thing thing = new Thing(uid, label, configuration, status, ip, old.states(), lastSeen);
            existing.snapshot = thing;
            index(old, thing);
            post(ThingEvents.THING_UPDATED, thing, Map.of(ThingEvents.STATUS, status.status().name()));
            if (!status.equals(old.status())) {
                postStatus(thing);
            }
        }
        logger.info("Thing {} updated ({})", uid, existing.snapshot.status());
        return true;
    }

    @Override
    public void remove(String pid) {
        stopWaiting(pid);
        removeOwned(pid).ifPresent(this::offerFreedId);
    }

    @Override
    public void whenFree(String id, String pid, Runnable retry) {
        synchronized (waitingForId) {
            waitingForId.computeIfAbsent(id, key -> new LinkedHashMap<>()).put(pid, retry);
        }
        if (!things.containsKey(id)) {
            offerFreedId(id); // freed meanwhile
        }
    }

    /** Lets the configurations waiting for {@code id} try again; the first to come takes it. */
    private void offerFreedId(String id) {
        Map<String, Runnable> waiting;
        synchronized (waitingForId) {
            waiting = waitingForId.remove(id);
        }
        if (waiting != null) {
            waiting.values().forEach(Runnable::run);
        }
    }

    /** Removes the thing owned by configuration {@code pid}; its id, if there was one. */
    private Optional<String> removeOwned(String pid) {
        String id = ownerByPid.remove(pid);
        if (id == null) {
            return Optional.empty();
        }
        Entry entry = things.get(id);
        if (entry == null || !entry.pid.equals(pid)) {
            return Optional.empty();
        }
        synchronized (entry) {
            things.remove(id, entry);
            index(entry.snapshot, null);
            post(ThingEvents.THING_REMOVED, entry.snapshot, Map.of());
        }
        logger.info("Thing {} removed", entry.snapshot.uid());
        return Optional.of(id);
    }

    // ---- lookups

    @Override
    public List<Thing> getAll() {
        List<Thing> all = new ArrayList<>(things.size());
        for (Entry entry : things.values()) {
            all.add(entry.snapshot);
        }
        all.sort(Comparator.comparing(Thing::id));
        return all;
    }

    @Override
    public Optional<Thing> get(String thingId) {
        if (thingId == null) {
            return Optional.empty();
        }
        Entry entry = things.get(thingId);
        return entry == null ? Optional.empty() : Optional.of(entry.snapshot);
    }

    @Override
    public Optional<Thing> findByMac(String mac) {
        if (mac == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(idByMac.get(MacAddress.parse(mac).value())).flatMap(this::get);
        } catch (ProtocolException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Thing> findByIp(String ip) {
        return ip == null ? Optional.empty() : Optional.ofNullable(idByIp.get(ip)).flatMap(this::get);
    }

    private void index(Thing old, Thing now) {
        Set<String> nowAddresses = now == null ? Set.of() : addresses(now);
        if (old != null) {
            old.configuration().flatMap(PhoneConfiguration::macAddress).ifPresent(mac -> idByMac.remove(mac, old.id()));
            for (String ip : addresses(old)) {
                if (!nowAddresses.contains(ip)) { // an address kept is never briefly missing from the index
                    idByIp.remove(ip, old.id());
                }
            }
        }
        if (now != null) {
            now.configuration().flatMap(PhoneConfiguration::macAddress).ifPresent(mac -> {
                String other = idByMac.putIfAbsent(mac, now.id());
                if (other != null && !other.equals(now.id())) {
                    logger.warn("Things {} and {} are configured with the same MAC {}; events go to {}", other,
                            now.id(), mac, other);
                }
            });
            for (String ip : nowAddresses) {
                idByIp.putIfAbsent(ip, now.id());
            }
        }
    }

    /**
     * The addresses a thing is found by: its last reported one and its configured host. Both: a phone that
     * reports another address than the one it sends from (an emulated phone's ip-change, a phone behind
     * NAT) must not lose its configured host.
     */
    private static Set<String> addresses(Thing thing) {
        Set<String> addresses = new LinkedHashSet<>(2);
        if (!thing.ipAddress().isEmpty()) {
            addresses.add(thing.ipAddress());
        }
        thing.configuration().map(PhoneConfiguration::host).filter(host -> !host.isEmpty()).ifPresent(addresses::add);
        return addresses;
    }

    // ---- device side

    @Override
    public boolean updateStates(String thingId, Map<String, String> states) {
        Entry entry = things.get(thingId);
        if (entry == null) {
            return false;
        }
        synchronized (entry) {
            if (things.get(thingId) != entry) {
                return false;
            }
            Thing old = entry.snapshot;
            // a value equal to the current one was checked when it was set: only changes are checked, all of
            // them before any is applied
            Map<String, String> changed = new LinkedHashMap<>();
            for (Map.Entry<String, String> state : states.entrySet()) {
                if (state.getValue() != null && state.getValue().equals(old.states().get(state.getKey()))) {
                    continue;
                }
                requireStateValue(old.type(), state.getKey(), state.getValue());
                changed.put(state.getKey(), state.getValue());
            }
            if (changed.isEmpty()) {
                return true;
            }
            Map<String, String> merged = new HashMap<>(old.states());
            merged.putAll(changed);
            String ip = changed.getOrDefault(Channels.IP_ADDRESS, old.ipAddress());
            Thing thing = new Thing(old.uid(), old.label(), old.configuration(), old.status(), ip, merged,
                    old.lastSeen());
            entry.snapshot = thing;
            if (!ip.equals(old.ipAddress())) {
                index(old, thing);
            }
            for (Map.Entry<String, String> change : changed.entrySet()) {
                Map<String, Object> properties = new HashMap<>();
                properties.put(ThingEvents.CHANNEL, change.getKey());
                properties.put(ThingEvents.VALUE, change.getValue());
                String previous = old.states().get(change.getKey());
                if (previous != null) {
                    properties.put(ThingEvents.PREVIOUS, previous);
                }
                post(ThingEvents.CHANNEL_STATE, thing, properties);
            }
        }
        return true;
    }

    private static void requireStateValue(ThingType type, String channelId, String value) {
        ChannelDefinition channel = Channels.find(type, channelId).filter(c -> c.kind() == ChannelKind.STATE)
                .orElseThrow(() -> new IllegalArgumentException(
                        "a " + type.id() + " has no state channel '" + channelId + "'"));
        channel.rejectValue(value).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
    }

    @Override
    public boolean fireEvent(String thingId, String event, Map<String, String> variables) {
        Entry entry = things.get(thingId);
        if (entry == null) {
            return false;
        }
        synchronized (entry) {
            if (things.get(thingId) != entry) {
                return false;
            }
            entry.sequence++;
            Map<String, Object> properties = new HashMap<>();
            properties.put(ThingEvents.CHANNEL, Channels.EVENT);
            properties.put(ThingEvents.EVENT, event);
            properties.put(ThingEvents.VARIABLES, Map.copyOf(variables));
            properties.put(ThingEvents.SEQUENCE, entry.sequence);
            properties.put(ThingEvents.TIMESTAMP, clock.millis());
            post(ThingEvents.CHANNEL_TRIGGER, entry.snapshot, properties);
        }
        return true;
    }

    @Override
    public void markSeen(String thingId) {
        seen(thingId, false);
    }

    /**
     * A phone heard from is ONLINE, except that its configuration stays invalid and, unless {@code commandWorked},
     * a refused login stays refused: an event or an open port does not prove the credentials that commands need.
     */
    private void seen(String thingId, boolean commandWorked) {
        Entry entry = things.get(thingId);
        if (entry == null) {
            return;
        }
        synchronized (entry) {
            Thing old = entry.snapshot;
            ThingStatusDetail detail = old.status().detail();
            boolean keep = detail == ThingStatusDetail.CONFIGURATION_ERROR
                    || detail == ThingStatusDetail.AUTHENTICATION_ERROR && !commandWorked;
            ThingStatusInfo status = keep ? old.status() : ThingStatusInfo.ONLINE;
            Instant now = clock.instant();
            // "last seen" to the second is all liveness needs; a busy phone must not cost a new snapshot per event
            if (status.equals(old.status()) && old.lastSeen().filter(seen -> seen.isAfter(now.minus(SEEN_PRECISION)))
                    .isPresent()) {
                return;
            }
            entry.snapshot = new Thing(old.uid(), old.label(), old.configuration(), status, old.ipAddress(),
                    old.states(), Optional.of(now));
            if (!status.equals(old.status())) {
                postStatus(entry.snapshot);
            }
        }
    }

    @Override
    public void updateStatus(String thingId, ThingStatusInfo status) {
        Entry entry = things.get(thingId);
        if (entry == null) {
            return;
        }
        synchronized (entry) {
            Thing old = entry.snapshot;
            if (old.status().detail() == ThingStatusDetail.CONFIGURATION_ERROR || status.equals(old.status())) {
                return;
            }
            entry.snapshot = new Thing(old.uid(), old.label(), old.configuration(), status, old.ipAddress(),
                    old.states(), status.status() == ThingStatus.ONLINE ? Optional.of(clock.instant()) : old.lastSeen());
            postStatus(entry.snapshot);
        }
        if (status.status() == ThingStatus.OFFLINE) {
            logger.warn("Thing {} is {}", entry.snapshot.uid(), status);
        }
    }

    // ---- commands

    @Override
    public CompletionStage<CommandResult> submit(CommandRequest request) {
        return router.route(request, get(request.thingId())).thenApply(result -> {
            if (result.ok()) {
                seen(request.thingId(), true);
            }
            postResult(result);
            return result;
        });
    }

    // ---- events

    private void postStatus(Thing thing) {
        ThingStatusInfo status = thing.status();
        post(ThingEvents.THING_STATUS, thing, Map.of(ThingEvents.STATUS, status.status().name(),
                ThingEvents.STATUS_DETAIL, status.detail().name(), ThingEvents.STATUS_MESSAGE, status.message()));
    }

    private void postResult(CommandResult result) {
        Map<String, Object> properties = new HashMap<>();
        CommandRequest request = result.request();
        properties.put(ThingEvents.COMMAND, request.command());
        properties.put(ThingEvents.VALUE, request.value());
        properties.put(ThingEvents.OK, result.ok());
        result.error().ifPresent(error -> properties.put(ThingEvents.ERROR, error.name()));
        properties.put(ThingEvents.MESSAGE, result.message());
        properties.put(ThingEvents.TRANSPORT, result.transport());
        properties.put(ThingEvents.DURATION_MS, result.duration().toMillis());
        properties.put(ThingEvents.CORRELATION, request.correlation());
        properties.put(ThingEvents.SOURCE, request.source());
        properties.put(ThingEvents.THING_ID, request.thingId());
        Optional<Thing> thing = get(request.thingId());
        if (thing.isPresent()) {
            post(ThingEvents.COMMAND_RESULT, thing.get(), properties);
        } else {
            events.accept(new Event(ThingEvents.COMMAND_RESULT, properties));
        }
    }

    private void post(String topic, Thing thing, Map<String, Object> extra) {
        // sized for the three thing properties too, so that adding them does not rehash (one post per change)
        Map<String, Object> properties = new HashMap<>((extra.size() + 3) * 4 / 3 + 1);
        properties.putAll(extra);
        properties.put(ThingEvents.THING_ID, thing.id());
        properties.put(ThingEvents.THING_UID, thing.uid().toString());
        properties.put(ThingEvents.THING_TYPE, thing.type().id());
        events.accept(new Event(topic, properties));
    }
}
