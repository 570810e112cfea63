package org.actionbridge.activeuri.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/** A phone's Active URI endpoint on loopback, answering as the test tells it; records every request. */
final class PhoneServer implements AutoCloseable {

    /** One request as the phone saw it. */
    record Request(String path, String rawQuery, String authorization, long nanoTime) {
    }

    /** What the phone answers: status, extra header lines ("Name: value"), or throws to drop. */
    interface Behaviour {
        Answer answer(Request request, int index) throws Exception;
    }

    record Answer(int status, List<String> headers) {
        static Answer of(int status, String... headers) {
            return new Answer(status, List.of(headers));
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger maxConcurrent = new AtomicInteger();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    PhoneServer(Behaviour behaviour) throws IOException {
        this(behaviour, null);
    }

    PhoneServer(Behaviour behaviour, javax.net.ssl.SSLContext tls) throws IOException {
        this(behaviour, tls, 0);
    }

    PhoneServer(Behaviour behaviour, javax.net.ssl.SSLContext tls, int port) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
        if (tls == null) {
            server = HttpServer.create(address, 16);
        } else {
            HttpsServer https = HttpsServer.create(address, 16);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.createContext("/", exchange -> handle(exchange, behaviour));
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange, Behaviour behaviour) throws IOException {
        int now = concurrent.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
        boolean counted = true;
        try {
            Request request = new Request(exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Authorization"), System.nanoTime());
            requests.add(request);
            Answer answer = behaviour.answer(request, requests.size() - 1);
            for (String header : answer.headers()) {
                int colon = header.indexOf(':');
                exchange.getResponseHeaders().add(header.substring(0, colon), header.substring(colon + 1).trim());
            }
            byte[] body = ("status " + answer.status()).getBytes(StandardCharsets.UTF_8);
            // the request is over for the client once the answer is on its way: count it out first, or
            // the client's next request can overlap this thread's last steps
            concurrent.decrementAndGet();
            counted = false;
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (Exception e) {
            exchange.close();
        } finally {
            if (counted) {
                concurrent.decrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
