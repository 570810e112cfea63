package org.actionbridge.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The things ActionBridge knows, with their status and channel states. Things are created, changed and
 * removed by their Config Admin configurations (factory PID {@code org.actionbridge.phone}); other
 * bundles find them here, report what their devices said, and submit commands. Every change is posted
 * on EventAdmin under the topics of {@link ThingEvents}.
 */
@ProviderType
public interface ThingRegistry {

    /** A snapshot of every thing, ordered by id. */
    List<Thing> getAll();

    /** The thing whose UID has the id part {@code thingId}. */
    Optional<Thing> get(String thingId);

    /** The thing configured with this MAC; any usual notation is accepted ({@code 0c:38:..}, {@code 0C38..}). */
    Optional<Thing> findByMac(String mac);

    /** The thing known by this IP address (its configured host, or its last reported address). */
    Optional<Thing> findByIp(String ip);

    /**
     * Sets state channels of a thing; values that did not change post nothing. Setting
     * {@link Channels#IP_ADDRESS} also changes the address the thing is found by.
     *
     * @return false when there is no such thing (it was removed meanwhile)
     * @throws IllegalArgumentException when a channel is not a state channel of the thing's type or a
     *             value does not fit it; nothing is changed then
     */
    boolean updateStates(String thingId, Map<String, String> states);

    /** Sets one state channel; see {@link #updateStates(String, Map)}. */
    default boolean updateState(String thingId, String channelId, String value) {
        return updateStates(thingId, Map.of(channelId, value));
    }

    /**
     * Fires the {@link Channels#EVENT} trigger with an Action URL event's wire name and its variables
     * (query names without {@code $}).
     *
     * @return false when there is no such thing
     */
    boolean fireEvent(String thingId, String event, Map<String, String> variables);

    /**
     * Records that the device was heard from just now (a valid event, a probe that answered): the thing becomes
     * ONLINE unless its configuration is invalid or the device refused its login (AUTHENTICATION_ERROR stays
     * until a command succeeds or the configuration changes).
     */
    void markSeen(String thingId);

    /** Sets a thing's status; a thing with an invalid configuration keeps its CONFIGURATION_ERROR. */
    void updateStatus(String thingId, ThingStatusInfo status);

    /**
     * Validates a command and routes it to the transport the thing's configuration names. Never
     * completes exceptionally: every failure is a result with its error, also posted on
     * {@link ThingEvents#COMMAND_RESULT}.
     */
    CompletionStage<CommandResult> submit(CommandRequest request);
}
