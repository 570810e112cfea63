package org.actionbridge.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.actionbridge.emulator.CallState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SIP NOTIFY with Event: ACTIVE-URI (spec 3.7) over UDP and TCP, sent from chosen source addresses. */
class SipNotifyTest {

    private DeviceFixture device;

    @AfterEach
    void close() {
        if (device != null) {
            device.close();
        }
    }

    static String notify(DeviceFixture d, InetAddress source, int sourcePort, String transport, String event,
            String contentType, String body) {
        String branch = "z9hG4bK" + UUID.randomUUID().toString().replace("-", "");
        int length = body.getBytes(StandardCharsets.UTF_8).length;
        return "NOTIFY sip:" + d.config.sipUser() + "@" + d.address.getHostAddress() + ":" + d.sipPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " " + source.getHostAddress() + ":" + sourcePort + ";branch=" + branch
                + ";rport\r\n"
                + "From: <sip:ctl@" + source.getHostAddress() + ">;tag=2900480538\r\n"
                + "To: \"" + d.config.sipUser() + "\" <sip:" + d.config.sipUser() + "@" + d.address.getHostAddress()
                + ">\r\n"
                + "Call-ID: " + UUID.randomUUID() + "@" + source.getHostAddress() + "\r\n"
                + "CSeq: 4 NOTIFY\r\n"
                + "Max-Forwards: 70\r\n"
                + "User-Agent: test\r\n"
                + (event == null ? "" : "Event: " + event + "\r\n")
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + length + "\r\n\r\n" + body;
    }

    /** Sends one datagram from {@code socket} and returns the answer, or null when none came within 1 s. */
    static String exchange(DatagramSocket socket, DeviceFixture d, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress(d.address, d.sipPort)));
        byte[] buffer = new byte[65535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout(1000);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }

    private String udp(InetAddress source, String event, String contentType, String body) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(source, 0))) {
            return exchange(socket, device, notify(device, source, socket.getLocalPort(), "UDP", event, contentType,
                    body));
        }
    }

    private static InetAddress registrar() {
        return InetAddress.getLoopbackAddress(); // the default sipServer, 127.0.0.1
    }

    @Test
    void notifyFromTheRegistrarExecutesKeyOk() throws IOException {
        device = new DeviceFixture();
        device.act("ring", "number", "1001");
        String response = udp(registrar(), "ACTIVE-URI", "message/sipfrag", "key=OK");
        assertThat(response).startsWith("SIP/2.0 200 OK\r\n").contains("CSeq: 4 NOTIFY\r\n", "Call-ID: ")
                .containsPattern("To: \"[^\"]+\" <sip:[^>]+>;tag=\\w+\r\n").contains(";received=127.0.0.1", "rport=");
        assertThat(device.state().callState()).isEqualTo(CallState.CONNECTED);
    }

    @Test
    void retransmissionIsAnsweredAgainButExecutedOnce() throws IOException {
        device = new DeviceFixture();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(registrar(), 0))) {
            String message = notify(device, registrar(), socket.getLocalPort(), "UDP", "ACTIVE-URI",
                    "message/sipfrag", "key=VOLUME_UP");
            String first = exchange(socket, device, message);
            String second = exchange(socket, device, message);
            assertThat(first).startsWith("SIP/2.0 200 OK");
            assertThat(second).isEqualTo(first);
        }
        assertThat(device.state().volume()).isEqualTo(6);
        assertThat(device.state().recentKeys()).containsExactly("VOLUME_UP");
    }

    @Test
    void notifyFromARefusedSourceGets403AndChangesNothing() throws IOException {
        device = new DeviceFixture("allowedIps", "127.0.0.1"); // registrar 127.0.0.1 too, by default
        String response = udp(DeviceFixture.freeAddress(), "ACTIVE-URI", "message/sipfrag", "key=DNDON");
        assertThat(response).startsWith("SIP/2.0 403 ");
        assertThat(device.state().dnd()).isFalse();
        assertThat(device.state().recentKeys()).isEmpty();
    }

    @Test
    void emptyListAdmitsOnlyTheRegistrarButAListedSourceIsAccepted() throws IOException {
        InetAddress listed = DeviceFixture.freeAddress();
        device = new DeviceFixture("sipServer", "none");
        assertThat(udp(registrar(), "ACTIVE-URI", "message/sipfrag", "key=DNDON")).startsWith("SIP/2.0 403 ");
        device.close();
        device = new DeviceFixture("sipServer", "none", "allowedIps", listed.getHostAddress());
        assertThat(udp(listed, "ACTIVE-URI", "message/sipfrag", "key=DNDON")).startsWith("SIP/2.0 200 ");
        assertThat(device.state().dnd()).isTrue();
    }

    @Test
    void otherEventGets489() throws IOException {
        device = new DeviceFixture();
        String response = udp(registrar(), "check-sync", "message/sipfrag", "key=DNDON");
        assertThat(response).startsWith("SIP/2.0 489 Bad Event").contains("Allow-Events: ACTIVE-URI");
        assertThat(udp(registrar(), null, "message/sipfrag", "key=DNDON")).startsWith("SIP/2.0 489 ");
        assertThat(device.state().dnd()).isFalse();
    }

    @Test
    void malformedBodyOrRequestGets400() throws IOException {
        device = new DeviceFixture();
        assertThat(udp(registrar(), "ACTIVE-URI", "message/sipfrag", "key=BOGUS")).startsWith("SIP/2.0 400 ")
                .contains("Warning: 399 emulator \"unknown key 'BOGUS'");
        assertThat(udp(registrar(), "ACTIVE-URI", "message/sipfrag", "")).startsWith("SIP/2.0 400 ");
        assertThat(udp(registrar(), "ACTIVE-URI", "text/plain", "key=OK")).startsWith("SIP/2.0 415 ");
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(registrar(), 0))) {
            String noCallId = notify(device, registrar(), socket.getLocalPort(), "UDP", "ACTIVE-URI",
                    "message/sipfrag", "key=OK").replaceFirst("Call-ID: [^\r]*\r\n", "");
            assertThat(exchange(socket, device, noCallId)).startsWith("SIP/2.0 400 ");
            assertThat(exchange(socket, device, "garbage\r\n\r\n")).as("nothing to answer to").isNull();
        }
        assertThat(device.state().recentKeys()).isEmpty();
    }

    @Test
    void optionsIsAnsweredAndInviteIsNotAllowed() throws IOException {
        device = new DeviceFixture();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(registrar(), 0))) {
            String base = notify(device, registrar(), socket.getLocalPort(), "UDP", null, null, "");
            assertThat(exchange(socket, device, base.replace("NOTIFY", "OPTIONS"))).startsWith("SIP/2.0 200 OK")
                    .contains("Allow: NOTIFY");
            String invite = notify(device, registrar(), socket.getLocalPort(), "UDP", null, null, "")
                    .replace("NOTIFY", "INVITE");
            assertThat(exchange(socket, device, invite)).startsWith("SIP/2.0 405 ");
        }
    }

    @Test
    void messageFiresSipMessageReceived() throws IOException {
        device = new DeviceFixture();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(registrar(), 0))) {
            String message = notify(device, registrar(), socket.getLocalPort(), "UDP", null, "text/plain", "hi")
                    .replace("NOTIFY", "MESSAGE");
            assertThat(exchange(socket, device, message)).startsWith("SIP/2.0 200 OK");
        }
        device.recorder.awaitEvents("sip_message_received");
        assertThat(device.state().lastSipMessage()).isEqualTo("hi");
    }

    @Test
    void notifyOverTcp() throws IOException {
        device = new DeviceFixture();
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(registrar(), 0));
            socket.connect(new InetSocketAddress(device.address, device.sipPort), 2000);
            socket.setSoTimeout(3000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (String body : new String[] { "key=DNDON", "key=VOLUME_DOWN" }) {
                out.write(notify(device, registrar(), socket.getLocalPort(), "TCP", "ACTIVE-URI", "message/sipfrag",
                        body).getBytes(StandardCharsets.UTF_8));
                out.flush();
                assertThat(readResponse(in)).startsWith("SIP/2.0 200 OK");
            }
        }
        assertThat(device.state().dnd()).isTrue();
        assertThat(device.state().volume()).isEqualTo(4);
    }

    private static String readResponse(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }
}
