package org.actionbridge.core.testing;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.actionbridge.core.CommandRequest;
import org.actionbridge.core.CommandResult;
import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingRegistry;
import org.actionbridge.core.ThingStatusInfo;

/**
 * A {@link ThingRegistry} for tests: holds the things it is given and records every status reported to
 * it; the other changes are accepted for a known thing and otherwise ignored. Override a method to hold
 * up, observe or ignore that call.
 */
public class RecordingThingRegistry implements ThingRegistry {

    private final List<Thing> things;
    private final List<Map.Entry<String, ThingStatusInfo>> statuses = new CopyOnWriteArrayList<>();

    /** A registry knowing {@code things} (none: every lookup is empty). */
    public RecordingThingRegistry(Thing... things) {
        this.things = Arrays.stream(things).sorted(Comparator.comparing(Thing::id)).toList();
    }

    /** Every status reported so far, in order, with the id of its thing. */
    public List<Map.Entry<String, ThingStatusInfo>> statuses() {
        return List.copyOf(statuses);
    }

    /** The status last reported for {@code thingId}, if any. */
    public Optional<ThingStatusInfo> last(String thingId) {
        ThingStatusInfo found = null;
        for (Map.Entry<String, ThingStatusInfo> entry : statuses) {
            if (entry.getKey().equals(thingId)) {
                found = entry.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public List<Thing> getAll() {
        return things;
    }

    @Override
    public Optional<Thing> get(String thingId) {
        return things.stream().filter(thing -> thing.id().equals(thingId)).findFirst();
    }

    /** A configured thing with this MAC (in any notation). */
    @Override
    public Optional<Thing> findByMac(String mac) {
        String wanted = hexDigits(mac);
        return things.stream().filter(thing -> thing.configuration()
                .map(c -> !c.mac().isEmpty() && hexDigits(c.mac()).equals(wanted)).orElse(false)).findFirst();
    }

    private static String hexDigits(String mac) {
        return mac == null ? "" : mac.replaceAll("[^0-9A-Fa-f]", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** A configured thing whose host is {@code ip}. */
    @Override
    public Optional<Thing> findByIp(String ip) {
        return things.stream().filter(thing -> thing.configuration().map(c -> c.host().equals(ip)).orElse(false))
                .findFirst();
    }

    /** Changes nothing; true when the thing is known. */
    @Override
    public boolean updateStates(String thingId, Map<String, String> states) {
        return get(thingId).isPresent();
    }

    /** Posts nothing; true when the thing is known. */
    @Override
    public boolean fireEvent(String thingId, String event, Map<String, String> variables) {
        return get(thingId).isPresent();
    }

    @Override
    public void markSeen(String thingId) {
    }

    /** Records the status; see {@link #statuses()} and {@link #last(String)}. */
    @Override
    public void updateStatus(String thingId, ThingStatusInfo status) {
        statuses.add(Map.entry(thingId, status));
    }

    /** A stage that never completes: no command reaches a transport. */
    @Override
    public CompletionStage<CommandResult> submit(CommandRequest request) {
        return new CompletableFuture<>();
    }
}
