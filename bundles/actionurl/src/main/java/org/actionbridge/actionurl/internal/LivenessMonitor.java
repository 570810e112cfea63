package org.actionbridge.actionurl.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.actionbridge.core.CommandTransport;
import org.actionbridge.core.LivenessProbe;
import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.Thing;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes phones that have been silent longer than the configured time: a TCP connection to the
 * phone's web port and, for phones commanded over SIP (transport sip or auto) when the SIP transport
 * runs, a SIP OPTIONS request. A phone that answers neither goes OFFLINE with COMMUNICATION_ERROR; one
 * that answers is ONLINE.
 */
@Component(immediate = true, service = {})
public final class LivenessMonitor {

    private static final int PROBE_TIMEOUT_MS = 3000;

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

    @Activate
    public LivenessMonitor(@Reference ThingRegistry registry, @Reference ReceiverSettings settings) {
        this.registry = registry;
        this.settings = settings;
        timer.schedule(this::check, settings.current().livenessCheckSeconds(), TimeUnit.SECONDS);
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
                    try {
                        probes.execute(() -> probe(thing.id(), phone, s.silenceTimeoutSeconds()));
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

    private void probe(String thingId, PhoneConfiguration phone, int silenceSeconds) {
        String target = phone.host() + ":" + phone.httpPort();
        String httpFailure;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(phone.host(), phone.httpPort()), PROBE_TIMEOUT_MS);
            alive(thingId);
            return;
        } catch (IOException | RuntimeException e) {
            httpFailure = "the web port " + target + " does not answer (" + e.getMessage() + ")";
        }
        LivenessProbe sip = sipProbe;
        if (sip == null || phone.transport() == TransportMode.HTTP) {
            gone(thingId, silenceSeconds, httpFailure);
            return;
        }
        String reason = httpFailure;
        sip.probe(phone).whenComplete((sipFailure, failure) -> {
            if (failure == null && sipFailure.isEmpty()) {
                alive(thingId);
            } else {
                gone(thingId, silenceSeconds, reason + "; " + (failure != null ? failure.toString() : sipFailure.get()));
            }
        });
    }

    private void alive(String thingId) {
        Thing thing = registry.get(thingId).orElse(null);
        if (thing != null && thing.status().status() != ThingStatus.ONLINE) {
            registry.updateStatus(thingId, ThingStatusInfo.ONLINE);
        }
    }

    private void gone(String thingId, int silenceSeconds, String reason) {
        registry.updateStatus(thingId, ThingStatusInfo.offline(ThingStatusDetail.COMMUNICATION_ERROR,
                "no event for " + silenceSeconds + " s and " + reason));
    }
}
