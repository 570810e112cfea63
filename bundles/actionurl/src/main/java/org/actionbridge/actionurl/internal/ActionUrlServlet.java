package org.actionbridge.actionurl.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingRegistry;
import org.actionbridge.protocol.ActionUrlRequest;
import org.actionbridge.protocol.ActionUrlRequestParser;
import org.actionbridge.protocol.MacAddress;
import org.actionbridge.protocol.ProtocolException;
import org.actionbridge.protocol.Variable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code GET /actionurl/{token}/{event}?{variables}}: 200 accepted, 400 malformed, 403 source not
 * allowed, 404 wrong token (the same answer for every wrong token), 405 not GET, 503 when the phone's
 * queue is full. Nothing is applied for a refused request. The request returns as soon as the event is
 * queued; the phone waits on it.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/actionurl/*")
@HttpWhiteboardServletName("actionbridge-actionurl")
public final class ActionUrlServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Logger logger = LoggerFactory.getLogger(ActionUrlServlet.class);
    private final transient ThingRegistry registry;
    private final transient ReceiverSettings settings;
    private final transient EventDispatcher dispatcher;
    private final transient DiscoveryInboxImpl inbox;
    private final transient RejectionLog rejections;
    private final transient DuplicateFilter duplicates = new DuplicateFilter();
    /** Per request thread: looking SHA-256 up for every request cost more than hashing the token. */
    private final transient ThreadLocal<MessageDigest> sha256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    });
    // below the request-line limit of etc/jetty.xml (64 KiB), so that an oversized query gets our 400 and its reason
    private final transient ActionUrlRequestParser parser = new ActionUrlRequestParser(
            new ActionUrlRequestParser.Limits(4096, 64, 64, 1024));

    @Activate
    public ActionUrlServlet(@Reference ThingRegistry registry, @Reference ReceiverSettings settings,
            @Reference EventDispatcher dispatcher, @Reference DiscoveryInboxImpl inbox,
            @Reference RejectionLog rejections) {
        this.registry = registry;
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.inbox = inbox;
        this.rejections = rejections;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"GET".equals(request.getMethod())) {
            response.setHeader("Allow", "GET");
            answer(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "only GET is accepted");
            return;
        }
        receive(request, response);
    }

    private void receive(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ReceiverSettings.Snapshot s = settings.current();
        String source = ClientAddress.of(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"),
                s.trustedProxies());

        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String[] segments = path.startsWith("/") ? path.substring(1).split("/", -1) : new String[] { "" };
        if (!tokenMatches(segments[0], s)) {
            reject(response, source, HttpServletResponse.SC_NOT_FOUND, "not found", "wrong token");
            return;
        }
        if (segments.length != 2 || segments[1].isEmpty()) {
            reject(response, source, HttpServletResponse.SC_BAD_REQUEST,
                    "expected /actionurl/{token}/{event}?{variables}", "bad path");
            return;
        }
        // refuse unknown senders before spending any work on their input
        if (!s.allowedSources().contains(source) && registry.findByIp(source).isEmpty()) {
            reject(response, source, HttpServletResponse.SC_FORBIDDEN, "source " + source + " is not allowed",
                    "source not allowed");
            return;
        }

        String rawQuery = request.getQueryString();
        ActionUrlRequest event;
        try {
            event = parser.parse(segments[1], rawQuery);
        } catch (ProtocolException e) {
            reject(response, source, HttpServletResponse.SC_BAD_REQUEST, e.getMessage(),
                    "malformed: " + e.getMessage());
            return;
        }

        Optional<MacAddress> mac = event.mac();
        Optional<Thing> thing = mac.flatMap(m -> registry.findByMac(m.value()));
        if (thing.isEmpty()) {
            thing = registry.findByIp(source).filter(t -> mac.isEmpty() || configuredMac(t).isEmpty()
                    || configuredMac(t).equals(mac.get().value()));
        }
        if (thing.isEmpty() && !s.allowedSources().contains(source)) {
            // a configured phone's own address passed the gate above: it may send for that phone only
            String unknown = mac.map(m -> "phone " + m.value()).orElse("a phone without a MAC");
            reject(response, source, HttpServletResponse.SC_FORBIDDEN, "source " + source
                    + " may send only for its own phone, not for " + unknown, "unknown phone " + unknown
                    + " from a phone's address");
            return;
        }
        if (thing.isEmpty()) {
            inbox.record(mac.map(MacAddress::value).orElse(""), source, event.value(Variable.MODEL).orElse(""),
                    event.value(Variable.FIRMWARE).orElse(""), event.event().wireName());
            answer(response, HttpServletResponse.SC_OK, "accepted: unknown phone, kept in the discovery inbox");
            return;
        }
        Thing target = thing.get();
        if (!s.allowedSources().contains(source) && !isOwnAddress(target, source)) {
            reject(response, source, HttpServletResponse.SC_FORBIDDEN,
                    "source " + source + " may not send for " + target.id(), "source not allowed for " + target.id());
            return;
        }

        String callId = event.value(Variable.CALL_ID).orElse("");
        DuplicateFilter.Key key = DuplicateFilter.key(target.id(), event.event().wireName(), callId,
                rawQuery == null ? "" : rawQuery);
        if (duplicates.isDuplicate(key, System.nanoTime(), s.duplicateWindowMillis() * 1_000_000L)) {
            answer(response, HttpServletResponse.SC_OK, "accepted: duplicate, not applied again");
            return;
        }
        if (!dispatcher.offer(target, new EventDispatcher.Accepted(event, Instant.now()))) {
            duplicates.forget(key); // the phone's retry must be applied, not answered as a repeat
            response.setHeader("Retry-After", "1");
            logger.debug("Queue of {} is full; answered 503", target.id());
            answer(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "busy: too many events queued for "
                    + target.id() + ", retry later");
            return;
        }
        answer(response, HttpServletResponse.SC_OK, "accepted");
    }

    private boolean tokenMatches(String candidate, ReceiverSettings.Snapshot s) {
        MessageDigest digest = sha256.get();
        byte[] hashed = digest.digest(candidate.getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(hashed, s.tokenDigest());
    }

    private static String configuredMac(Thing thing) {
        return thing.configuration().map(PhoneConfiguration::mac).orElse("");
    }

    private static boolean isOwnAddress(Thing thing, String source) {
        return source.equals(thing.ipAddress())
                || thing.configuration().map(PhoneConfiguration::host).filter(source::equals).isPresent();
    }

    private void reject(HttpServletResponse response, String source, int status, String message, String reason)
            throws IOException {
        rejections.record(source, status, reason);
        logger.debug("Refused Action URL from {}: {} {}", source, status, reason);
        answer(response, status, message);
    }

    private static void answer(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(message + "\n");
    }
}
