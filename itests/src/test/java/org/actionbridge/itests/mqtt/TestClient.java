package org.actionbridge.itests.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** The test's side of MQTT: a Paho 5 client that records every message it receives, in order. */
public final class TestClient implements AutoCloseable {

    /** One received message. */
    public static final class Received {
        public final String topic;
        public final String payload;
        public final boolean retained;
        public final byte[] correlationData;

        Received(String topic, MqttMessage message) {
            this.topic = topic;
            this.payload = new String(message.getPayload(), StandardCharsets.UTF_8);
            this.retained = message.isRetained();
            MqttProperties properties = message.getProperties();
            this.correlationData = properties == null ? null : properties.getCorrelationData();
        }

        @Override
        public String toString() {
            return topic + " " + payload + (retained ? " (retained)" : "");
        }
    }

    private final MqttAsyncClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    /**
     * Connects and subscribes at QoS 1. With {@code persistent}, the session survives disconnections and
     * broker restarts (where the broker persists sessions) and the client reconnects by itself.
     */
    public TestClient(String url, String clientId, String user, String password, boolean persistent, String... filters)
            throws MqttException {
        client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Received(topic, message));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        options.setCleanStart(!persistent);
        options.setSessionExpiryInterval(persistent ? 3600L : 0L);
        options.setAutomaticReconnect(persistent);
        options.setAutomaticReconnectDelay(1, 2);
        options.setReceiveMaximum(65535);
        client.connect(options).waitForCompletion(10_000);
        if (filters.length > 0) {
            MqttSubscription[] subscriptions = new MqttSubscription[filters.length];
            for (int i = 0; i < filters.length; i++) {
                subscriptions[i] = new MqttSubscription(filters[i], 1);
            }
            client.subscribe(subscriptions).waitForCompletion(10_000);
        }
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    public void publish(String topic, String payload) throws MqttException {
        publish(topic, payload, null, false);
    }

    public void publish(String topic, String payload, byte[] correlationData, boolean retained) throws MqttException {
        MqttProperties properties = new MqttProperties();
        if (correlationData != null) {
            properties.setCorrelationData(correlationData);
        }
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, retained, properties);
        client.publish(topic, message).waitForCompletion(10_000);
    }

    public List<Received> all() {
        return new ArrayList<>(received);
    }

    public List<Received> on(String topic) {
        return received.stream().filter(r -> r.topic.equals(topic)).collect(Collectors.toList());
    }

    public List<String> payloads(String topic) {
        return on(topic).stream().map(r -> r.payload).collect(Collectors.toList());
    }

    /** The last payload received on {@code topic}. */
    public Optional<String> last(String topic) {
        List<Received> list = on(topic);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1).payload);
    }

    public void clear() {
        received.clear();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(2000).waitForCompletion(3000);
            }
        } catch (MqttException e) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // nothing left to do
        }
    }
}
