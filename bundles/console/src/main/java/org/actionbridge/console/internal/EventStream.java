package org.actionbridge.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.servlet.AsyncContext;
import javax.servlet.ServletOutputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.actionbridge.core.ThingEvents;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code GET /actionbridge/api/events} stream: receives the core's EventAdmin events and fans them out
 * to every connected client without blocking EventAdmin. One writer thread does all (non-blocking) writes
 * and the heartbeats that keep proxies from closing idle streams and find clients that went away.
 */
@Component(service = { EventStream.class, EventHandler.class }, configurationPid = ConsoleAccess.PID,
        property = EventConstants.EVENT_TOPIC + "=" + ThingEvents.TOPIC_PREFIX + "*")
public final class EventStream implements EventHandler {

    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Logger logger = LoggerFactory.getLogger(EventStream.class);
    /** The connected clients, each with its user. */
    private final Map<SseClient, String> clients = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final ScheduledExecutorService writer;
    private final ScheduledFuture<?> heartbeats;
    private final int capacity;
    private final int maxClients;
    private final int maxClientsPerUser;

    @Activate
    public EventStream(ConsoleConfig config) {
        this.capacity = Math.max(8, config.clientBufferMessages());
        this.maxClients = Math.max(1, config.maxClients());
        this.maxClientsPerUser = Math.max(1, config.maxClientsPerUser());
        this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "actionbridge-console-events");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, config.heartbeatSeconds());
        this.heartbeats = writer.scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        heartbeats.cancel(false);
        for (SseClient client : clients.keySet()) {
            client.close();
        }
        writer.shutdownNow();
    }

    /** How many clients are connected. */
    int clientCount() {
        return clients.size();
    }

    @Override
    public void handleEvent(Event event) {
        if (clients.isEmpty()) {
            return;
        }
        SseMessages.of(event).ifPresent(message -> {
            byte[] bytes = message.bytes(ids.incrementAndGet());
            for (SseClient client : clients.keySet()) {
                if (client.wants(message.thingId())) {
                    client.offer(bytes);
                }
            }
        });
    }

    private void heartbeat() {
        for (SseClient client : clients.keySet()) {
            client.offer(HEARTBEAT);
        }
    }

    /**
     * Turns the request into an event stream (asynchronous, non-blocking). Answers 503 when there are
     * already as many clients as allowed, in all or for this user (so that one user cannot take every slot).
     */
    void open(HttpServletRequest request, HttpServletResponse response, Optional<String> thingFilter, String user)
            throws IOException {
        if (clients.size() >= maxClients) {
            ApiResponses.error(response, 503, "UNAVAILABLE", "too many event stream clients (" + maxClients + ")");
            return;
        }
        long mine = clients.values().stream().filter(user::equals).count();
        if (mine >= maxClientsPerUser) {
            ApiResponses.error(response, 503, "UNAVAILABLE", "user " + user + " already has " + mine
                    + " event streams open (maxClientsPerUser)");
            return;
        }
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache, no-store");
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader("X-Content-Type-Options", "nosniff");
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        ServletOutputStream out = response.getOutputStream();
        String name = "#" + connections.incrementAndGet() + " (" + user + ", " + request.getRemoteAddr() + ")";
        SseClient client = new SseClient(name, async, out, capacity, writer, thingFilter, gone -> {
            clients.remove(gone);
            logger.debug("Event stream client {} disconnected", gone);
        });
        async.addListener(client);
        // non-blocking mode first: nothing may be written to the stream before
        out.setWriteListener(client);
        clients.put(client, user);
        logger.debug("Event stream client {} connected", name);
        client.offer(("retry: 3000\nevent: hello\ndata: " + Json.write(Map.of("user", user)) + "\n\n")
                .getBytes(StandardCharsets.UTF_8));
    }
}
