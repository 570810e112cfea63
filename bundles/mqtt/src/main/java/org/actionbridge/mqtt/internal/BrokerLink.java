package org.actionbridge.mqtt.internal;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT 5 connection to the broker, kept up with exponential backoff. Publications leave in the order
 * they were handed in, at most {@code maxInflight} unacknowledged at a time. While connected, nothing is
 * dropped: a producer that calls {@link #awaitRoom()} waits while {@code bufferSize} publications are
 * queued, so a broker slower than the phones slows the producer down (a hard cap of twice the buffer
 * protects memory from producers that do not wait). While the broker is away,
 * retained publications are coalesced per topic and the others wait in a bounded buffer that drops its
 * oldest entry when full (counted and logged); while connected but behind, a retained state not sent yet
 * is skipped when a newer value of its topic follows ({@link OutboundQueue}); events are never skipped. On
 * every connection the owner's snapshot goes first, then
 * the coalesced retained messages, then the buffer. Publications the broker had not acknowledged when the
 * connection broke are sent again, so subscribers may see duplicates but never a gap.
 */
final class BrokerLink implements MqttCallback {

    /** The bridge's side of the link. */
    interface Owner {
        /** Everything retained to republish on a new connection (availability, states, discovery). */
        List<Publication> snapshot();

        /** A message on a subscribed topic; called on Paho's callback thread, must not block. */
        void messageArrived(String topic, MqttMessage message);
    }

    /** Settings of the link, from {@link MqttConfig}. */
    record Settings(String brokerUrl, String clientId, String username, String password, int keepAliveSeconds,
            int connectTimeoutSeconds,
            int maxInflight, int bufferSize, int reconnectMinDelayMillis, int reconnectMaxDelayMillis,
            String trustStore, String trustStorePassword, String trustStoreType, boolean hostnameVerification,
            Publication lastWill, List<String> subscriptions) {

        @Override
        public String toString() { // without the passwords
            return "brokerUrl=" + loggedUrl() + ", clientId=" + clientId + ", username=" + username;
        }

        /** The broker URL for the log: without any user:password@ written into it. */
        String loggedUrl() {
            return MqttConfigCheck.withoutUserInfo(brokerUrl);
        }
    }

    private static final int LOG_EVERY = 1000;
    /** Paho's reasons for not publishing that mean the connection is going or gone, not the publication is bad. */
    private static final Set<Integer> CONNECTION_GONE = Set.of(
            (int) MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED,
            (int) MqttClientException.REASON_CODE_CLIENT_DISCONNECTING,
            (int) MqttClientException.REASON_CODE_CLIENT_CLOSED,
            (int) MqttClientException.REASON_CODE_CONNECTION_LOST);
    /** The largest packet the broker may send us, in bytes. */
    static final long MAX_INCOMING_PACKET = 64 * 1024;
    /** How long closing waits for a connect in progress to be answered (on loopback: milliseconds). */
    private static final long CLOSE_WAIT_FOR_CONNECT_MILLIS = 3000;

    private final Logger logger = LoggerFactory.getLogger(BrokerLink.class);
    private final Settings settings;
    private final Owner owner;
    private final ScheduledExecutorService connector;

    private final Object lock = new Object();
    private final OutboundQueue pending = new OutboundQueue();
    private final Map<String, Publication> coalesced = new LinkedHashMap<>();
    private final Map<Long, Publication> inflight = new LinkedHashMap<>();
    private MqttAsyncClient client;
    private boolean connected;
    private boolean closed;
    private boolean draining;
    private boolean drainAgain;
    private int generation;
    private int window;
    private long nextId;
    private int attempts;
    /** Numbers connection attempts, so that a late answer to an abandoned one is ignored. */
    private int connectAttempt;
    /** The current client's connect, until it is answered: {@link #close} waits for it (bounded). */
    private IMqttToken connecting;
    private int roomWaiters;

    private long published;
    private long dropped;
    private long resent;
    private long rejected;

    BrokerLink(Settings settings, Owner owner, ScheduledExecutorService connector) {
        this.settings = settings;
        this.owner = owner;
        this.connector = connector;
        this.window = Math.max(1, settings.maxInflight());
    }

    /** Starts connecting in the background. */
    void start() {
        connector.execute(this::connect);
    }

    /** Hands a publication over; never blocks. */
    void publish(Publication publication) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (!connected) {
                park(publication);
                return;
            }
            pending.add(publication);
            trim(2 * settings.bufferSize());
        }
        drain();
    }

    /** Hands several publications over, in order. */
    void publishAll(List<Publication> publications) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            for (Publication publication : publications) {
                if (connected) {
                    pending.add(publication);
                } else {
                    park(publication);
                }
            }
            trim(connected ? 2 * settings.bufferSize() : settings.bufferSize());
        }
        drain();
    }

    /**
     * Waits while the broker is connected and {@code bufferSize} publications are already queued for it.
     * Returns at once while the broker is away (publications are then parked under the overflow policy).
     */
    void awaitRoom() throws InterruptedException {
        synchronized (lock) {
            while (!closed && connected && pending.size() >= settings.bufferSize()) {
                roomWaiters++;
                try {
                    lock.wait();
                } finally {
                    roomWaiters--;
                }
            }
        }
    }

    boolean isConnected() {
        synchronized (lock) {
            return connected;
        }
    }

    /** Counters for logs and tests. */
    String statistics() {
        synchronized (lock) {
            return "published " + published + ", resent " + resent + ", dropped " + dropped + ", rejected " + rejected
                    + ", superseded states " + pending.superseded() + ", waiting " + (pending.size() + coalesced.size())
                    + ", in flight " + inflight.size();
        }
    }

    long dropped() {
        synchronized (lock) {
            return dropped;
        }
    }

    /**
     * Publishes {@code farewell} (the bridge's "offline"), disconnects cleanly and releases the client. The
     * owner shuts the connector down afterwards.
     */
    void close(Publication farewell) {
        MqttAsyncClient current;
        boolean wasConnected;
        IMqttToken pendingConnect;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.notifyAll();
            wasConnected = connected;
            connected = false;
            generation++;
            current = client;
            client = null;
            pendingConnect = connecting;
            connecting = null;
        }
        if (current == null) {
            return;
        }
        if (!wasConnected && pendingConnect != null) {
            // a connect in progress runs on Paho's own thread, which loads classes of this bundle as it goes:
            // closing under it let it outlive a bundle update and fail with NoClassDefFoundError
            try {
                pendingConnect.waitForCompletion(CLOSE_WAIT_FOR_CONNECT_MILLIS);
            } catch (MqttException | RuntimeException e) {
                logger.debug("The connect being closed ended with {}", e.toString());
            }
        }
        try {
            if (wasConnected) {
                current.publish(farewell.topic(), message(farewell)).waitForCompletion(2000);
                current.disconnect(2000).waitForCompletion(3000);
            }
        } catch (MqttException | RuntimeException e) {
            logger.debug("Clean disconnect from {} failed: {}", settings.loggedUrl(), e.toString());
        }
        try {
            current.close(true);
        } catch (MqttException | RuntimeException e) {
            logger.debug("Closing the MQTT client failed: {}", e.toString());
        }
        logger.info("MQTT bridge disconnected from {} ({})", settings.loggedUrl(), statistics());
    }

    // ---- connecting

    private void connect() {
        MqttAsyncClient current;
        int attempt;
        synchronized (lock) {
            if (closed || connected) {
                return;
            }
            current = client;
            attempt = ++connectAttempt;
        }
        try {
            if (current == null) {
                current = new MqttAsyncClient(settings.brokerUrl(), settings.clientId(), new MemoryPersistence());
                current.setCallback(this);
                synchronized (lock) {
                    if (closed) {
                        current.close(true);
                        return;
                    }
                    client = current;
                }
            }
            MqttAsyncClient connectingClient = current;
            MqttActionListener answer = new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    connector.execute(() -> subscribe(connectingClient, attempt, token));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    if (isCurrent(connectingClient, attempt)) {
                        retry(failure);
                    }
                }
            };
            synchronized (lock) {
                // under the lock, so that close() either comes first or finds the connect to wait for
                if (closed || client != connectingClient) {
                    return;
                }
                connecting = current.connect(options(), null, answer);
            }
            // Paho's own connection timeout does not cover a broker that accepts the TCP connection and then
            // never answers (a hung broker, a proxy in front of a dead one): no callback ever comes
            connector.schedule(() -> abandonIfUnanswered(connectingClient, attempt),
                    settings.connectTimeoutSeconds() * 1000L + 2000L, TimeUnit.MILLISECONDS);
        } catch (Exception e) { // also a trust store that cannot be read
            retry(e);
        }
    }

    private boolean isCurrent(MqttAsyncClient connecting, int attempt) {
        synchronized (lock) {
            return !closed && !connected && client == connecting && attempt == connectAttempt;
        }
    }

    /** Gives up an attempt still unanswered (no CONNACK or SUBACK): a new client tries again. */
    private void abandonIfUnanswered(MqttAsyncClient connecting, int attempt) {
        synchronized (lock) {
            if (closed || connected || client != connecting || attempt != connectAttempt) {
                return;
            }
            client = null;
            connectAttempt++; // whatever this attempt still reports is ignored
        }
        try {
            connecting.disconnectForcibly(0, 0, false);
        } catch (MqttException | RuntimeException e) {
            logger.debug("Dropping an unanswered connection failed: {}", e.toString());
        }
        try {
            connecting.close(true);
        } catch (MqttException | RuntimeException e) {
            logger.debug("Closing an unanswered client failed: {}", e.toString());
        }
        retry(new TimeoutException(
                "no answer from the broker within " + (settings.connectTimeoutSeconds() + 2) + " s"));
    }

    private MqttConnectionOptions options() throws Exception {
        MqttConnectionOptions options = new MqttConnectionOptions();
        // a clean start: commands sent while the bridge was away are stale (an old "open-door" must not run
        // later), and unacknowledged publications are resent by this class, not by Paho
        options.setCleanStart(true);
        options.setSessionExpiryInterval(0L);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(settings.keepAliveSeconds());
        options.setConnectionTimeout(settings.connectTimeoutSeconds());
        options.setReceiveMaximum(Math.min(65535, Math.max(1, settings.maxInflight())));
        // an MQTT 5 broker discards a larger publication for us instead of sending it (3.1.2.11.4): a command is at
        // most 1 KiB, and a huge one on a command topic must cost neither Karaf's heap nor this connection
        options.setMaximumPacketSize(MAX_INCOMING_PACKET);
        if (!settings.username().isEmpty()) {
            options.setUserName(settings.username());
        }
        if (!settings.password().isEmpty()) {
            options.setPassword(settings.password().getBytes(StandardCharsets.UTF_8));
        }
        Publication will = settings.lastWill();
        options.setWill(will.topic(), message(will));
        String url = settings.brokerUrl();
        if (url.startsWith("ssl://") || url.startsWith("wss://")) {
            options.setHttpsHostnameVerificationEnabled(settings.hostnameVerification());
            options.setSocketFactory(NoDelaySockets.tls(settings.trustStore().isEmpty()
                    ? (SSLSocketFactory) SSLSocketFactory.getDefault() : sslContext().getSocketFactory()));
        } else if (url.startsWith("tcp://") || url.startsWith("ws://")) {
            options.setSocketFactory(NoDelaySockets.plain());
        }
        return options;
    }

    private SSLContext sslContext() throws Exception {
        KeyStore store = KeyStore.getInstance(settings.trustStoreType());
        try (InputStream in = Files.newInputStream(Path.of(settings.trustStore()))) {
            store.load(in, settings.trustStorePassword().isEmpty() ? null : settings.trustStorePassword().toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private void subscribe(MqttAsyncClient connected, int attempt, IMqttToken connectToken) {
        List<String> filters = settings.subscriptions();
        if (filters.isEmpty()) {
            online(connected, attempt, connectToken);
            return;
        }
        MqttSubscription[] subscriptions = new MqttSubscription[filters.size()];
        for (int i = 0; i < subscriptions.length; i++) {
            subscriptions[i] = new MqttSubscription(filters.get(i), 1);
            // keeps the retain flag on live deliveries, so that retained commands are recognised and refused
            subscriptions[i].setRetainAsPublished(true);
        }
        try {
            connected.subscribe(subscriptions, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    for (int i = 0; codes != null && i < codes.length && i < filters.size(); i++) {
                        if (codes[i] >= 0x80) {
                            logger.warn("The broker refused the subscription to {} (reason code {}): commands on it "
                                    + "are not received", filters.get(i), codes[i]);
                        }
                    }
                    connector.execute(() -> online(connected, attempt, connectToken));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    connector.execute(
                            () -> notSubscribed(connected, attempt, connectToken, filters, describe(failure)));
                }
            }, (MqttProperties) null);
        } catch (MqttException | RuntimeException e) {
            // Paho checks the filters against what the broker announced before sending anything (a wildcard in the
            // wrong place, shared subscriptions or wildcards the broker does not offer): none of them is subscribed
            notSubscribed(connected, attempt, connectToken, filters, e.toString());
        }
    }

    /**
     * Subscribing failed on this connection. When the connection went with it, this is a connection that broke
     * before it was online, and the link connects again. Otherwise the link goes online without the
     * subscriptions: publishing goes on and the WARN says that commands are not received. That is what a Home
     * Assistant user wants: states, events and availability keep every dashboard and automation working, while
     * the causes that remain with the connection up (a filter Paho refuses, a broker without wildcard or shared
     * subscriptions) are the same on every connection, so disconnecting and retrying would take all of that down
     * in an endless loop to save only the buttons and switches. Either way the failure is logged as a WARN.
     */
    private void notSubscribed(MqttAsyncClient connecting, int attempt, IMqttToken connectToken, List<String> filters,
            String why) {
        if (!connecting.isConnected()) {
            brokeBeforeOnline(connecting, attempt, "connection lost while subscribing: " + why);
            return;
        }
        logger.warn("Subscribing to {} failed ({}): commands are not received on this connection; states, events "
                + "and results are still published", filters, why);
        online(connecting, attempt, connectToken);
    }

    private void online(MqttAsyncClient connecting, int attempt, IMqttToken connectToken) {
        synchronized (lock) {
            if (closed || client != connecting) {
                return; // an abandoned attempt answered late
            }
        }
        if (!connecting.isConnected()) {
            brokeBeforeOnline(connecting, attempt, "connection lost before it was online");
            return;
        }
        List<Publication> snapshot = owner.snapshot();
        int receiveMaximum = settings.maxInflight();
        MqttProperties response = connectToken.getResponseProperties();
        if (response != null && response.getReceiveMaximum() != null && response.getReceiveMaximum() > 0) {
            receiveMaximum = Math.min(receiveMaximum, response.getReceiveMaximum());
        }
        int waiting;
        synchronized (lock) {
            if (closed || client != connecting) {
                return;
            }
            List<Publication> buffered = pending.removeAll();
            snapshot.forEach(pending::add);
            coalesced.values().forEach(pending::add);
            buffered.forEach(pending::add);
            coalesced.clear();
            window = Math.max(1, receiveMaximum);
            connected = true;
            attempts = 0;
            waiting = pending.size() - snapshot.size();
        }
        logger.info("MQTT bridge connected to {} as {} (in-flight window {}, {} buffered publications)",
                settings.loggedUrl(), settings.clientId(), receiveMaximum, Math.max(0, waiting));
        drain();
    }

    /**
     * The connection of attempt {@code attempt} ended between the broker's CONNACK and going online (Paho's
     * {@code disconnected} callback finds nothing to do then): the attempt is over and the link connects again.
     */
    private void brokeBeforeOnline(MqttAsyncClient connecting, int attempt, String why) {
        synchronized (lock) {
            if (closed || connected || client != connecting || attempt != connectAttempt) {
                return;
            }
            connectAttempt++; // so that the attempt's unanswered-connect timer does not retry a second time
        }
        retry(why);
    }

    private void retry(Throwable failure) {
        retry(describe(failure));
    }

    private void retry(String reason) {
        int attempt;
        synchronized (lock) {
            if (closed || connected) {
                return;
            }
            attempt = attempts++;
        }
        long delay = backoff(attempt, settings.reconnectMinDelayMillis(), settings.reconnectMaxDelayMillis());
        if (attempt == 0 || attempt % 10 == 0) {
            logger.warn("Cannot connect to MQTT broker {} ({}); retrying in {} ms", settings.loggedUrl(), reason,
                    delay);
        } else {
            logger.debug("Cannot connect to MQTT broker {} ({}); retrying in {} ms", settings.loggedUrl(), reason,
                    delay);
        }
        try {
            connector.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            logger.debug("Not retrying: {}", e.toString()); // shut down meanwhile
        }
    }

    /** The delay before attempt {@code attempt} (from 0): doubling from {@code min} up to {@code max}, with jitter. */
    static long backoff(int attempt, long min, long max) {
        long base = Math.max(1, min);
        long delay = attempt >= 30 ? max : Math.min(max, base << attempt);
        long jitter = delay / 5;
        return Math.max(1, delay - jitter + (jitter > 0 ? ThreadLocalRandom.current().nextLong(2 * jitter + 1) : 0));
    }

    private static String describe(Throwable failure) {
        if (failure == null) {
            return "connection lost";
        }
        if (failure instanceof MqttException e) {
            return "reason " + e.getReasonCode() + ": " + e.getMessage();
        }
        return String.valueOf(failure);
    }

    // ---- losing the connection

    private void lost(String why) {
        int requeued;
        synchronized (lock) {
            if (!connected || closed) {
                return;
            }
            connected = false;
            generation++;
            lock.notifyAll();
            List<Publication> unsent = new ArrayList<>(inflight.size() + pending.size());
            unsent.addAll(inflight.values());
            requeued = inflight.size();
            resent += requeued;
            unsent.addAll(pending.removeAll());
            inflight.clear();
            for (Publication publication : unsent) {
                park(publication);
            }
            trim(settings.bufferSize());
        }
        logger.warn("Lost MQTT broker {} ({}); {} unacknowledged publications will be sent again, reconnecting",
                settings.loggedUrl(), why, requeued);
        retry("connection lost");
    }

    /** Keeps a publication for the next connection. Caller holds the lock. */
    private void park(Publication publication) {
        if (publication.retained()) {
            coalesced.remove(publication.topic());
            coalesced.put(publication.topic(), publication);
        } else {
            pending.add(publication);
            trim(settings.bufferSize());
        }
    }

    /** The overflow policy: the oldest buffered event or result goes beyond {@code limit}. Caller holds the lock. */
    private void trim(int limit) {
        while (pending.messageCount() > limit) {
            Publication oldest = pending.dropOldestMessage();
            dropped++;
            if (dropped == 1 || dropped % LOG_EVERY == 0) {
                logger.warn("MQTT buffer full ({} publications): dropped the oldest, to {}; {} dropped so far",
                        settings.bufferSize(), oldest.topic(), dropped);
            }
        }
    }

    // ---- sending

    private void drain() {
        synchronized (lock) {
            if (draining) {
                drainAgain = true;
                return;
            }
            draining = true;
        }
        while (true) {
            Publication publication;
            long id;
            int gen;
            MqttAsyncClient current;
            synchronized (lock) {
                if (closed || !connected || pending.isEmpty() || inflight.size() >= window) {
                    if (drainAgain && connected && !closed && !pending.isEmpty() && inflight.size() < window) {
                        drainAgain = false;
                        continue;
                    }
                    drainAgain = false;
                    draining = false;
                    return;
                }
                publication = pending.poll();
                if (publication == null) { // only superseded states were left
                    if (roomWaiters > 0) {
                        lock.notifyAll();
                    }
                    drainAgain = false;
                    draining = false;
                    return;
                }
                if (roomWaiters > 0 && pending.size() < settings.bufferSize()) {
                    lock.notifyAll();
                }
                id = nextId++;
                inflight.put(id, publication);
                gen = generation;
                current = client;
            }
            try {
                current.publish(publication.topic(), message(publication), null, new Delivery(id, gen, current));
            } catch (MqttException | RuntimeException e) {
                int code = e instanceof MqttException m ? m.getReasonCode() : 0;
                boolean windowFull = code == MqttClientException.REASON_CODE_MAX_INFLIGHT
                        || code == MqttClientException.REASON_CODE_NO_MESSAGE_IDS_AVAILABLE;
                boolean connectionGone = CONNECTION_GONE.contains(code) || !current.isConnected();
                if (!windowFull && !connectionGone) {
                    // Paho refused this publication itself, with the connection up (a topic it finds invalid throws
                    // IllegalArgumentException). Put back, it would come first again on every drain and hold every
                    // later one back for good: the bridge published nothing more while its availability said online
                    refused(id, gen, publication, e);
                    continue;
                }
                synchronized (lock) {
                    if (gen == generation && inflight.remove(id) != null) {
                        pending.putBack(publication);
                        if (windowFull) {
                            window = Math.max(1, inflight.size());
                        }
                    }
                    draining = false;
                    drainAgain = false;
                }
                if (connectionGone) {
                    logger.debug("Publishing to {} failed: {}", publication.topic(), e.toString());
                    if (!current.isConnected()) {
                        lost(e.toString());
                    } // else Paho's disconnected callback follows
                }
                return;
            }
        }
    }

    /** A publication Paho would not send: dropped and counted, so that the ones behind it go. */
    private void refused(long id, int gen, Publication publication, Exception e) {
        long count;
        synchronized (lock) {
            if (gen != generation || inflight.remove(id) == null) {
                return;
            }
            count = ++rejected;
        }
        if (count == 1 || count % LOG_EVERY == 0) {
            logger.warn("The MQTT client refused a publication to {} and it was dropped ({}); {} refused so far",
                    publication.topic(), e.toString(), count);
        } else {
            logger.debug("The MQTT client refused a publication to {}: {}", publication.topic(), e.toString());
        }
    }

    /** Completion of one publication. */
    private final class Delivery implements MqttActionListener {
        private final long id;
        private final int gen;
        private final MqttAsyncClient sender;

        Delivery(long id, int gen, MqttAsyncClient sender) {
            this.id = id;
            this.gen = gen;
            this.sender = sender;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            synchronized (lock) {
                if (gen == generation && inflight.remove(id) != null) {
                    published++;
                }
            }
            drain();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable failure) {
            if (!sender.isConnected()) {
                lost(describe(failure)); // the publication stays in flight and is sent again
                return;
            }
            Publication publication;
            synchronized (lock) {
                publication = gen == generation ? inflight.remove(id) : null;
                if (publication != null) {
                    rejected++;
                }
            }
            if (publication != null) {
                logger.warn("The broker refused a publication to {}: {}", publication.topic(), describe(failure));
            }
            drain();
        }
    }

    static MqttMessage message(Publication publication) {
        MqttProperties properties = new MqttProperties();
        if (publication.correlationData().length > 0) {
            properties.setCorrelationData(publication.correlationData());
        }
        return new MqttMessage(publication.payload(), publication.qos(), publication.retained(), properties);
    }

    // ---- Paho callbacks

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        lost(response == null ? "disconnected" : response.toString());
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        logger.debug("MQTT error: {}", exception.toString());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        try {
            owner.messageArrived(topic, message);
        } catch (RuntimeException e) {
            logger.warn("Handling a message on {} failed: {}", topic, e.toString());
        }
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // tracked per publication by Delivery
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        // online() runs once the subscriptions are in place
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // no enhanced authentication
    }
}
