package org.actionbridge.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

class BrokerLinkTest {

    @Test
    void backoffDoublesWithinJitterAndStopsAtTheMaximum() {
        for (int attempt = 0; attempt < 40; attempt++) {
            long expected = Math.min(30_000, 500L << Math.min(attempt, 20));
            long delay = BrokerLink.backoff(attempt, 500, 30_000);
            assertThat(delay).isBetween(expected - expected / 5, expected + expected / 5);
        }
    }

    /** A "broker" that accepts TCP connections and never says a word: Paho alone would wait forever. */
    @Test
    void anAttemptTheBrokerNeverAnswersIsAbandonedAndRetried() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        accepted.add(silent.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-broker");
            acceptor.setDaemon(true);
            acceptor.start();
            BrokerLink link = new BrokerLink(new BrokerLink.Settings("tcp://127.0.0.1:" + silent.getLocalPort(),
                    "link-test", "", "", 30, 1, 10, 100, 10, 100, "", "", "PKCS12", true,
                    Publication.state("t/bridge/availability", "offline", 1), List.of("t/+/set")),
                    new BrokerLink.Owner() {
                        @Override
                        public List<Publication> snapshot() {
                            return List.of();
                        }

                        @Override
                        public void messageArrived(String topic, MqttMessage message) {
                        }
                    }, connector);
            long start = System.nanoTime();
            link.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> accepted.size() >= 3);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            // three attempts: at once, then after each 1 s timeout + 2 s grace and a short back-off
            assertThat(seconds).isBetween(5L, 19L);
            assertThat(link.isConnected()).isFalse();
            link.close(Publication.state("t/bridge/availability", "offline", 1));
        } finally {
            connector.shutdownNow();
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }
}
