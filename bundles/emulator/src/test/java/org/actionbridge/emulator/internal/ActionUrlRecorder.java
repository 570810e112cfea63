package org.actionbridge.emulator.internal;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import com.sun.net.httpserver.HttpServer;

/** The Action URL receiver of a test: records every GET it gets, with its source address, and answers 200. */
final class ActionUrlRecorder implements AutoCloseable {

    /** One received request: the raw path and query as sent, and where it came from. */
    record Received(String uri, InetAddress source) {
        String event() {
            String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
            return path.substring(path.lastIndexOf('/') + 1);
        }

        /** The query parameters in order, values still percent-encoded. */
        Map<String, String> rawQuery() {
            Map<String, String> map = new LinkedHashMap<>();
            if (!uri.contains("?")) {
                return map;
            }
            for (String pair : uri.substring(uri.indexOf('?') + 1).split("&")) {
                int eq = pair.indexOf('=');
                map.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            return map;
        }

        /** The decoded value of a query parameter. */
        String value(String name) {
            String raw = rawQuery().get(name);
            return raw == null ? null : PercentDecoding.decode(raw);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<Received> received = new CopyOnWriteArrayList<>();

    ActionUrlRecorder() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                received.add(new Received(exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                        exchange.getRemoteAddress().getAddress()));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    /** The receiver base URL, as the emulator's actionUrlBase. */
    String base() {
        return "http://127.0.0.1:" + port() + "/actionurl/T0KEN";
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    List<String> events() {
        return received.stream().map(Received::event).toList();
    }

    /** The last request for the event. */
    Received last(String event) {
        List<Received> all = received();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).event().equals(event)) {
                return all.get(i);
            }
        }
        throw new AssertionError("no " + event + " received; got " + events());
    }

    /** Waits until exactly these events (in this order) arrived since the last {@link #clear()}. */
    void awaitEvents(String... events) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> org.assertj.core.api.Assertions.assertThat(events()).containsExactly(events));
    }

    void clear() {
        received.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
