package org.actionbridge.activeuri.internal;

import org.actionbridge.protocol.auth.DigestChallenge;
import org.actionbridge.protocol.auth.DigestAuthenticator;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import javax.net.ssl.SSLSocketFactory;

import org.actionbridge.core.CommandError;
import org.actionbridge.core.CommandTransport;
import org.actionbridge.core.Delivery;
import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.ThingRegistry;
import org.actionbridge.core.ThingStatusDetail;
import org.actionbridge.core.ThingStatusInfo;
import org.actionbridge.core.TransportMode;
import org.actionbridge.protocol.ActiveUriInstruction;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends Active URI instructions to phones over HTTP(S) (spec 3.4, 3.5): one command at a time per phone,
 * in order, from a bounded queue; basic or digest authentication as the phone asks; retries only when
 * no connection could be made; a phone that keeps failing goes OFFLINE and its queued commands fail.
 */
@Component(service = CommandTransport.class, configurationPid = ActiveUriTransport.PID,
        property = CommandTransport.NAME_PROPERTY + "=http")
@Designate(ocd = ActiveUriConfig.class)
public final class ActiveUriTransport implements CommandTransport {

    static final String PID = "org.actionbridge.activeuri";
    static final String PATH = "/cgi-bin/ConfigManApp.com";
    /** Commands of one phone worked off in a row before other phones' lanes get the thread. */
    private static final int BATCH = 8;
    private static final Delivery STOPPED = Delivery.failed(CommandError.NO_TRANSPORT,
            "the Active URI transport was stopped");

    private final Logger logger = LoggerFactory.getLogger(ActiveUriTransport.class);
    private final ThingRegistry things;
    private final ActiveUriConfig config;
    private final HttpExchange exchange;
    private final ScheduledThreadPoolExecutor executor;
    private final Map<String, PhoneLane> lanes = new ConcurrentHashMap<>();
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
    private final Set<PhoneLane.Job> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<String> warnedDefaultCredentials = ConcurrentHashMap.newKeySet();
    private final Optional<String> configurationProblem;
    private final LongAdder connectAttempts = new LongAdder();
    private volatile boolean closed;

    @Activate
    public ActiveUriTransport(@Reference ThingRegistry things, ActiveUriConfig config) {
        this.things = things;
        this.config = config;
        SSLSocketFactory tls = null;
        String problem = null;
        try {
            tls = PinnedTrustManager.socketFactory(config.trustedCertificateSha256());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            problem = "HTTPS is unavailable: " + e.getMessage();
            logger.warn("Active URI transport: {}", problem);
        }
        this.configurationProblem = Optional.ofNullable(problem);
        this.exchange = new HttpExchange(tls, Math.max(1, config.connectTimeoutMs()),
                Math.max(1, config.readTimeoutMs()), openSockets);
        this.executor = new ScheduledThreadPoolExecutor(Math.max(1, config.threads()), new NamedThreads());
        executor.setRemoveOnCancelPolicy(true);
        logger.info("Active URI transport started (connect {} ms, read {} ms, queue {}, pacing {} ms, retries {})",
                config.connectTimeoutMs(), config.readTimeoutMs(), config.queueCapacity(), config.pacingMs(),
                config.retries());
    }

    @Deactivate
    void deactivate() {
        closed = true;
        executor.shutdownNow();
        for (Socket socket : openSockets) {
            try {
                socket.close();
            } catch (java.io.IOException ignored) {
                // closing is best effort
            }
        }
        List<PhoneLane.Job> abandoned = new ArrayList<>(inFlight);
        for (PhoneLane lane : lanes.values()) {
            abandoned.addAll(lane.stop());
        }
        abandoned.forEach(job -> job.result.complete(STOPPED));
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        logger.info("Active URI transport stopped");
    }

    @Override
    public CompletionStage<Delivery> send(PhoneConfiguration phone, ActiveUriInstruction instruction) {
        try {
            return enqueue(phone, instruction);
        } catch (RuntimeException e) {
            logger.warn("Active URI command for {} failed: {}", phone.id(), e.toString());
            return CompletableFuture.completedFuture(Delivery.failed(CommandError.INTERNAL, e.toString()));
        }
    }

    private CompletionStage<Delivery> enqueue(PhoneConfiguration phone, ActiveUriInstruction instruction) {
        if (closed) {
            return done(STOPPED);
        }
        if (phone.https() && configurationProblem.isPresent()) {
            return done(Delivery.failed(CommandError.CONFIGURATION_ERROR, configurationProblem.get()));
        }
        if ("admin".equals(phone.username()) && "admin".equals(phone.password())
                && warnedDefaultCredentials.add(phone.id())) {
            logger.warn("Phone {} still uses the vendor's default web credentials; change them on the phone "
                    + "and in its configuration", phone.id());
        }
        PhoneLane lane = lanes.computeIfAbsent(phone.id(), id -> new PhoneLane());
        PhoneLane.Job job = new PhoneLane.Job(phone, instruction);
        boolean[] start = new boolean[1];
        if (!lane.offer(job, Math.max(1, config.queueCapacity()), start)) {
            return done(Delivery.failed(CommandError.BUSY, "phone " + phone.id() + " already has "
                    + config.queueCapacity() + " commands waiting"));
        }
        if (start[0]) {
            schedule(lane, () -> work(lane), pacingDelay(lane));
        }
        return job.result;
    }

    /**
     * Works off the lane's queued commands on this thread, up to {@value #BATCH} of them, while no pacing
     * asks for a pause: a hand-off to another pool thread per command cost more than the command's own
     * work. Then the lane goes back to the pool's queue, behind other phones' lanes.
     */
    private void work(PhoneLane lane) {
        for (int done = 0; done < BATCH; done++) {
            PhoneLane.Job job = lane.next();
            if (job == null) {
                return;
            }
            inFlight.add(job);
            if (!attempt(lane, job, 0) || closed) {
                return; // a retry was scheduled and continues the lane, or the transport is stopping
            }
            if (pacingDelay(lane) > 0) {
                break;
            }
        }
        moveOn(lane);
    }

    /** Schedules the lane's next command; the lane is idle when it has none. */
    private void moveOn(PhoneLane lane) {
        if (!closed) {
            schedule(lane, () -> work(lane), pacingDelay(lane));
        }
    }

    /** One try of a job; false when a retry was scheduled instead of finishing it. */
    private boolean attempt(PhoneLane lane, PhoneLane.Job job, int retry) {
        Delivery delivery;
        try {
            delivery = execute(lane, job);
        } catch (ExchangeException e) {
            if (e.connectFailure() && retry < config.retries() && !closed) {
                long backoff = (long) Math.max(0, config.retryBackoffMs()) << Math.min(retry, 16);
                logger.debug("Phone {}: {}; retry {} in {} ms", job.phone.id(), e.getMessage(), retry + 1, backoff);
                schedule(lane, () -> {
                    if (attempt(lane, job, retry + 1)) {
                        moveOn(lane);
                    }
                }, backoff);
                return false;
            }
            // deactivate closes the sockets after setting closed: a failure then is the stop, whichever of
            // this thread and deactivate completes the job first
            delivery = closed ? STOPPED : Delivery.failed(e.error(), e.getMessage());
        } catch (RuntimeException e) {
            logger.warn("Active URI command for {} failed: {}", job.phone.id(), e.toString());
            delivery = Delivery.failed(CommandError.INTERNAL, e.toString());
        }
        finish(lane, job, delivery);
        return true;
    }

    private void finish(PhoneLane lane, PhoneLane.Job job, Delivery delivery) {
        try {
            report(lane, job, delivery);
        } catch (RuntimeException e) {
            logger.warn("Could not record how a command for {} went: {}", job.phone.id(), e.toString());
        } finally {
            // whatever happened, the job ends and the lane moves on (its caller takes the next job): a stuck
            // lane would hold its phone's commands forever
            inFlight.remove(job);
            job.result.complete(delivery);
        }
    }

    private void report(PhoneLane lane, PhoneLane.Job job, Delivery delivery) {
        PhoneConfiguration phone = job.phone;
        lane.finished(System.nanoTime());
        List<PhoneLane.Job> failedWith = List.of();
        CommandError error = delivery.error().orElse(null);
        boolean door = job.instruction.kind() == ActiveUriInstruction.Kind.OPEN_DOOR;
        if (error == CommandError.FORBIDDEN && door) {
            lane.recordAnswer(); // a door that refuses a code has answered: the intercom is there
        } else if (error == CommandError.UNAUTHORIZED || error == CommandError.FORBIDDEN) {
            lane.recordAnswer();
            things.updateStatus(phone.id(),
                    ThingStatusInfo.offline(ThingStatusDetail.AUTHENTICATION_ERROR, delivery.message()));
        } else if (error == CommandError.UNREACHABLE || error == CommandError.TIMEOUT) {
            int failures = lane.recordFailure();
            // with auto, SIP takes over after an unreachable HTTP port; its result decides the status
            boolean fallsBack = error == CommandError.UNREACHABLE && phone.transport() == TransportMode.AUTO;
            if (failures >= Math.max(1, config.offlineAfterFailures()) && !fallsBack) {
                String reason = "no answer over HTTP " + failures + " times in a row: " + delivery.message();
                things.updateStatus(phone.id(), ThingStatusInfo.offline(ThingStatusDetail.COMMUNICATION_ERROR, reason));
                failedWith = lane.drain();
                if (!failedWith.isEmpty()) {
                    logger.info("Phone {} is offline; failing its {} queued commands", phone.id(), failedWith.size());
                }
            }
        } else if (error != CommandError.INTERNAL && error != CommandError.NO_TRANSPORT) {
            lane.recordAnswer();
        }
        if (!failedWith.isEmpty()) {
            Delivery queuedFailure = Delivery.failed(error, "phone " + phone.id() + " is offline: " + delivery.message());
            failedWith.forEach(queued -> queued.result.complete(queuedFailure));
        }
    }

    /** One command: the request, and one more after a 401 that says how to authenticate. */
    private Delivery execute(PhoneLane lane, PhoneLane.Job job) throws ExchangeException {
        PhoneConfiguration phone = job.phone;
        String target = PATH + "?" + job.instruction.toQueryString();
        int port = phone.httpPort();
        boolean credentials = !phone.username().isEmpty();
        PhoneLane.Auth known = credentials ? lane.auth(phone) : null;
        String authorization = known == null ? null
                : known.basic() ? basic(phone) : known.digest().authorize("GET", target);
        HttpAnswer answer = request(phone, target, authorization);
        if (answer.status() == 401 && credentials) {
            List<DigestChallenge> challenges = new ArrayList<>();
            answer.headers("www-authenticate").forEach(value -> challenges.addAll(DigestChallenge.parse(value)));
            Optional<DigestAuthenticator> digest = DigestAuthenticator.choose(challenges, phone.username(),
                    phone.password());
            String retry = null;
            if (digest.isPresent()) {
                lane.auth(new PhoneLane.Auth(phone.username(), phone.password(), digest.get()));
                retry = digest.get().authorize("GET", target);
            } else if (challenges.stream().anyMatch(DigestChallenge::isBasic) && (known == null || !known.basic())) {
                lane.auth(new PhoneLane.Auth(phone.username(), phone.password(), null));
                retry = basic(phone);
            }
            if (retry != null) {
                answer = request(phone, target, retry);
            }
        }
        logger.debug("Phone {} at {}: {} -> HTTP {}", phone.id(), HttpExchange.authority(phone.host(), port),
                job.instruction, answer.status());
        return map(answer, credentials, job.instruction.kind() == ActiveUriInstruction.Kind.OPEN_DOOR);
    }

    private HttpAnswer request(PhoneConfiguration phone, String target, String authorization)
            throws ExchangeException {
        connectAttempts.increment();
        return exchange.get(phone.host(), phone.httpPort(), phone.https(), target, authorization);
    }

    private static Delivery map(HttpAnswer answer, boolean credentials, boolean door) {
        int status = answer.status();
        if (status >= 200 && status < 300) {
            return Delivery.delivered("HTTP " + status);
        }
        return switch (status) {
            case 401 -> Delivery.failed(CommandError.UNAUTHORIZED, credentials
                    ? "phone refused the configured credentials (HTTP 401)"
                    : "phone requires credentials (HTTP 401): set username and password in its configuration");
            case 403 -> Delivery.failed(CommandError.FORBIDDEN, door
                    ? "the intercom did not open the door (HTTP 403): a wrong door code, or this address is not"
                            + " among its Active URI source IPs (spec 3.2)"
                    : "phone refused commands from this address (HTTP 403): add it to the phone's Active URI"
                            + " source IPs (spec 3.2)");
            case 400, 501 -> Delivery.failed(CommandError.UNKNOWN_INSTRUCTION,
                    "phone did not accept the instruction (HTTP " + status + ")");
            default -> Delivery.failed(CommandError.REFUSED, "phone answered HTTP " + status
                    + (answer.reason().isEmpty() ? "" : " " + answer.reason()));
        };
    }

    private static String basic(PhoneConfiguration phone) {
        return "Basic " + Base64.getEncoder()
                .encodeToString((phone.username() + ":" + phone.password()).getBytes(StandardCharsets.UTF_8));
    }

    private long pacingDelay(PhoneLane lane) {
        long last = lane.lastFinished();
        if (config.pacingMs() <= 0 || last == 0) {
            return 0;
        }
        long elapsedMs = (System.nanoTime() - last) / 1_000_000L;
        return Math.max(0, config.pacingMs() - elapsedMs);
    }

    private void schedule(PhoneLane lane, Runnable work, long delayMs) {
        try {
            executor.schedule(work, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            lane.stop().forEach(job -> job.result.complete(STOPPED));
            new ArrayList<>(inFlight).forEach(job -> job.result.complete(STOPPED));
        }
    }

    /** Connections attempted so far (tests check that 401 and 403 are never retried). */
    long connectAttempts() {
        return connectAttempts.sum();
    }

    private static CompletionStage<Delivery> done(Delivery delivery) {
        return CompletableFuture.completedFuture(delivery);
    }

    private static final class NamedThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable work) {
            Thread thread = new Thread(work, "actionbridge-activeuri-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
