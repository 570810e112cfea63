package org.actionbridge.benchmarks.harness;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** Paho MQTT 5 clients of the benchmarks: a timing subscriber and a raw publish loop. */
final class Mqtt {

    /** The send time a benchmark message carries, as {@code "memory_free":"<System.nanoTime()>"}. */
    static final Pattern SENT = Pattern.compile("\"memory_free\":\"(\\d+)\"");

    private Mqtt() {
    }

    static MqttAsyncClient connect(int port, String clientId, String user, String password) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(user);
        options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setReceiveMaximum(65535);
        options.setMaxReconnectDelay(1000);
        client.connect(options).waitForCompletion(20_000);
        return client;
    }

    /** Counts messages on a filter and their latency from the send time they carry. */
    static final class TimingSubscriber implements AutoCloseable {
        final MqttAsyncClient client;
        final Histogram latency = new Histogram();
        final LongAdder received = new LongAdder();
        volatile boolean recording;

        TimingSubscriber(int port, String user, String password, String filter, int qos,
                BiConsumer<String, String> also) throws MqttException {
            client = new MqttAsyncClient("tcp://127.0.0.1:" + port, "bench-sub-" + System.nanoTime(),
                    new MemoryPersistence());
            client.setCallback(new MqttCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    String text = new String(message.getPayload(), StandardCharsets.UTF_8);
                    if (recording) {
                        received.increment();
                        Matcher m = SENT.matcher(text);
                        if (m.find()) {
                            latency.record(System.nanoTime() - Long.parseLong(m.group(1)));
                        }
                    }
                    if (also != null) {
                        also.accept(topic, text);
                    }
                }

                @Override
                public void disconnected(MqttDisconnectResponse response) {
                }

                @Override
                public void mqttErrorOccurred(MqttException exception) {
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
            options.setUserName(user);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
            options.setCleanStart(true);
            options.setReceiveMaximum(65535);
            client.connect(options).waitForCompletion(20_000);
            client.subscribe(filter, qos).waitForCompletion(10_000);
        }

        @Override
        public void close() {
            try {
                client.disconnect().waitForCompletion(5_000);
                client.close();
            } catch (MqttException e) {
                // closing
            }
        }
    }

    /**
     * Publishes {@code payloadSize}-byte messages carrying their send time, with at most {@code inflight}
     * unacknowledged, as fast as the broker takes them (or at {@code ratePerSecond} when positive), for
     * {@code millis}. Returns the number published.
     */
    static long publishLoop(MqttAsyncClient client, String topic, int qos, int payloadSize, int inflight,
            long millis, double ratePerSecond) throws Exception {
        Semaphore window = new Semaphore(inflight);
        MqttActionListener release = releasing(window);
        long start = System.nanoTime();
        long end = start + millis * 1_000_000L;
        long sent = 0;
        while (System.nanoTime() < end) {
            if (ratePerSecond > 0) {
                long wait = start + (long) (sent * 1e9 / ratePerSecond) - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            }
            if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            MqttMessage message = new MqttMessage(eventPayload(sent, payloadSize));
            message.setQos(qos);
            try {
                client.publish(topic, message, null, release);
                sent++;
            } catch (MqttException e) {
                window.release();
                Thread.onSpinWait();
            }
        }
        window.tryAcquire(inflight, 30, TimeUnit.SECONDS);
        return sent;
    }

    /**
     * Like {@link #publishLoop} at full speed, but as the bridge publishes an event: the event on
     * {@code base/p{n}/event}, then a retained state alternating ON/OFF on {@code base/p{n}/dnd}, over
     * {@code phones} phones. Returns the number of events published.
     */
    static long publishMixLoop(MqttAsyncClient client, String base, int phones, int payloadSize, int inflight,
            long millis) throws Exception {
        Semaphore window = new Semaphore(inflight);
        MqttActionListener release = releasing(window);
        long end = System.nanoTime() + millis * 1_000_000L;
        long sent = 0;
        while (System.nanoTime() < end) {
            if (!window.tryAcquire(2, 100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            String phone = base + "/p" + (sent % phones);
            MqttMessage event = new MqttMessage(eventPayload(sent, payloadSize));
            event.setQos(1);
            MqttMessage state = new MqttMessage(((sent / phones) % 2 == 0 ? "ON" : "OFF").getBytes(StandardCharsets.UTF_8));
            state.setQos(1);
            state.setRetained(true);
            try {
                client.publish(phone + "/event", event, null, release);
            } catch (MqttException e) {
                window.release(2);
                Thread.onSpinWait();
                continue;
            }
            try {
                client.publish(phone + "/dnd", state, null, release);
            } catch (MqttException e) {
                window.release();
            }
            sent++;
        }
        window.tryAcquire(inflight, 30, TimeUnit.SECONDS);
        return sent;
    }

    /** Gives a window slot back whether the publication succeeded or not. */
    private static MqttActionListener releasing(Semaphore window) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                window.release();
            }
        };
    }

    /** An event JSON like the bridge's, carrying its send time, padded to {@code payloadSize} bytes. */
    private static byte[] eventPayload(long seq, int payloadSize) {
        StringBuilder b = new StringBuilder("{\"event\":\"dnd_enabled\",\"ts\":" + System.currentTimeMillis()
                + ",\"seq\":" + seq + ",\"vars\":{\"memory_free\":\"" + System.nanoTime() + "\"");
        b.append(",\"pad\":\"");
        while (b.length() < payloadSize - 3) {
            b.append('x');
        }
        b.append("\"}}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
