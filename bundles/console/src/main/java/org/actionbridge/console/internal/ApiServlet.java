package org.actionbridge.console.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.actionbridge.actionurl.ActionUrlSetup;
import org.actionbridge.actionurl.DiscoveryInbox;
import org.actionbridge.actionurl.InboxEntry;
import org.actionbridge.core.CommandError;
import org.actionbridge.core.CommandRequest;
import org.actionbridge.core.CommandResult;
import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingRegistry;
import org.actionbridge.core.ThingUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON API under {@code /actionbridge/api/}: things, commands, Action URL lines, the discovery inbox
 * and the event stream. Every request needs HTTP basic credentials of the JAAS realm: 401 without, 403
 * without the role (reads: viewer or admin; writes: admin). Errors are JSON objects with {@code error} and
 * {@code message}, never a stack trace.
 */
@Component(service = Servlet.class, configurationPid = ConsoleAccess.PID)
@HttpWhiteboardServletPattern(ApiServlet.PATH + "/*")
@HttpWhiteboardServletName("actionbridge-api")
@HttpWhiteboardServletAsyncSupported
public final class ApiServlet extends HttpServlet {

    static final String PATH = "/actionbridge/api";
    /** Longer request bodies are refused (413). */
    static final int MAX_BODY = 16 * 1024;
    /** A number value may have at most this many digits written out (1e999999999 would be a billion). */
    static final int MAX_NUMBER_DIGITS = 64;

    private static final long serialVersionUID = 1L;
    private static final Set<String> COMMAND_MEMBERS = Set.of("command", "value", "correlation");

    private final transient Logger logger = LoggerFactory.getLogger(ApiServlet.class);
    private final transient ThingRegistry registry;
    private final transient ConsoleAccess access;
    private final transient EventStream events;
    private final long commandTimeoutMillis;

    // from the actionurl bundle, which may be stopped or updated on its own
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ActionUrlSetup actionUrls;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DiscoveryInbox inbox;

    @Activate
    public ApiServlet(@Reference ThingRegistry registry, @Reference ConsoleAccess access,
            @Reference EventStream events, ConsoleConfig config) {
        this.registry = registry;
        this.access = access;
        this.events = events;
        this.commandTimeoutMillis = Math.max(1, config.commandTimeoutSeconds()) * 1000L;
    }

    /** A request for one of the API's resources, with the methods it allows. */
    record Route(String name, Set<String> methods, List<String> parameters) {
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            handle(request, response);
        } catch (IOException e) {
            logger.debug("API {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
        } catch (RuntimeException e) {
            logger.warn("API {} {} failed", request.getMethod(), request.getRequestURI(), e);
            if (!response.isCommitted()) {
                response.reset();
                ApiResponses.error(response, 500, "INTERNAL", "internal error; the log has the details");
            }
        }
    }

    private void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Caller> caller = access.caller(request);
        if (caller.isEmpty()) {
            ApiResponses.unauthorized(response);
            return;
        }
        Optional<Route> route = hasEncodedSeparator(request.getRequestURI()) ? Optional.empty()
                : route(request.getPathInfo());
        if (route.isEmpty()) {
            ApiResponses.error(response, 404, "NOT_FOUND", "no such API resource: " + request.getRequestURI());
            return;
        }
        String method = request.getMethod();
        if (!route.get().methods().contains(method)) {
            response.setHeader("Allow", String.join(", ", new TreeSet<>(route.get().methods())));
            ApiResponses.error(response, 405, "METHOD_NOT_ALLOWED",
                    method + " is not allowed here; use " + String.join(" or ", new TreeSet<>(route.get().methods())));
            return;
        }
        boolean write = !method.equals("GET");
        switch (access.decide(caller, write)) {
            case UNAUTHENTICATED -> {
                ApiResponses.unauthorized(response);
                return;
            }
            case FORBIDDEN -> {
                ApiResponses.forbidden(response, write);
                return;
            }
            case ALLOWED -> {
                // go on
            }
        }
        if (write && !isJson(request.getContentType())) {
            // also keeps other web sites' forms out: a browser cannot send this content type across origins
            // without a CORS preflight, which is not answered
            ApiResponses.error(response, 415, "UNSUPPORTED_MEDIA_TYPE",
                    "send Content-Type: application/json, in UTF-8 (an empty body is fine where there is nothing to say)");
            return;
        }
        List<String> p = route.get().parameters();
        switch (route.get().name()) {
            case "me" -> me(response, caller.get());
            case "things" -> ApiResponses.json(response, 200, registry.getAll().stream().map(ApiJson::thing).toList());
            case "thing" -> withThing(response, p.get(0), thing -> ApiResponses.json(response, 200, ApiJson.thing(thing)));
            case "commands" -> withThing(response, p.get(0), thing -> command(request, response, thing, caller.get()));
            case "action-urls" -> withThing(response, p.get(0), thing -> actionUrls(response, thing));
            case "inbox" -> inbox(response);
            case "approve" -> approve(request, response, p.get(0), caller.get());
            case "events" -> events(request, response, caller.get());
            default -> throw new IllegalStateException("route " + route.get().name());
        }
    }

    static Optional<Route> route(String pathInfo) {
        String path = pathInfo == null ? "" : pathInfo;
        if (path.endsWith("/") && path.length() > 1) {
            path = path.substring(0, path.length() - 1);
        }
        String[] s = path.startsWith("/") ? path.substring(1).split("/", -1) : new String[] { path };
        Set<String> get = Set.of("GET");
        Set<String> post = Set.of("POST");
        if (s.length == 1) {
            return switch (s[0]) {
                case "me" -> Optional.of(new Route("me", get, List.of()));
                case "things" -> Optional.of(new Route("things", get, List.of()));
                case "inbox" -> Optional.of(new Route("inbox", get, List.of()));
                case "events" -> Optional.of(new Route("events", get, List.of()));
                default -> Optional.empty();
            };
        }
        if (s[0].equals("things") && !s[1].isEmpty()) {
            if (s.length == 2) {
                return Optional.of(new Route("thing", get, List.of(s[1])));
            }
            if (s.length == 3 && s[2].equals("commands")) {
                return Optional.of(new Route("commands", post, List.of(s[1])));
            }
            if (s.length == 3 && s[2].equals("action-urls")) {
                return Optional.of(new Route("action-urls", get, List.of(s[1])));
            }
        }
        if (s[0].equals("inbox") && s.length == 3 && !s[1].isEmpty() && s[2].equals("approve")) {
            return Optional.of(new Route("approve", post, List.of(s[1])));
        }
        return Optional.empty();
    }

    /**
     * True when the raw path has an encoded '/', '\\' or '.': the servlet container decodes them before it
     * resolves dot segments, so {@code things/x%2F..%2Fdemo} would reach {@code demo}. No resource or thing
     * id of the API needs them.
     */
    static boolean hasEncodedSeparator(String rawPath) {
        String path = rawPath == null ? "" : rawPath.toLowerCase(Locale.ROOT);
        return path.contains("%2f") || path.contains("%5c") || path.contains("%2e");
    }

    /** application/json, in UTF-8 (RFC 8259 allows no other encoding between systems). */
    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].trim().equalsIgnoreCase("charset") && (parameter.length < 2
                    || !parameter[1].trim().replace("\"", "").equalsIgnoreCase("utf-8"))) {
                return false;
            }
        }
        return true;
    }

    private void events(HttpServletRequest request, HttpServletResponse response, Caller caller) throws IOException {
        Optional<String> thing = Optional.ofNullable(request.getParameter("thing")).filter(s -> !s.isBlank());
        if (thing.isPresent() && !(ThingUID.isValidId(thing.get()) && registry.get(thing.get()).isPresent())) {
            ApiResponses.error(response, 404, "NOT_FOUND", "no thing '" + printable(thing.get()) + "'");
            return;
        }
        events.open(request, response, thing, caller.user());
    }

    private interface ThingAction {
        void run(Thing thing) throws IOException;
    }

    private void withThing(HttpServletResponse response, String id, ThingAction action) throws IOException {
        Optional<Thing> thing = ThingUID.isValidId(id) ? registry.get(id) : Optional.empty();
        if (thing.isEmpty()) {
            ApiResponses.error(response, 404, "NOT_FOUND", "no thing '" + printable(id) + "'");
            return;
        }
        action.run(thing.get());
    }

    private void me(HttpServletResponse response, Caller caller) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("user", caller.user());
        json.put("roles", new TreeSet<>(caller.roles()));
        json.put("mayWrite", access.mayWrite(caller));
        ApiResponses.json(response, 200, json);
    }

    private void command(HttpServletRequest request, HttpServletResponse response, Thing thing, Caller caller)
            throws IOException {
        Optional<Map<String, Object>> read = objectBody(request, response, false);
        if (read.isEmpty()) {
            return;
        }
        Map<String, Object> body = read.get();
        List<String> unknown = new ArrayList<>(body.keySet());
        unknown.removeAll(COMMAND_MEMBERS);
        if (!unknown.isEmpty()) {
            ApiResponses.error(response, 400, "BAD_REQUEST",
                    "unknown member(s) " + unknown + "; expected {\"command\": \"dial\", \"value\": \"0000\"}");
            return;
        }
        if (!(body.get("command") instanceof String command) || command.isBlank()) {
            ApiResponses.error(response, 400, "BAD_REQUEST",
                    "\"command\" must be a command name such as \"dial\", \"answer\", \"hangup\"");
            return;
        }
        if (body.get("value") instanceof BigDecimal number && plainDigits(number) > MAX_NUMBER_DIGITS) {
            ApiResponses.error(response, 400, "BAD_REQUEST", "\"value\" is a number of more than "
                    + MAX_NUMBER_DIGITS + " digits when written out; send it as a string");
            return;
        }
        Optional<String> value = scalar(body.get("value"));
        if (value.isEmpty()) {
            ApiResponses.error(response, 400, "BAD_REQUEST", "\"value\" must be a string, number or boolean");
            return;
        }
        Object correlation = body.get("correlation");
        if (correlation != null && !(correlation instanceof String)) {
            ApiResponses.error(response, 400, "BAD_REQUEST", "\"correlation\" must be a string");
            return;
        }
        CommandRequest commandRequest = new CommandRequest(thing.id(), command.trim(), value.get(),
                (String) correlation, "api");
        logger.debug("API command {} {} from {}", thing.id(), command, caller.user());

        // the phone may take a while (retries, SIP timers): do not hold a request thread meanwhile
        AsyncContext async = request.startAsync();
        async.setTimeout(commandTimeoutMillis);
        AtomicBoolean answered = new AtomicBoolean();
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) throws IOException {
                if (answered.compareAndSet(false, true)) {
                    ApiResponses.error(response, 504, "TIMEOUT", "the command did not finish within "
                            + commandTimeoutMillis / 1000 + " s; it may still run");
                    async.complete();
                }
            }

            @Override
            public void onComplete(AsyncEvent event) {
                answered.set(true);
            }

            @Override
            public void onError(AsyncEvent event) {
                answered.set(true);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // not restarted
            }
        });
        registry.submit(commandRequest).whenComplete((result, failure) -> {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            try {
                if (failure != null) {
                    logger.warn("Command {} on {} failed", command, thing.id(), failure);
                    ApiResponses.error(response, 500, "INTERNAL", "internal error; the log has the details");
                } else {
                    ApiResponses.json(response, statusOf(result), ApiJson.result(result));
                }
            } catch (IOException | RuntimeException e) {
                logger.debug("API command answer to {} not delivered: {}", caller.user(), e.toString());
            } finally {
                try {
                    async.complete();
                } catch (IllegalStateException e) {
                    // the client went away meanwhile
                }
            }
        });
    }

    /** 200 when the phone took the command; otherwise what best says why it did not. */
    static int statusOf(CommandResult result) {
        if (result.ok()) {
            return 200;
        }
        CommandError error = result.error().get();
        return switch (error) {
            case UNKNOWN_THING -> 404;
            case UNKNOWN_COMMAND, INVALID_VALUE -> 400;
            case CONFIGURATION_ERROR -> 409;
            case NO_TRANSPORT, BUSY -> 503;
            case TIMEOUT -> 504;
            case UNAUTHORIZED, FORBIDDEN, UNKNOWN_INSTRUCTION, UNREACHABLE, REFUSED -> 502;
            case INTERNAL -> 500;
        };
    }

    /** How many characters {@link BigDecimal#toPlainString()} would write, without writing them. */
    static long plainDigits(BigDecimal number) {
        long precision = number.precision();
        long scale = number.scale();
        if (scale <= 0) {
            return precision - scale; // digits, then zeros
        }
        return scale >= precision ? scale + 2 : precision + 1; // "0." and zeros, or a point among the digits
    }

    private static Optional<String> scalar(Object value) {
        if (value == null) {
            return Optional.of("");
        }
        if (value instanceof String string) {
            return Optional.of(string);
        }
        if (value instanceof BigDecimal number) {
            return Optional.of(number.toPlainString());
        }
        if (value instanceof Boolean bool) {
            return Optional.of(bool ? "ON" : "OFF");
        }
        return Optional.empty();
    }

    private void actionUrls(HttpServletResponse response, Thing thing) throws IOException {
        ActionUrlSetup setup = actionUrls;
        if (setup == null) {
            ApiResponses.error(response, 503, "UNAVAILABLE", "the Action URL receiver (actionbridge-actionurl) is not running");
            return;
        }
        try {
            ApiResponses.json(response, 200, ApiJson.actionUrls(thing.id(), setup.receiverBaseUrl(), setup.lines(thing.id())));
        } catch (IllegalArgumentException e) {
            ApiResponses.error(response, 409, "CONFLICT", e.getMessage());
        }
    }

    private void inbox(HttpServletResponse response) throws IOException {
        DiscoveryInbox current = inbox;
        if (current == null) {
            ApiResponses.error(response, 503, "UNAVAILABLE", "the Action URL receiver (actionbridge-actionurl) is not running");
            return;
        }
        List<Object> entries = new ArrayList<>();
        for (InboxEntry entry : current.entries()) {
            entries.add(ApiJson.inboxEntry(entry));
        }
        ApiResponses.json(response, 200, entries);
    }

    private void approve(HttpServletRequest request, HttpServletResponse response, String key, Caller caller)
            throws IOException {
        DiscoveryInbox current = inbox;
        if (current == null) {
            ApiResponses.error(response, 503, "UNAVAILABLE", "the Action URL receiver (actionbridge-actionurl) is not running");
            return;
        }
        Optional<Map<String, Object>> read = objectBody(request, response, true);
        if (read.isEmpty()) {
            return;
        }
        Map<String, Object> body = read.get();
        List<String> unknown = new ArrayList<>(body.keySet());
        unknown.remove("id");
        if (!unknown.isEmpty()) {
            ApiResponses.error(response, 400, "BAD_REQUEST", "unknown member(s) " + unknown + "; expected {\"id\": \"desk1\"}");
            return;
        }
        Object value = body.get("id");
        if (value != null && !(value instanceof String)) {
            ApiResponses.error(response, 400, "BAD_REQUEST", "\"id\" must be a string");
            return;
        }
        String id = value == null ? "" : (String) value;
        try {
            String thingId = current.approve(key, id);
            logger.info("Discovered phone {} approved as thing '{}' by {}", printable(key), thingId, caller.user());
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("key", key);
            json.put("id", thingId);
            ApiResponses.json(response, 200, json);
        } catch (IllegalArgumentException e) {
            // the inbox says "no phone '...' in the discovery inbox" for an unknown key
            boolean unknownKey = String.valueOf(e.getMessage()).startsWith("no phone");
            ApiResponses.error(response, unknownKey ? 404 : 400, unknownKey ? "NOT_FOUND" : "BAD_REQUEST",
                    String.valueOf(e.getMessage()));
        }
    }

    private static final class BodyTooLargeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException() {
            super("the body is larger than " + MAX_BODY + " bytes");
        }
    }

    /**
     * The request's body as a JSON object; an empty one for a blank body where {@code blankIsEmpty}. Empty after
     * answering 413 or 400 itself.
     */
    private static Optional<Map<String, Object>> objectBody(HttpServletRequest request, HttpServletResponse response,
            boolean blankIsEmpty) throws IOException {
        try {
            String text = body(request);
            return Optional.of(blankIsEmpty && text.isBlank() ? Map.of() : Json.readObject(text));
        } catch (BodyTooLargeException e) {
            ApiResponses.error(response, 413, "PAYLOAD_TOO_LARGE", e.getMessage());
        } catch (IllegalArgumentException e) {
            ApiResponses.error(response, 400, "BAD_REQUEST", "body is not a JSON object: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static String body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY) {
            throw new BodyTooLargeException();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try (InputStream in = request.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (bytes.size() + n > MAX_BODY) {
                    throw new BodyTooLargeException();
                }
                bytes.write(buffer, 0, n);
            }
        }
        try {
            // refuse what is not UTF-8 rather than pass replacement characters on to a phone
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("it is not valid UTF-8", e);
        }
    }

    private static String printable(String text) {
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
