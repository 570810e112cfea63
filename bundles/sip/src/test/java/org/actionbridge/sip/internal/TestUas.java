package org.actionbridge.sip.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A phone's SIP side on loopback UDP: records every request and answers as the test says. */
final class TestUas implements AutoCloseable {

    /** One received request. */
    record Received(String text, SocketAddress from, long nanoTime) {
        Optional<String> header(String name) {
            return TestUas.header(text, name);
        }

        String body() {
            int end = text.indexOf("\r\n\r\n");
            return end < 0 ? "" : text.substring(end + 4);
        }
    }

    /** What to send back for the request at {@code index} (messages, possibly none). */
    interface Behaviour {
        List<String> answer(Received request, int index) throws Exception;
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final DatagramSocket socket;
    private final Thread thread;

    TestUas(Behaviour behaviour) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        thread = new Thread(() -> {
            byte[] buffer = new byte[65535];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    Received request = new Received(
                            new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8),
                            packet.getSocketAddress(), System.nanoTime());
                    received.add(request);
                    for (String answer : behaviour.answer(request, received.size() - 1)) {
                        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                        socket.send(new DatagramPacket(bytes, bytes.length, packet.getSocketAddress()));
                    }
                } catch (Exception e) {
                    // closed, or a behaviour that throws to stay silent
                }
            }
        }, "test-uas");
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    void sendTo(SocketAddress target, String message) throws IOException {
        sendTo(target, message.getBytes(StandardCharsets.UTF_8));
    }

    void sendTo(SocketAddress target, byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, target));
    }

    /** A response to {@code request} copying Via, From, To (with a tag), Call-ID and CSeq. */
    static String response(Received request, int status, String reason, String... extraHeaders) {
        return response(request.text(), status, reason, extraHeaders);
    }

    static String response(String request, int status, String reason, String... extraHeaders) {
        StringBuilder out = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
        for (String name : List.of("Via", "From")) {
            out.append(name).append(": ").append(header(request, name).orElse("")).append("\r\n");
        }
        out.append("To: ").append(header(request, "To").orElse("")).append(";tag=uas1\r\n");
        out.append("Call-ID: ").append(header(request, "Call-ID").orElse("")).append("\r\n");
        out.append("CSeq: ").append(header(request, "CSeq").orElse("")).append("\r\n");
        for (String extra : extraHeaders) {
            out.append(extra).append("\r\n");
        }
        return out.append("Content-Length: 0\r\n\r\n").toString();
    }

    static Optional<String> header(String text, String name) {
        int end = text.indexOf("\r\n\r\n");
        for (String line : (end < 0 ? text : text.substring(0, end)).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return Optional.of(line.substring(colon + 1).trim());
            }
        }
        return Optional.empty();
    }

    static List<String> none() {
        return new ArrayList<>();
    }

    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2000);
    }
}
