package org.actionbridge.emulator.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

import org.actionbridge.emulator.Alarm;
import org.actionbridge.emulator.DeviceState;
import org.actionbridge.emulator.ExecutionResult;
import org.actionbridge.protocol.ActiveUriInstruction;
import org.actionbridge.protocol.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The web server of one emulated device, on its own address and port: Active URI at
 * {@code GET /cgi-bin/ConfigManApp.com?key=...} (spec 3.4, 3.5, with the source IP rule of spec 3.2 and basic
 * authentication with the device's web login), and the emulator's control endpoint {@code POST /emulator/{action}}
 * and {@code GET /emulator/state} (DESIGN.md), a path a real phone does not use.
 */
final class DeviceHttpServer implements AutoCloseable {

    static final String ACTIVE_URI_PATH = "/cgi-bin/ConfigManApp.com";
    static final String CONTROL_PATH = "/emulator/";
    private static final int MAX_BODY = 8192;

    private final Logger logger = LoggerFactory.getLogger(DeviceHttpServer.class);
    private final EmulatedPhone phone;
    private final EmulatorConfig config;
    private final HttpServer server;
    private final ExecutorService executor;

    DeviceHttpServer(EmulatedPhone phone) throws IOException {
        this.phone = phone;
        this.config = phone.config();
        this.server = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.httpPort()), 50);
        // bounded: beyond 4 busy threads and 64 waiting exchanges the dispatcher itself serves (back pressure)
        this.executor = NamedThreads.bounded("emulator-" + config.id() + "-http", 4, 64,
                new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(executor);
        server.createContext(ACTIVE_URI_PATH, this::activeUri);
        server.createContext(CONTROL_PATH, this::control);
        server.createContext("/", exchange -> respond(exchange, 404, "text/plain", "not found\n"));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        NamedThreads.stop(executor);
    }

    // ------------------------------------------------------------------ Active URI

    private void activeUri(HttpExchange exchange) throws IOException {
        try (exchange) {
            drain(exchange);
            if (!ACTIVE_URI_PATH.equals(exchange.getRequestURI().getRawPath())) {
                respond(exchange, 404, "text/plain", "not found\n");
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                respond(exchange, 405, "text/plain", "Active URI takes GET\n");
                return;
            }
            if (!config.httpSourceAllowed(exchange.getRemoteAddress().getAddress())) {
                logger.debug("Emulator {}: Active URI from {} refused by the source IP list", config.id(),
                        exchange.getRemoteAddress().getAddress().getHostAddress());
                respond(exchange, 403, "text/plain", "source IP not allowed (Active URI Source IP)\n");
                return;
            }
            if (!authorised(exchange)) {
                return;
            }
            if (phone.rebooting()) {
                respond(exchange, 503, "text/plain", "restarting\n");
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            ActiveUriInstruction instruction;
            try {
                instruction = ActiveUriInstruction.parseQuery(query == null ? "" : query);
            } catch (ProtocolException e) {
                respond(exchange, 400, "text/plain", e.getMessage() + "\n");
                return;
            }
            ExecutionResult result = phone.execute(instruction);
            logger.debug("Emulator {}: Active URI {} -> {} {}", config.id(), instruction, result.outcome(),
                    result.message());
            int status = switch (result.outcome()) {
                case DONE -> 200;
                case REFUSED -> 403;
                case UNSUPPORTED -> 400;
                case UNAVAILABLE -> 503;
            };
            respond(exchange, status, "text/plain", result.message() + "\n");
        } catch (RuntimeException e) {
            logger.warn("Emulator {}: Active URI request failed: {}", config.id(), e.toString());
            respond(exchange, 500, "text/plain", "internal error\n");
        }
    }

    // ------------------------------------------------------------------ control

    private void control(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try {
                body = readBody(exchange);
            } catch (IOException e) {
                respond(exchange, 413, "application/json", StateJson.error("request body larger than " + MAX_BODY));
                return;
            }
            if (!authorised(exchange)) {
                return;
            }
            String action = exchange.getRequestURI().getRawPath().substring(CONTROL_PATH.length());
            String method = exchange.getRequestMethod();
            if ("state".equals(action)) {
                if (!"GET".equals(method)) {
                    exchange.getResponseHeaders().set("Allow", "GET");
                    respond(exchange, 405, "application/json", StateJson.error("state takes GET"));
                    return;
                }
                respond(exchange, 200, "application/json", StateJson.write(phone.state()));
                return;
            }
            if (!"POST".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "POST");
                respond(exchange, 405, "application/json", StateJson.error("actions take POST"));
                return;
            }
            Map<String, String> params = new LinkedHashMap<>();
            parseParameters(exchange.getRequestURI().getRawQuery(), params);
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType == null || contentType.toLowerCase(Locale.ROOT)
                    .startsWith("application/x-www-form-urlencoded")) {
                parseParameters(body, params);
            }
            try {
                DeviceState state = act(action, params);
                if (state == null) {
                    respond(exchange, 404, "application/json", StateJson.error("unknown action '" + action
                            + "'; actions: ring, remote-answer, remote-hangup, registration-failure, "
                            + "registration-success, ip-change, sms, mwi, alarm, output, forward, web-login; GET state"));
                    return;
                }
                logger.debug("Emulator {}: control {} {}", config.id(), action, params.keySet());
                respond(exchange, 200, "application/json", StateJson.write(state));
            } catch (IllegalArgumentException e) {
                respond(exchange, 400, "application/json", StateJson.error(e.getMessage()));
            } catch (IllegalStateException e) {
                respond(exchange, 409, "application/json", StateJson.error(e.getMessage()));
            }
        } catch (RuntimeException e) {
            logger.warn("Emulator {}: control request failed: {}", config.id(), e.toString());
            respond(exchange, 500, "application/json", StateJson.error("internal error"));
        }
    }

    private DeviceState act(String action, Map<String, String> p) {
        switch (action) {
            case "ring":
                return phone.ring(required(p, "number"), p.getOrDefault("name", ""));
            case "remote-answer":
                return phone.remoteAnswer();
            case "remote-hangup":
                return p.containsKey("call") ? phone.remoteHangup(integer(p, "call")) : phone.remoteHangup();
            case "registration-failure":
                return phone.registrationFailure();
            case "registration-success":
                return phone.registrationSuccess();
            case "ip-change":
                return phone.ipChange(required(p, "ip"));
            case "sms":
                return phone.sms(required(p, "from"), p.getOrDefault("text", ""));
            case "mwi":
                return phone.mwi(integer(p, "count"));
            case "alarm": {
                String kind = required(p, "kind");
                Alarm alarm = Alarm.fromId(kind).orElseThrow(() -> new IllegalArgumentException(
                        "kind must be door-sensor-1, door-sensor-2 or tamper, not '" + kind + "'"));
                return bool(p, "active", true) ? phone.alarm(alarm) : phone.clearAlarm(alarm);
            }
            case "output":
                return phone.output(integer(p, "output"), bool(p, "active", true));
            case "forward":
                return phone.forward(required(p, "kind"), bool(p, "enabled", true));
            case "web-login":
                return phone.webLogin(required(p, "username"), p.getOrDefault("password", ""));
            default:
                return null;
        }
    }

    private static String required(Map<String, String> p, String name) {
        String value = p.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("parameter '" + name + "' is missing");
        }
        return value;
    }

    private static int integer(Map<String, String> p, String name) {
        String value = required(p, name).trim();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + name + "' must be a whole number");
        }
    }

    private static boolean bool(Map<String, String> p, String name, boolean defaultValue) {
        String value = p.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "on", "1", "yes" -> true;
            case "false", "off", "0", "no" -> false;
            default -> throw new IllegalArgumentException("parameter '" + name + "' must be true or false");
        };
    }

    private static void parseParameters(String raw, Map<String, String> into) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = PercentDecoding.decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : PercentDecoding.decode(pair.substring(eq + 1), true);
            into.putIfAbsent(name, value);
        }
    }

    // ------------------------------------------------------------------ HTTP helpers

    /** Checks basic authentication; on failure answers 401 with a challenge and returns false. */
    private boolean authorised(HttpExchange exchange) throws IOException {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                byte[] given = Base64.getDecoder().decode(header.substring(6).trim());
                if (phone.webLoginMatches(given)) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                // not base64: refused below
            }
        }
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + config.model()
                + "\", charset=\"UTF-8\"");
        respond(exchange, 401, "text/plain", "authentication required\n");
        return false;
    }

    private static void drain(HttpExchange exchange) throws IOException {
        // read, not skip: in JDK 17 skip() bypasses the body's length and blocks on the connection
        try (InputStream in = exchange.getRequestBody()) {
            byte[] buffer = new byte[1024];
            int total = 0;
            int n;
            while (total < MAX_BODY && (n = in.read(buffer)) > 0) {
                total += n;
            }
        }
    }

    private static String readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                if (out.size() > MAX_BODY) {
                    throw new IOException("body too large");
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType + "; charset=utf-8");
        exchange.getResponseHeaders().set("Server", "Fanvil " + config.model() + " " + config.firmware()
                + " (ActionBridge emulator)");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
