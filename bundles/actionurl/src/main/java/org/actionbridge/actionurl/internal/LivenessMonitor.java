package org.actionbridge.actionurl.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.actionbridge.core.CommandTransport;
import org.actionbridge.core.LivenessProbe;
import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingEvents;
import org.actionbridge.core.ThingRegistry;
import org.actionbridge.core.ThingStatus;
import org.actionbridge.core.ThingStatusDetail;
import org.actionbridge.core.ThingStatusInfo;
import org.actionbridge.core.TransportMode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes phones that have been silent longer than the configured time: a TCP connection to the
 * phone's web port and, for phones commanded over SIP (transport sip or auto) when the SIP transport
 * runs, a SIP OPTIONS request. A phone that answers neither goes OFFLINE with COMMUNICATION_ERROR; one
 * that answers is ONLINE.
 *
 * <p>A thing never heard from (just configured, or configured before this component started) does not
 * wait for the periodic check: a few seconds after it appears its web port is tried once, and if it answers
 * the thing is ONLINE. If it does not, the thing stays UNKNOWN until the periodic check decides, as before:
 * a phone that is still booting is not declared gone.
 */
@Component(immediate = true, service = EventHandler.class, property = {
        EventConstants.EVENT_TOPIC + "=" + ThingEvents.THING_ADDED,
        EventConstants.EVENT_TOPIC + "=" + ThingEvents.THING_UPDATED })
public final class LivenessMonitor implements EventHandler {

    private static final int PROBE_TIMEOUT_MS = 3000;
    /** Time a new thing is given to report itself (its own Action URLs make it ONLINE) before it is tried. */
    static final long FIRST_CONTACT_DELAY_MS = 2000;

    private final Logger logger = LoggerFactory.getLogger(LivenessMonitor.class);
    private final ThingRegistry registry;
    private final ReceiverSettings settings;
    private final ScheduledExecutorService timer = new ScheduledThreadPoolExecutor(1,
            NamedThreads.factory("actionurl-liveness"));
    /** The SIP transport's OPTIONS probe, while that bundle runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            target = "(" + CommandTransport.NAME_PROPERTY + "=sip)")
    private volatile LivenessProbe sipProbe;

    private final ExecutorService probes = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(10_000), NamedThreads.factory("actionurl-probe"));
    /** Whether a first-contact round is scheduled: many things added at once share one round. */
    private final AtomicBoolean firstContactScheduled = new AtomicBoolean();
    /** Whether the next round tries every thing never heard from (at start), not only {@link #newThings}. */
    private final AtomicBoolean firstContactWithAll = new AtomicBoolean(true);
    /** Things added or reconfigured since the last round: each is tried once, not again with every addition. */
    private final Set<String> newThings = ConcurrentHashMap.newKeySet();

    @Activate
    public LivenessMonitor(@Reference ThingRegistry registry, @Reference ReceiverSettings settings) {
        this.registry = registry;
        this.settings = settings;
        timer.schedule(this::check, settings.current().livenessCheckSeconds(), TimeUnit.SECONDS);
        scheduleFirstContact(); // things configured before this component started sent no event it saw
    }

    @Override
    public void handleEvent(Event event) {
        if (ThingStatus.UNKNOWN.name().equals(event.getProperty(ThingEvents.STATUS))
                && event.getProperty(ThingEvents.THING_ID) instanceof String thingId) {
            newThings.add(thingId);
            scheduleFirstContact();
        }
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        probes.shutdownNow();
    }

    private void check() {
        ReceiverSettings.Snapshot s = settings.current();
        try {
            Instant silentSince = Instant.now().minus(Duration.ofSeconds(s.silenceTimeoutSeconds()));
            for (Thing thing : registry.getAll()) {
                if (thing.configuration().isEmpty()) {
                    continue;
                }
                boolean silent = thing.lastSeen().map(seen -> seen.isBefore(silentSince)).orElse(true);
                if (silent) {
                    PhoneConfiguration phone = thing.configuration().get();
                    String silence = thing.lastSeen().isEmpty() ? "never heard from"
                            : "no event for " + s.silenceTimeoutSeconds() + " s";
                    try {
                        probes.execute(() -> probe(thing.id(), phone, silence));
                    } catch (RejectedExecutionException e) {
                        break; // the probes of the previous round are still running
                    }
                }
            }
        } catch (RuntimeException e) {
            logger.warn("Liveness check failed: {}", e.toString());
        } finally {
            try {
                timer.schedule(this::check, s.livenessCheckSeconds(), TimeUnit.SECONDS);
            } catch (RejectedExecutionException e) {
                // deactivated
            }
        }
    }

    private void scheduleFirstContact() {
        if (firstContactScheduled.compareAndSet(false, true)) {
            try {
                timer.schedule(this::firstContact, FIRST_CONTACT_DELAY_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // deactivated
            }
        }
    }

    private void firstContact() {
        firstContactScheduled.set(false);
        try {
            List<Thing> candidates = new ArrayList<>();
            if (firstContactWithAll.getAndSet(false)) {
                newThings.clear();
                candidates.addAll(registry.getAll());
            } else {
                for (Iterator<String> ids = newThings.iterator(); ids.hasNext();) {
                    registry.get(ids.next()).ifPresent(candidates::add);
                    ids.remove();
                }
            }
            for (Thing thing : candidates) {
                if (thing.configuration().isEmpty() || thing.lastSeen().isPresent()
                        || thing.status().status() != ThingStatus.UNKNOWN) {
                    continue;
                }
                PhoneConfiguration phone = thing.configuration().get();
                try {
                    probes.execute(() -> {
                        if (webPortFailure(phone).isEmpty()) {
                            answeredFirstContact(thing.id());
                        }
                    });
                } catch (RejectedExecutionException e) {
                    break; // the periodic check will come to the rest
                }
            }
        } catch (RuntimeException e) {
            logger.warn("First contact with new things failed: {}", e.toString());
        }
    }

    /** Empty when the phone's web port accepts a connection, else why not. */
    private static Optional<String> webPortFailure(PhoneConfiguration phone) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(phone.host(), phone.httpPort()), PROBE_TIMEOUT_MS);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("the web port " + phone.host() + ":" + phone.httpPort() + " does not answer ("
                    + e.getMessage() + ")");
        }
    }

    private void probe(String thingId, PhoneConfiguration phone, String silence) {
        Optional<String> webFailure = webPortFailure(phone);
        if (webFailure.isEmpty()) {
            alive(thingId);
            return;
        }
        String httpFailure = webFailure.get();
        LivenessProbe sip = sipProbe;
        if (sip == null || phone.transport() == TransportMode.HTTP) {
            gone(thingId, silence, httpFailure);
            return;
        }
        sip.probe(phone).whenComplete((sipFailure, failure) -> {
            if (failure == null && sipFailure.isEmpty()) {
                alive(thingId);
            } else {
                gone(thingId, silence, httpFailure + "; " + (failure != null ? failure.toString() : sipFailure.get()));
            }
        });
    }

    private void answeredFirstContact(String thingId) {
        // only a thing still unknown: a command may meanwhile have found it OFFLINE (a wrong password, say),
        // which a web port that accepts connections does not disprove
        Thing thing = registry.get(thingId).orElse(null);
        if (thing != null && thing.status().status() == ThingStatus.UNKNOWN) {
            registry.updateStatus(thingId, ThingStatusInfo.ONLINE);
        }
    }

    private void alive(String thingId) {
        Thing thing = registry.get(thingId).orElse(null);
        // an open port does not disprove a refused login: that waits for a command that works
        if (thing != null && thing.status().status() != ThingStatus.ONLINE
                && thing.status().detail() != ThingStatusDetail.AUTHENTICATION_ERROR) {
            registry.updateStatus(thingId, ThingStatusInfo.ONLINE);
        }
    }

    private void gone(String thingId, String silence, String reason) {
        registry.updateStatus(thingId, ThingStatusInfo.offline(ThingStatusDetail.COMMUNICATION_ERROR,
                silence + " and " + reason));
    }
}
