package org.actionbridge.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;

import javax.inject.Inject;

import org.actionbridge.emulator.CallState;
import org.actionbridge.emulator.EmulatedDevice;
import org.actionbridge.emulator.EmulatorRegistry;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * An emulated phone created at run time from an {@code org.actionbridge.emulator} factory configuration:
 * it listens on its own loopback address, takes Active URI keys over HTTP, reports its state on
 * {@code GET /emulator/state}, and releases its port when the configuration is deleted.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EmulatorIT extends KarafTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CREDENTIALS = "admin:admin";

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private EmulatorRegistry emulators;

    @Configuration
    public Option[] config() {
        return actionBridge();
    }

    @Test
    public void configurationCreatesDriveableDeviceAndDeletionClosesItsPort() throws Exception {
        String address = "127.0." + (200 + (int) (Math.random() * 50)) + "." + (2 + (int) (Math.random() * 200));
        int httpPort = freePort(address);
        int sipPort = freePort(address);
        org.osgi.service.cm.Configuration configuration = configurationAdmin
                .getFactoryConfiguration("org.actionbridge.emulator", "desk-it", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("bindAddress", address);
        properties.put("httpPort", String.valueOf(httpPort));
        properties.put("sipPort", String.valueOf(sipPort));
        configuration.update(properties);

        EmulatedDevice device = await().atMost(WAIT).until(() -> emulators.device("desk-it"), Optional::isPresent)
                .get();
        assertEquals(CallState.IDLE, device.state().callState());

        String base = "http://" + address + ":" + httpPort;
        assertEquals(200, request("GET", base + "/cgi-bin/ConfigManApp.com?key=SPEAKER;0000;ENTER").status);
        Response state = request("GET", base + "/emulator/state");
        assertEquals(200, state.status);
        assertTrue(state.body, state.body.contains("\"id\":\"desk-it\""));
        assertTrue(state.body, state.body.contains("\"callState\":\"DIALING\""));
        assertTrue(state.body, state.body.contains("\"remoteNumber\":\"0000\""));
        assertEquals(200, request("POST", base + "/emulator/remote-answer").status);
        assertEquals(CallState.CONNECTED, device.state().callState());

        configuration.delete();
        await().atMost(WAIT).until(() -> emulators.device("desk-it"), Optional::isEmpty);
        await().atMost(WAIT).until(() -> !listening(address, httpPort));
        try (ServerSocket reuse = new ServerSocket()) {
            reuse.setReuseAddress(true);
            reuse.bind(new InetSocketAddress(InetAddress.getByName(address), httpPort));
        }
    }

    private static final class Response {
        final int status;
        final String body;

        Response(int status, String body) {
            this.status = status;
            this.body = body;
        }
    }

    private static Response request(String method, String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection(Proxy.NO_PROXY);
        connection.setRequestMethod(method);
        connection.setConnectTimeout(5000);
        connection.setReadTimeout(5000);
        connection.setRequestProperty("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(CREDENTIALS.getBytes(StandardCharsets.UTF_8)));
        if (method.equals("POST")) {
            connection.setDoOutput(true);
            connection.getOutputStream().close();
        }
        int status = connection.getResponseCode();
        InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        connection.disconnect();
        return new Response(status, body);
    }

    private static boolean listening(String address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
