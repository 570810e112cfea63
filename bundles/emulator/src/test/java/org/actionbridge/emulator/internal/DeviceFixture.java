package org.actionbridge.emulator.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;

import org.actionbridge.emulator.DeviceState;

/**
 * One emulated device on a loopback address of its own with free ports, reporting to its own
 * {@link ActionUrlRecorder}; the boot events are awaited and cleared, so a test sees only what it caused.
 */
final class DeviceFixture implements AutoCloseable {

    static final String CREDENTIALS = "admin:admin";

    final InetAddress address;
    final int httpPort;
    final int sipPort;
    final ActionUrlRecorder recorder = new ActionUrlRecorder();
    final EmulatorConfig config;
    final DeviceRuntime runtime;

    DeviceFixture(String... keyValues) {
        address = freeAddress();
        httpPort = freeTcpPort(address);
        sipPort = freeUdpAndTcpPort(address);
        Map<String, Object> properties = new HashMap<>();
        properties.put("id", "dev" + (address.getAddress()[2] & 0xff) + "x" + (address.getAddress()[3] & 0xff));
        properties.put("bindAddress", address.getHostAddress());
        properties.put("httpPort", String.valueOf(httpPort));
        properties.put("sipPort", String.valueOf(sipPort));
        properties.put("actionUrlBase", recorder.base());
        properties.put("rebootSeconds", "0.2");
        properties.put("doorOpenSeconds", "0.3");
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                properties.remove(keyValues[i]);
            } else {
                properties.put(keyValues[i], keyValues[i + 1]);
            }
        }
        EmulatorConfigParser.Result result = EmulatorConfigParser.parse(properties, "unused");
        config = result.configuration().orElseThrow(() -> new IllegalArgumentException(result.problems().toString()));
        try {
            runtime = DeviceRuntime.start(config);
        } catch (IOException e) {
            recorder.close();
            throw new UncheckedIOException(e);
        }
        if (config.actionUrls().containsKey(org.actionbridge.protocol.ActionEvent.SETUP_COMPLETED)
                && config.actionUrls().containsKey(org.actionbridge.protocol.ActionEvent.REGISTRATION_SUCCEEDED)) {
            recorder.awaitEvents("setup_completed", "registration_succeeded");
        }
        recorder.clear();
        clearedAt = lastSequence();
    }

    private long clearedAt;

    private long lastSequence() {
        var events = state().recentEvents();
        return events.isEmpty() ? 0 : events.get(events.size() - 1).sequence();
    }

    /**
     * Waits until the receiver got every Action URL fired so far, then forgets them, so that the next
     * assertions see only what follows.
     */
    void settleAndClear() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> {
            long expected = state().recentEvents().stream()
                    .filter(e -> e.sequence() > clearedAt && !e.url().isEmpty()).count();
            return recorder.received().size() >= expected;
        });
        clearedAt = lastSequence();
        recorder.clear();
    }

    EmulatedPhone phone() {
        return runtime.device();
    }

    DeviceState state() {
        return phone().state();
    }

    /** {@code GET /cgi-bin/ConfigManApp.com?<query>} from 127.0.0.1 with the default credentials. */
    TestHttp.Response activeUri(String query) {
        return TestHttp.request(InetAddress.getLoopbackAddress(), "GET", address, httpPort,
                DeviceHttpServer.ACTIVE_URI_PATH + "?" + query, CREDENTIALS, null);
    }

    /** Presses the keys over HTTP and expects 200. */
    void keys(String keySequence) {
        TestHttp.Response response = activeUri("key=" + keySequence);
        if (response.status() != 200) {
            throw new AssertionError("key=" + keySequence + " answered " + response.status() + " " + response.body());
        }
    }

    /** {@code POST /emulator/<action>} with form parameters. */
    TestHttp.Response control(String action, String... params) {
        StringJoiner form = new StringJoiner("&");
        for (int i = 0; i < params.length; i += 2) {
            form.add(URLEncoder.encode(params[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        return TestHttp.request(InetAddress.getLoopbackAddress(), "POST", address, httpPort,
                DeviceHttpServer.CONTROL_PATH + action, CREDENTIALS, form.toString());
    }

    /** Performs a control action and expects 200. */
    void act(String action, String... params) {
        TestHttp.Response response = control(action, params);
        if (response.status() != 200) {
            throw new AssertionError(action + " answered " + response.status() + " " + response.body());
        }
    }

    @Override
    public void close() {
        runtime.close();
        recorder.close();
    }

    /** A random 127.x.y.z address (x from 100) that nothing listens on; loopback /8 needs no setup on Linux. */
    static InetAddress freeAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] bytes = { 127, (byte) (100 + random.nextInt(100)), (byte) random.nextInt(256),
                (byte) (2 + random.nextInt(250)) };
        try {
            return InetAddress.getByAddress(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A TCP port free on {@code address}, chosen at random below the ephemeral range: this kernel's bind(0)
     * hands out the same one or two ports again and again.
     */
    static int freeTcpPort(InetAddress address) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 500; attempt++) {
            int candidate = 20_000 + random.nextInt(12_000);
            try (ServerSocket socket = new ServerSocket(candidate, 1, address)) {
                return candidate;
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IllegalStateException("no free TCP port on " + address);
    }

    static int freeUdpAndTcpPort(InetAddress address) {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, 0))) {
                int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket(port, 1, address)) {
                    return port;
                } catch (IOException e) {
                    // taken over TCP: try another
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free UDP+TCP port on " + address);
    }
}
