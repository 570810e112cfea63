package org.actionbridge.sip.internal;

import org.actionbridge.protocol.auth.DigestChallenge;
import org.actionbridge.protocol.auth.DigestAuthenticator;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.actionbridge.core.CommandError;
import org.actionbridge.core.CommandTransport;
import org.actionbridge.core.LivenessProbe;
import org.actionbridge.core.Delivery;
import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.ThingRegistry;
import org.actionbridge.core.ThingStatusDetail;
import org.actionbridge.core.ThingStatusInfo;
import org.actionbridge.protocol.ActiveUriInstruction;
import org.actionbridge.protocol.SipNotify;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends Active URI instructions as out-of-dialog SIP NOTIFY with {@code Event: ACTIVE-URI} (spec 3.7),
 * one RFC 3261 non-INVITE client transaction each, over UDP (retransmitted) or TCP (sent once), answering
 * one 401/407 with digest credentials. NOTIFYs to one phone leave in order, one at a time; a phone that
 * stops answering goes OFFLINE and the NOTIFYs queued for it fail.
 */
@Component(service = { CommandTransport.class, LivenessProbe.class }, configurationPid = SipTransport.PID,
        property = CommandTransport.NAME_PROPERTY + "=sip")
@Designate(ocd = SipConfig.class)
public final class SipTransport implements CommandTransport, LivenessProbe {

    static final String PID = "org.actionbridge.sip";

    private static final Pattern USER = Pattern.compile("[A-Za-z0-9\\-_.!~*'()&=+$,;?/]{1,64}");

    private final Logger logger = LoggerFactory.getLogger(SipTransport.class);
    private final ThingRegistry things;
    private final SipConfig config;
    private final boolean tcp;
    private final String fromUser;
    private final long t1;
    private final long t2;
    private final InetSocketAddress bind;
    private final ScheduledThreadPoolExecutor timers;
    private final ThreadPoolExecutor tcpWorkers;
    private final Optional<UdpEndpoint> endpoint;
    private final Optional<String> problem;
    private final Map<String, NotifyLane> lanes = new ConcurrentHashMap<>();
    private final Set<Socket> tcpSockets = ConcurrentHashMap.newKeySet();
    private final Set<CompletableFuture<Delivery>> pending = ConcurrentHashMap.newKeySet();
    private volatile TransmissionListener listener = TransmissionListener.NONE;
    private volatile boolean closed;

    /** A digest challenge answered before, reused with the next nonce count until the phone refuses it. */
    record Auth(String header, String user, String password, DigestAuthenticator digest) {
    }

    @Activate
    public SipTransport(@Reference ThingRegistry things, SipConfig config) {
        this.things = things;
        this.config = config;
        String transport = config.transport() == null ? "udp" : config.transport().trim().toLowerCase(Locale.ROOT);
        String configProblem = null;
        if (!transport.equals("udp") && !transport.equals("tcp")) {
            configProblem = "transport '" + config.transport() + "' is neither udp nor tcp";
        }
        this.tcp = transport.equals("tcp");
        String user = config.fromUser() == null ? "" : config.fromUser().trim();
        if (!USER.matcher(user).matches()) {
            logger.warn("SIP fromUser '{}' is not a valid SIP user part; using 'actionbridge'", user);
            user = "actionbridge";
        }
        this.fromUser = user;
        this.t1 = Math.max(1, config.t1Ms());
        this.t2 = Math.max(t1, config.t2Ms());
        this.timers = new ScheduledThreadPoolExecutor(1, named("actionbridge-sip-timer"));
        timers.setRemoveOnCancelPolicy(true);
        this.tcpWorkers = new ThreadPoolExecutor(Math.max(1, config.threads()), Math.max(1, config.threads()), 30,
                TimeUnit.SECONDS, new ArrayBlockingQueue<>(Math.max(1, config.maxTransactions())),
                named("actionbridge-sip-tcp"));
        tcpWorkers.allowCoreThreadTimeOut(true);
        InetSocketAddress address = null;
        UdpEndpoint udp = null;
        if (configProblem == null) {
            try {
                address = new InetSocketAddress(InetAddress.getByName(config.bindAddress().trim()), config.port());
                if (!tcp) {
                    udp = new UdpEndpoint(address, Math.max(1, config.maxTransactions()));
                    address = udp.localAddress();
                }
            } catch (IOException | IllegalArgumentException e) {
                configProblem = "cannot use " + config.bindAddress() + ":" + config.port() + ": " + e.getMessage();
            }
        }
        this.bind = address;
        this.endpoint = Optional.ofNullable(udp);
        this.problem = Optional.ofNullable(configProblem);
        if (configProblem != null) {
            logger.warn("SIP NOTIFY transport cannot send: {}", configProblem);
        } else {
            logger.info("SIP NOTIFY transport started over {} on {} (T1 {} ms, T2 {} ms)", tcp ? "TCP" : "UDP",
                    bind, t1, t2);
        }
    }

    @Deactivate
    void deactivate() {
        closed = true;
        endpoint.ifPresent(udp -> {
            udp.openTransactions().forEach(t -> t.abort(CommandError.NO_TRANSPORT, "the SIP transport was stopped"));
            udp.close();
        });
        timers.shutdownNow();
        tcpWorkers.shutdownNow();
        for (Socket socket : tcpSockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
        Delivery stopped = Delivery.failed(CommandError.NO_TRANSPORT, "the SIP transport was stopped");
        new ArrayList<>(pending).forEach(future -> future.complete(stopped));
        logger.info("SIP NOTIFY transport stopped");
    }

    /** Replaces the transmission listener (tests). */
    void listener(TransmissionListener listener) {
        this.listener = listener;
    }

    /** The local address NOTIFYs leave from (UDP). */
    Optional<InetSocketAddress> localAddress() {
        return endpoint.map(UdpEndpoint::localAddress);
    }

    /** Datagrams the UDP socket received and dealt with so far (0 without one). */
    long udpDatagramsHandled() {
        return endpoint.map(UdpEndpoint::datagramsHandled).orElse(0L);
    }

    @Override
    public CompletionStage<Delivery> send(PhoneConfiguration phone, ActiveUriInstruction instruction) {
        if (closed) {
            return done(Delivery.failed(CommandError.NO_TRANSPORT, "the SIP transport was stopped"));
        }
        if (problem.isPresent()) {
            return done(Delivery.failed(CommandError.CONFIGURATION_ERROR, "SIP transport: " + problem.get()));
        }
        NotifyLane lane = lanes.computeIfAbsent(phone.id(), id -> new NotifyLane());
        NotifyLane.Job job = new NotifyLane.Job(phone, instruction);
        CompletableFuture<Delivery> result = job.result;
        pending.add(result);
        result.whenComplete((d, f) -> pending.remove(result));
        Optional<CompletableFuture<?>> previous = lane.offer(job, Math.max(1, config.queueCapacity()));
        if (previous.isEmpty()) {
            result.complete(Delivery.failed(CommandError.BUSY, "phone " + phone.id() + " already has "
                    + lane.waiting() + " NOTIFYs waiting"));
            return result;
        }
        previous.get().whenComplete((ignored, failure) -> {
            // a job drained because its phone went offline, or ended by deactivate, is never sent
            if (lane.start(job)) {
                run(lane, job);
            }
        });
        return result;
    }

    private void run(NotifyLane lane, NotifyLane.Job job) {
        CompletableFuture<Delivery> delivery;
        try {
            delivery = deliver(lane, job.phone, job.instruction);
        } catch (RuntimeException e) {
            logger.warn("SIP NOTIFY for {} failed: {}", job.phone.id(), e.toString());
            delivery = CompletableFuture.completedFuture(Delivery.failed(CommandError.INTERNAL, e.toString()));
        }
        delivery.whenComplete((d, f) -> job.result.complete(d != null ? d
                : Delivery.failed(CommandError.INTERNAL, String.valueOf(f))));
    }

    /**
     * Sends an OPTIONS request: any final response, even a refusal, shows the phone is there; only Timer F
     * or an unreachable address says it is gone. Over TCP a connection that opens is enough.
     */
    @Override
    public CompletionStage<Optional<String>> probe(PhoneConfiguration phone) {
        if (closed || problem.isPresent()) {
            return CompletableFuture.completedFuture(Optional.of("the SIP transport cannot send"
                    + problem.map(p -> ": " + p).orElse("")));
        }
        InetSocketAddress destination = new InetSocketAddress(phone.host(), phone.sipPort());
        if (destination.isUnresolved()) {
            return CompletableFuture.completedFuture(Optional.of("unknown host " + phone.host()));
        }
        if (tcp) {
            try {
                return CompletableFuture.supplyAsync(() -> {
                    try (TcpConnection connection = TcpConnection.open(destination, bind,
                            Math.max(1, config.connectTimeoutMs()))) {
                        return Optional.<String>empty();
                    } catch (IOException e) {
                        return Optional.of("SIP over TCP to " + destination + " does not connect: " + e.getMessage());
                    }
                }, tcpWorkers);
            } catch (RejectedExecutionException e) {
                return CompletableFuture.completedFuture(Optional.of("too many SIP transactions open"));
            }
        }
        UdpEndpoint udp = endpoint.orElseThrow();
        NotifyRequest request = NotifyRequest.options("UDP", advertised(destination), udp.localAddress().getPort(),
                fromUser, phone.host(), phone.sipPort());
        request.nextTransaction();
        return udpTransaction(request, null, destination, udp).thenApply(outcome -> outcome.response().isPresent()
                ? Optional.<String>empty()
                : Optional.of("no answer to SIP OPTIONS at " + destination + " (" + outcome.message() + ")"));
    }

    private CompletableFuture<Delivery> deliver(NotifyLane lane, PhoneConfiguration phone,
            ActiveUriInstruction instruction) {
        InetSocketAddress destination = new InetSocketAddress(phone.host(), phone.sipPort());
        if (destination.isUnresolved()) {
            return CompletableFuture.completedFuture(
                    report(lane, phone, Outcome.failed(CommandError.UNREACHABLE, "unknown host " + phone.host()), false,
                            false));
        }
        String user = config.digestUser().isEmpty() ? phone.username() : config.digestUser();
        String password = config.digestUser().isEmpty() ? phone.password() : config.digestPassword();
        boolean credentials = !user.isEmpty();
        SipNotify notify = new SipNotify(instruction);
        boolean door = instruction.kind() == ActiveUriInstruction.Kind.OPEN_DOOR;
        logger.debug("NOTIFY {} to {} ({})", instruction, phone.id(), destination);
        if (tcp) {
            try {
                // reported on the worker too: a refused connection is quick, and reporting it on the caller's
                // thread would drain the lane before the caller's next NOTIFYs joined it
                return CompletableFuture.supplyAsync(() -> report(lane, phone,
                        overTcp(lane, phone, notify, destination, user, password), credentials, door), tcpWorkers);
            } catch (RejectedExecutionException e) {
                return CompletableFuture.completedFuture(report(lane, phone, Outcome.failed(closed
                        ? CommandError.NO_TRANSPORT : CommandError.BUSY, closed ? "the SIP transport was stopped"
                                : "too many SIP NOTIFYs open"), credentials, door));
            }
        }
        return overUdp(lane, phone, notify, destination, user, password)
                .thenApply(o -> report(lane, phone, o, credentials, door));
    }

    private CompletableFuture<Outcome> overUdp(NotifyLane lane, PhoneConfiguration phone, SipNotify notify,
            InetSocketAddress destination, String user, String password) {
        UdpEndpoint udp = endpoint.orElseThrow();
        String localHost = advertised(destination);
        NotifyRequest request = new NotifyRequest("UDP", localHost, udp.localAddress().getPort(), fromUser,
                phone.host(), phone.sipPort(), notify);
        request.nextTransaction();
        String authorization = preemptive(lane, request, user, password);
        return udpTransaction(request, authorization, destination, udp).thenCompose(first -> {
            Optional<String> retry = challengeAnswer(lane, request, first, user, password);
            if (retry.isEmpty()) {
                return CompletableFuture.completedFuture(first);
            }
            request.nextTransaction();
            return udpTransaction(request, retry.get(), destination, udp);
        });
    }

    private CompletableFuture<Outcome> udpTransaction(NotifyRequest request, String authorization,
            InetSocketAddress destination, UdpEndpoint udp) {
        return new NotifyTransaction(request, request.render(authorization), destination, udp, timers, t1, t2,
                listener).start();
    }

    private Outcome overTcp(NotifyLane lane, PhoneConfiguration phone, SipNotify notify, InetSocketAddress destination,
            String user, String password) {
        TcpConnection connection;
        try {
            connection = TcpConnection.open(destination, bind, Math.max(1, config.connectTimeoutMs()));
        } catch (IOException e) {
            return Outcome.failed(CommandError.UNREACHABLE, "cannot connect to " + destination + " over TCP: "
                    + e.getMessage());
        }
        tcpSockets.add(connection.socket());
        try {
            String localHost = config.advertisedAddress().isBlank()
                    ? connection.localAddress().getAddress().getHostAddress() : config.advertisedAddress().trim();
            NotifyRequest request = new NotifyRequest("TCP", localHost, connection.localAddress().getPort(),
                    fromUser, phone.host(), phone.sipPort(), notify);
            request.nextTransaction();
            String authorization = preemptive(lane, request, user, password);
            Outcome outcome = connection.transact(request, request.render(authorization), 64 * t1, listener);
            Optional<String> retry = challengeAnswer(lane, request, outcome, user, password);
            if (retry.isPresent()) {
                request.nextTransaction();
                outcome = connection.transact(request, request.render(retry.get()), 64 * t1, listener);
            }
            return outcome;
        } finally {
            tcpSockets.remove(connection.socket());
            connection.close();
        }
    }

    private String preemptive(NotifyLane lane, NotifyRequest request, String user, String password) {
        Auth auth = lane.auth();
        if (auth == null || !auth.user().equals(user) || !auth.password().equals(password)) {
            return null;
        }
        return auth.header() + ": " + auth.digest().authorize("NOTIFY", request.requestUri());
    }

    /** The credentials line answering a 401/407, if we have credentials and a digest we can answer. */
    private Optional<String> challengeAnswer(NotifyLane lane, NotifyRequest request, Outcome outcome, String user,
            String password) {
        if (outcome.response().isEmpty() || user.isEmpty()) {
            return Optional.empty();
        }
        SipResponse response = outcome.response().get();
        int status = response.status();
        if (status != 401 && status != 407) {
            return Optional.empty();
        }
        String header = status == 401 ? "Authorization" : "Proxy-Authorization";
        List<DigestChallenge> challenges = new ArrayList<>();
        response.headers(status == 401 ? "www-authenticate" : "proxy-authenticate")
                .forEach(value -> challenges.addAll(DigestChallenge.parse(value)));
        Optional<DigestAuthenticator> digest = DigestAuthenticator.choose(challenges, user, password);
        if (digest.isEmpty()) {
            return Optional.empty();
        }
        lane.auth(new Auth(header, user, password, digest.get()));
        return Optional.of(header + ": " + digest.get().authorize("NOTIFY", request.requestUri()));
    }

    /**
     * Turns the outcome into the command's result and the phone's status. A phone that went OFFLINE for want
     * of an answer fails the NOTIFYs queued behind this one at once, as the HTTP transport does: each would
     * otherwise wait its own Timer F, long after its caller gave up, and could still reach the phone (open a
     * door) when it came back. NOTIFYs sent later are tried again: the phone may be back.
     */
    private Delivery report(NotifyLane lane, PhoneConfiguration phone, Outcome outcome, boolean credentials,
            boolean door) {
        Delivery delivery = map(outcome, credentials, door);
        CommandError error = delivery.error().orElse(null);
        boolean offline = false;
        if (error == CommandError.TIMEOUT || error == CommandError.UNREACHABLE) {
            offline = lane.recordFailure() >= Math.max(1, config.offlineAfterFailures());
        } else if (error != CommandError.NO_TRANSPORT && error != CommandError.BUSY) {
            lane.recordAnswer();
        }
        if (error == CommandError.UNAUTHORIZED) {
            lane.auth(null);
        }
        List<NotifyLane.Job> failedWith = List.of();
        // a door that refuses a code has answered: the intercom is there and takes this address's NOTIFYs
        if (error == CommandError.UNAUTHORIZED || error == CommandError.FORBIDDEN && !door) {
            things.updateStatus(phone.id(),
                    ThingStatusInfo.offline(ThingStatusDetail.AUTHENTICATION_ERROR, delivery.message()));
        } else if (offline) {
            things.updateStatus(phone.id(), ThingStatusInfo.offline(ThingStatusDetail.COMMUNICATION_ERROR,
                    "SIP NOTIFY: " + delivery.message()));
            failedWith = lane.drain();
        }
        logger.debug("NOTIFY to {}: {}", phone.id(), delivery.ok() ? delivery.message() : error + " " + delivery.message());
        if (!failedWith.isEmpty()) {
            logger.info("Phone {} is offline; failing its {} queued NOTIFYs", phone.id(), failedWith.size());
            Delivery queuedFailure = Delivery.failed(error, "phone " + phone.id() + " is offline: "
                    + delivery.message());
            failedWith.forEach(queued -> queued.result.complete(queuedFailure));
        }
        return delivery;
    }

    private static Delivery map(Outcome outcome, boolean credentials, boolean door) {
        if (outcome.response().isEmpty()) {
            return Delivery.failed(outcome.error(), outcome.message());
        }
        SipResponse response = outcome.response().get();
        int status = response.status();
        String code = "SIP " + status + (response.reason().isEmpty() ? "" : " " + response.reason());
        if (status >= 200 && status < 300) {
            return Delivery.delivered(code);
        }
        return switch (status) {
            case 401, 407 -> Delivery.failed(CommandError.UNAUTHORIZED, credentials
                    ? "phone refused the digest credentials (" + code + ")"
                    : "phone requires digest authentication (" + code + "): set digestUser and digestPassword in "
                            + PID + " or the phone's username and password");
            case 403 -> Delivery.failed(CommandError.FORBIDDEN, door
                    ? "the intercom did not open the door (" + code + "): a wrong door code, or this address is not"
                            + " among its Active URI source IPs (spec 3.2)"
                    : "phone refused the NOTIFY (" + code + "): allow this "
                    + "address in its Active URI source IPs, or send from its SIP server (spec 3.2)");
            default -> Delivery.failed(CommandError.REFUSED, "phone answered " + code);
        };
    }

    private String advertised(InetSocketAddress destination) {
        if (!config.advertisedAddress().isBlank()) {
            return config.advertisedAddress().trim();
        }
        InetAddress bound = bind.getAddress();
        if (!bound.isAnyLocalAddress()) {
            return bound.getHostAddress();
        }
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(destination);
            InetAddress local = probe.getLocalAddress();
            if (local != null && !local.isAnyLocalAddress()) {
                return local.getHostAddress();
            }
        } catch (SocketException | RuntimeException e) {
            logger.debug("No local address towards {}: {}", destination, e.toString());
        }
        return InetAddress.getLoopbackAddress().getHostAddress();
    }

    private static CompletionStage<Delivery> done(Delivery delivery) {
        return CompletableFuture.completedFuture(delivery);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return work -> {
            Thread thread = new Thread(work, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
