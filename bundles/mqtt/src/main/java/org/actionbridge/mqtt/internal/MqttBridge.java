package org.actionbridge.mqtt.internal;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.actionbridge.core.ChannelDefinition;
import org.actionbridge.core.ChannelKind;
import org.actionbridge.core.ChannelValueType;
import org.actionbridge.core.Channels;
import org.actionbridge.core.CommandError;
import org.actionbridge.core.CommandRequest;
import org.actionbridge.core.CommandResult;
import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingEvents;
import org.actionbridge.core.ThingRegistry;
import org.actionbridge.core.ThingStatus;
import org.actionbridge.core.ThingType;
import org.actionbridge.core.ThingUID;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bridges the things to MQTT: every thing event of the core becomes a message on the topics of DESIGN.md,
 * and commands published on {@code {base}/{thing}/{command}/set} are validated and submitted to the core,
 * their results published on {@code {base}/{thing}/command/result}. EventAdmin's thread only puts events
 * in a bounded queue; one named thread turns them into publications. While the broker is connected and
 * behind, that thread waits for room in the link instead of dropping, the queue fills, and EventAdmin's
 * thread waits (at most {@value #HANDOVER_WAIT_MILLIS} ms, then the event is dropped and counted): the
 * core's poster then makes the receiver answer 503. A change of configuration makes SCR
 * deactivate and activate the bridge, so it reconnects with the new settings.
 */
@Component(service = EventHandler.class, immediate = true, configurationPid = MqttBridge.PID,
        property = EventConstants.EVENT_TOPIC + "=" + ThingEvents.TOPIC_PREFIX + "*")
@Designate(ocd = MqttConfig.class)
public final class MqttBridge implements EventHandler, BrokerLink.Owner {

    static final String PID = "org.actionbridge.mqtt";
    static final String SOURCE = "mqtt";
    static final int MAX_PAYLOAD = 1024;
    static final int EVENT_QUEUE = 10_000;
    /** Below EventAdmin's default handler timeout (5 s), past which it would deny-list the bridge. */
    static final long HANDOVER_WAIT_MILLIS = 1_000;

    private final Logger logger = LoggerFactory.getLogger(MqttBridge.class);
    private final ThingRegistry registry;
    /** False when disabled, or not started because the configuration has bad values. */
    private final boolean running;
    private final Topics topics;
    private final int qos;
    private final Optional<HomeAssistantDiscovery> discovery;
    private final BlockingQueue<Event> events = new ArrayBlockingQueue<>(EVENT_QUEUE);
    private final AtomicLong droppedEvents = new AtomicLong();
    /** Set when a hand-over timed out; until the queue is half empty again, events are dropped without waiting. */
    private volatile boolean overflowing;
    /** Retained topics published with a value, so that those an earlier run left behind can be cleared. */
    private final RetainedTopicRecord retainedTopics;
    private final ScheduledExecutorService connector;
    private final Thread worker;
    private final BrokerLink link;
    /** Present while the embedded broker runs here: it loses the retain flag of live set messages. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile RetainedPublicationWatch retainedWatch;

    @Activate
    public MqttBridge(@Reference ThingRegistry registry, MqttConfig config, BundleContext context) {
        this.registry = registry;
        boolean enabled = config.enabled();
        List<String> problems = enabled ? MqttConfigCheck.problems(config) : List.of();
        this.running = enabled && problems.isEmpty();
        if (!running) {
            if (enabled) {
                // not an exception: Declarative Services would log it with a stack trace on every edit of the file
                logger.warn("{}", MqttConfigCheck.refusal(problems));
            } else {
                logger.info("MQTT bridge disabled (enabled = false in etc/{}.cfg)", PID);
            }
            this.topics = null;
            this.qos = 0;
            this.discovery = Optional.empty();
            this.connector = null;
            this.worker = null;
            this.link = null;
            this.retainedTopics = null;
            return;
        }
        this.topics = new Topics(config.baseTopic());
        this.qos = config.qos();
        this.discovery = config.homeAssistantDiscovery()
                ? Optional.of(new HomeAssistantDiscovery(config.discoveryPrefix(), topics, qos))
                : Optional.empty();
        List<String> subscriptions = new ArrayList<>();
        String group = config.sharedSubscriptionGroup().trim();
        subscriptions.add(group.isEmpty() ? topics.setFilter() : "$share/" + group + "/" + topics.setFilter());
        discovery.ifPresent(d -> subscriptions.add(d.statusTopic()));
        BrokerLink.Settings settings = new BrokerLink.Settings(config.brokerUrl().trim(),
                config.clientId().isBlank() ? "actionbridge" : config.clientId().trim(), config.username().trim(),
                config.password(), Math.max(5, config.keepAliveSeconds()), Math.max(1, config.connectTimeoutSeconds()),
                Math.max(1, config.maxInflight()),
                Math.max(1, config.bufferSize()), Math.max(10, config.reconnectMinDelayMillis()),
                Math.max(100, config.reconnectMaxDelayMillis()), config.trustStore().trim(),
                config.trustStorePassword(), config.trustStoreType().trim(), config.hostnameVerification(),
                Publication.state(topics.bridgeAvailability(), Topics.OFFLINE, Math.max(1, qos)),
                List.copyOf(subscriptions));
        this.connector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "actionbridge-mqtt-connect");
            thread.setDaemon(true);
            return thread;
        });
        File record = context.getDataFile("retained-topics.txt");
        this.retainedTopics = new RetainedTopicRecord(record == null ? null : record.toPath());
        this.link = new BrokerLink(settings, this, connector);
        this.worker = new Thread(this::work, "actionbridge-mqtt-events");
        this.worker.setDaemon(true);
        this.worker.start();
        link.start();
        logger.info("MQTT bridge starting: {}, base topic '{}', QoS {}, Home Assistant discovery {}", settings,
                topics.base(), qos, discovery.isPresent() ? "on" : "off");
    }

    @Deactivate
    void deactivate() {
        if (!running) {
            return;
        }
        worker.interrupt();
        try {
            worker.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.close(Publication.state(topics.bridgeAvailability(), Topics.OFFLINE, Math.max(1, qos)));
        retainedTopics.close();
        connector.shutdownNow();
        try {
            connector.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (droppedEvents.get() > 0) {
            logger.warn("MQTT bridge dropped {} thing events because its queue was full", droppedEvents.get());
        }
    }

    // ---- from the core

    @Override
    public void handleEvent(Event event) {
        if (!running) {
            return;
        }
        if (events.offer(event)) {
            return;
        }
        try {
            // a broker that is connected but stalled must not hold every event for a second
            if (!overflowing && events.offer(event, HANDOVER_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        overflowing = true;
        long dropped = droppedEvents.incrementAndGet();
        if (dropped == 1 || dropped % 1000 == 0) {
            logger.warn("MQTT bridge event queue full ({}) for {} ms: dropped {} so far", EVENT_QUEUE,
                    HANDOVER_WAIT_MILLIS, dropped);
        }
    }

    private void work() {
        while (!Thread.currentThread().isInterrupted()) {
            Event event;
            try {
                link.awaitRoom();
                event = events.take();
                if (overflowing && events.size() < EVENT_QUEUE / 2) {
                    overflowing = false;
                }
            } catch (InterruptedException e) {
                return;
            }
            try {
                translate(event);
            } catch (RuntimeException e) {
                logger.warn("Could not bridge {}: {}", event.getTopic(), e.toString());
            }
        }
    }

    private void translate(Event event) {
        String thingId = String.valueOf(event.getProperty(ThingEvents.THING_ID));
        if (!ThingUID.isValidId(thingId)) {
            return;
        }
        switch (event.getTopic()) {
            case ThingEvents.THING_ADDED, ThingEvents.THING_UPDATED -> registry.get(thingId)
                    .ifPresent(thing -> sendAll(thingState(thing)));
            case ThingEvents.THING_REMOVED -> sendAll(removal(thingId, event));
            case ThingEvents.THING_STATUS -> send(Publication.state(topics.availability(thingId),
                    availability(String.valueOf(event.getProperty(ThingEvents.STATUS))), qos));
            case ThingEvents.CHANNEL_STATE -> {
                String channel = String.valueOf(event.getProperty(ThingEvents.CHANNEL));
                Object value = event.getProperty(ThingEvents.VALUE);
                send(Publication.state(topics.channel(thingId, channel), value == null ? "" : value.toString(),
                        qos));
                if (discovery.isPresent() && (Channels.MODEL.equals(channel) || Channels.FIRMWARE.equals(channel))) {
                    registry.get(thingId).ifPresent(thing -> sendAll(discovery.get().configs(thing)));
                }
            }
            case ThingEvents.CHANNEL_TRIGGER -> send(Publication.message(topics.event(thingId),
                    eventJson(event), qos));
            case ThingEvents.COMMAND_RESULT -> {
                // results of MQTT commands are published from their completion, with the correlation data
                if (!SOURCE.equals(event.getProperty(ThingEvents.SOURCE))) {
                    send(Publication.message(topics.commandResult(thingId), resultJson(event), qos));
                }
            }
            default -> {
                // not ours
            }
        }
    }

    static String availability(String status) {
        return ThingStatus.OFFLINE.name().equals(status) ? Topics.OFFLINE : Topics.ONLINE;
    }

    private void send(Publication publication) {
        if (publication.retained()) { // events, the hottest path, never need the record's lock
            retainedTopics.remember(List.of(publication));
        }
        link.publish(publication);
    }

    private void sendAll(List<Publication> publications) {
        retainedTopics.remember(publications);
        link.publishAll(publications);
    }

    private List<Publication> thingState(Thing thing) {
        List<Publication> out = new ArrayList<>();
        out.add(Publication.state(topics.availability(thing.id()), availability(thing.status().status().name()), qos));
        for (ChannelDefinition channel : Channels.of(thing.type()).values()) {
            if (channel.kind() == ChannelKind.STATE) {
                thing.state(channel.id())
                        .ifPresent(value -> out.add(Publication.state(topics.channel(thing.id(), channel.id()), value, qos)));
            }
        }
        discovery.ifPresent(d -> out.addAll(d.configs(thing)));
        return out;
    }

    /**
     * Clears the retained topics of a removed thing that hold a value. Only those: on Artemis an empty retained
     * message to a topic that never had one leaves an empty retain queue behind for good (about 23 a thing,
     * found by a churn audit as heap that never came back).
     */
    private List<Publication> removal(String thingId, Event event) {
        ThingType type = ThingType.fromId(String.valueOf(event.getProperty(ThingEvents.THING_TYPE)))
                .orElse(ThingType.INTERCOM); // the larger set of channels
        List<Publication> candidates = new ArrayList<>();
        discovery.ifPresent(d -> candidates.addAll(d.removals(thingId, type)));
        for (ChannelDefinition channel : Channels.of(type).values()) {
            if (channel.kind() == ChannelKind.STATE) {
                candidates.add(Publication.state(topics.channel(thingId, channel.id()), "", qos));
            }
        }
        candidates.add(Publication.state(topics.availability(thingId), "", qos));
        List<Publication> out = new ArrayList<>();
        for (Publication publication : candidates) {
            if (retainedTopics.hadValue(publication.topic())) {
                out.add(publication);
            }
        }
        retainedTopics.forget(out.stream().map(Publication::topic).toList());
        return out;
    }

    static String eventJson(Event event) {
        // written directly: this runs for every event; the variables are sorted by name for a stable payload
        StringBuilder out = new StringBuilder(512);
        out.append("{\"event\":");
        Json.string(out, String.valueOf(event.getProperty(ThingEvents.EVENT)));
        out.append(",\"ts\":").append(number(event.getProperty(ThingEvents.TIMESTAMP)).longValue());
        out.append(",\"seq\":").append(number(event.getProperty(ThingEvents.SEQUENCE)).longValue());
        out.append(",\"vars\":{");
        if (event.getProperty(ThingEvents.VARIABLES) instanceof Map<?, ?> map && !map.isEmpty()) {
            List<Map.Entry<String, String>> vars = new ArrayList<>(map.size());
            map.forEach((k, v) -> vars.add(Map.entry(String.valueOf(k), String.valueOf(v))));
            vars.sort(Map.Entry.comparingByKey());
            for (int i = 0; i < vars.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                Json.string(out, vars.get(i).getKey());
                out.append(':');
                Json.string(out, vars.get(i).getValue());
            }
        }
        return out.append("}}").toString();
    }

    private static Long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0L;
    }

    private static String resultJson(Event event) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("thing", event.getProperty(ThingEvents.THING_ID));
        json.put("command", event.getProperty(ThingEvents.COMMAND));
        json.put("ok", Boolean.TRUE.equals(event.getProperty(ThingEvents.OK)));
        json.put("error", event.getProperty(ThingEvents.ERROR));
        json.put("message", event.getProperty(ThingEvents.MESSAGE));
        json.put("transport", event.getProperty(ThingEvents.TRANSPORT));
        json.put("correlation", event.getProperty(ThingEvents.CORRELATION));
        json.put("durationMs", number(event.getProperty(ThingEvents.DURATION_MS)));
        json.put("source", event.getProperty(ThingEvents.SOURCE));
        return Json.write(json);
    }

    static String resultJson(CommandResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        CommandRequest request = result.request();
        json.put("thing", request.thingId());
        json.put("command", request.command());
        json.put("ok", result.ok());
        json.put("error", result.error().map(Enum::name).orElse(null));
        json.put("message", result.message());
        json.put("transport", result.transport());
        json.put("correlation", request.correlation());
        json.put("durationMs", result.duration().toMillis());
        json.put("source", request.source());
        return Json.write(json);
    }

    // ---- to the broker on (re)connection

    @Override
    public List<Publication> snapshot() {
        List<Publication> out = new ArrayList<>();
        out.add(Publication.state(topics.bridgeAvailability(), Topics.ONLINE, Math.max(1, qos)));
        discovery.ifPresent(d -> out.add(d.bridge()));
        for (Thing thing : registry.getAll()) {
            out.addAll(thingState(thing));
        }
        // after a restart: what an earlier run retained and this one cannot stand behind (states live in memory)
        for (String topic : retainedTopics.staleAfterRestart(out)) {
            out.add(Publication.state(topic, "", qos));
        }
        retainedTopics.remember(out);
        return out;
    }

    // ---- from the broker

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        if (discovery.isPresent() && discovery.get().statusTopic().equals(topic)) {
            if (Topics.ONLINE.equalsIgnoreCase(new String(message.getPayload(), StandardCharsets.UTF_8).trim())) {
                logger.info("Home Assistant is online: republishing discovery");
                List<Publication> configs = new ArrayList<>();
                configs.add(discovery.get().bridge());
                registry.getAll().forEach(thing -> configs.addAll(discovery.get().configs(thing)));
                sendAll(configs);
            }
            return;
        }
        Optional<Topics.CommandTopic> parsed = topics.parseSet(topic);
        if (parsed.isEmpty()) {
            return;
        }
        byte[] correlationData = message.getProperties() == null ? null : message.getProperties().getCorrelationData();
        String correlation = correlation(correlationData);
        String thingId = parsed.get().thingId();
        String command = parsed.get().command();
        Optional<CommandResult> rejection = validate(thingId, command, retained(topic, message), message,
                correlation);
        if (rejection.isPresent()) {
            logger.debug("Refused MQTT command {} for {}: {}", printable(command), printable(thingId),
                    rejection.get().message());
            publishResult(rejection.get(), correlationData);
            return;
        }
        CommandRequest request = new CommandRequest(thingId, command, value(command, message), correlation,
                SOURCE);
        logger.debug("MQTT command {} for {}", command, thingId);
        registry.submit(request).whenComplete((result, failure) -> publishResult(result != null ? result
                : CommandResult.rejected(request, CommandError.INTERNAL, String.valueOf(failure)), correlationData));
    }

    /** Whether the set message was published retained, by its flag or, where the broker drops that, its watch. */
    private boolean retained(String topic, MqttMessage message) {
        RetainedPublicationWatch watch = retainedWatch;
        // asked even when the flag says so: a retained message delivered on subscription uses up its mark
        boolean seen = watch != null && watch.publishedRetained(topic, message.getPayload());
        return message.isRetained() || seen;
    }

    private void publishResult(CommandResult result, byte[] correlationData) {
        String thingId = result.request().thingId();
        if (thingId.isEmpty() || thingId.length() > 64 || thingId.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            logger.debug("Not answering a command for a thing id that cannot be a topic level");
            return;
        }
        send(new Publication(topics.commandResult(thingId),
                resultJson(result).getBytes(StandardCharsets.UTF_8), qos, false, correlationData, false));
    }

    /** Why a command must not run, as its result; empty when it may be submitted. */
    private Optional<CommandResult> validate(String thingId, String command, boolean retained, MqttMessage message,
            String correlation) {
        CommandRequest request = new CommandRequest(thingId, command, "", correlation, SOURCE);
        if (retained) {
            return Optional.of(CommandResult.rejected(request, CommandError.INVALID_VALUE,
                    "retained commands are not executed: publish " + command + " without the retain flag"));
        }
        if (!ThingUID.isValidId(thingId)) {
            return Optional.of(CommandResult.rejected(request, CommandError.UNKNOWN_THING, "no such thing"));
        }
        Optional<Thing> thing = registry.get(thingId);
        if (thing.isEmpty()) {
            return Optional.of(CommandResult.rejected(request, CommandError.UNKNOWN_THING,
                    "no thing '" + thingId + "'"));
        }
        Optional<ChannelDefinition> channel = Channels.find(thing.get().type(), command)
                .filter(ChannelDefinition::acceptsCommands);
        if (channel.isEmpty()) {
            return Optional.of(CommandResult.rejected(request, CommandError.UNKNOWN_COMMAND,
                    "a " + thing.get().type().id() + " has no command '" + printable(command) + "'"));
        }
        byte[] payload = message.getPayload();
        if (payload.length > MAX_PAYLOAD) {
            return Optional.of(CommandResult.rejected(request, CommandError.INVALID_VALUE,
                    "payload of " + payload.length + " bytes; at most " + MAX_PAYLOAD));
        }
        Optional<String> text = utf8(payload);
        if (text.isEmpty()) {
            return Optional.of(CommandResult.rejected(request, CommandError.INVALID_VALUE, "payload is not UTF-8"));
        }
        if (text.get().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return Optional.of(CommandResult.rejected(request, CommandError.INVALID_VALUE,
                    "control characters are not allowed in a command"));
        }
        String value = text.get().trim();
        ChannelValueType type = channel.get().valueType();
        if (type == ChannelValueType.NONE && !value.isEmpty() && !"PRESS".equalsIgnoreCase(value)) {
            return Optional.of(CommandResult.rejected(request, CommandError.INVALID_VALUE,
                    command + " takes no value (send an empty payload or PRESS)"));
        }
        if (type == ChannelValueType.SWITCH
                && !List.of("ON", "OFF", "TOGGLE").contains(value.toUpperCase(Locale.ROOT))) {
            return Optional.of(CommandResult.rejected(request, CommandError.INVALID_VALUE,
                    command + " takes ON, OFF or TOGGLE"));
        }
        return Optional.empty();
    }

    private static String value(String command, MqttMessage message) {
        String text = new String(message.getPayload(), StandardCharsets.UTF_8).trim();
        return "PRESS".equalsIgnoreCase(text) && isNone(command) ? "" : text;
    }

    private static boolean isNone(String command) {
        return Channels.find(ThingType.PHONE, command).or(() -> Channels.find(ThingType.INTERCOM, command))
                .map(c -> c.valueType() == ChannelValueType.NONE).orElse(false);
    }

    private static Optional<String> utf8(byte[] payload) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** The correlation data as text for the result JSON: itself when printable UTF-8, else base64. */
    static String correlation(byte[] data) {
        if (data == null || data.length == 0) {
            return "";
        }
        Optional<String> text = utf8(data);
        if (text.isPresent() && text.get().length() <= 256 && text.get().chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
            return text.get();
        }
        return "base64:" + Base64.getEncoder().encodeToString(data);
    }

    private static String printable(String text) {
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** For the logs of tests: the link's counters. */
    String statistics() {
        return link == null ? "not running" : link.statistics() + ", events dropped " + droppedEvents.get();
    }
}
