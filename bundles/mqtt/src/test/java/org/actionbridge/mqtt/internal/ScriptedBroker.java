package org.actionbridge.mqtt.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Just enough of an MQTT 5 broker, on a real loopback socket, for {@link BrokerLink}'s tests: it answers
 * CONNECT, SUBSCRIBE, PUBLISH (QoS 1) and PINGREQ, records what it received, and lets a test hold back
 * acknowledgements, refuse connections, reset the current one and announce that it has no wildcard
 * subscriptions, which a real broker does not do on cue.
 * It serves one connection at a time.
 */
final class ScriptedBroker implements AutoCloseable {

    /** A CONNECT as received. */
    record Connect(String clientId, boolean cleanStart, int keepAlive, int receiveMaximum, long maximumPacketSize,
            String willTopic, String willPayload, boolean willRetain, String username, String password) {
    }

    /** A PUBLISH as received, with the number of the connection (from 1) it came on. */
    record Received(int connection, String topic, String payload, boolean retain, String correlationData) {
    }

    /** A subscription as received: the filter and its options byte. */
    record Subscription(String filter, int options) {
        boolean retainAsPublished() {
            return (options & 0x08) != 0;
        }
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final int receiveMaximum;
    private final List<Connect> connects = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final List<Integer> cleanDisconnects = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    /** Packet ids of publications received and not acknowledged yet, while acknowledgements are held. */
    private final List<Integer> heldAcks = new ArrayList<>();
    private boolean holding;
    private volatile boolean refusing;
    private volatile boolean noWildcardSubscriptions;
    private volatile boolean cutAtSubscribe;
    private volatile Socket current;
    private volatile OutputStream out;
    private int connections;

    /** A broker announcing {@code receiveMaximum} (0: none, the protocol's 65,535). */
    ScriptedBroker(int receiveMaximum) throws IOException {
        this.receiveMaximum = receiveMaximum;
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.acceptor = new Thread(this::serve, "scripted-broker");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    String url() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    List<Connect> connects() {
        return List.copyOf(connects);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** The payloads received on {@code topic}, in order. */
    List<String> payloads(String topic) {
        return received.stream().filter(r -> r.topic().equals(topic)).map(Received::payload).toList();
    }

    List<Subscription> subscriptions() {
        return List.copyOf(subscriptions);
    }

    /** Connections (numbered from 1) that ended with the client's DISCONNECT. */
    List<Integer> cleanDisconnects() {
        return List.copyOf(cleanDisconnects);
    }

    /** From now on, publications are recorded but not acknowledged until {@link #releaseAcks(int)}. */
    void holdAcks() {
        synchronized (lock) {
            holding = true;
        }
    }

    /** Acknowledges the {@code count} oldest held publications (all of them for a larger count). */
    void releaseAcks(int count) throws IOException {
        synchronized (lock) {
            for (int i = 0; i < count && !heldAcks.isEmpty(); i++) {
                puback(heldAcks.remove(0));
            }
        }
    }

    /** Acknowledges everything held and stops holding. */
    void stopHolding() throws IOException {
        synchronized (lock) {
            holding = false;
            releaseAcks(Integer.MAX_VALUE);
        }
    }

    /** While set, new connections are closed at once, as a broker that is down refuses them. */
    void refuse(boolean refuse) {
        this.refusing = refuse;
    }

    /** From the next connection on, the CONNACK says that wildcard subscriptions are not available (MQTT 5). */
    void withoutWildcardSubscriptions() {
        this.noWildcardSubscriptions = true;
    }

    /** The next SUBSCRIBE is answered by resetting its connection instead of a SUBACK. */
    void cutAtNextSubscribe() {
        this.cutAtSubscribe = true;
    }

    /** Resets the current connection (RST, no DISCONNECT), as a crashed broker or a cut network does. */
    void reset() throws IOException {
        Socket socket = current;
        if (socket != null && !socket.isClosed()) {
            try {
                socket.setSoLinger(true, 0);
            } catch (SocketException e) {
                // closed meanwhile: nothing left to reset
            }
            socket.close();
        }
    }

    /** Sends a QoS 0 PUBLISH to the client. */
    void deliver(String topic, String payload) throws IOException {
        deliver(topic, payload.getBytes(StandardCharsets.UTF_8), false, "");
    }

    /** Sends a QoS 0 PUBLISH to the client, retained or not, with correlation data unless it is empty. */
    void deliver(String topic, byte[] payload, boolean retain, String correlationData) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, topic);
        if (correlationData.isEmpty()) {
            body.write(0);
        } else {
            byte[] data = correlationData.getBytes(StandardCharsets.UTF_8);
            body.write(3 + data.length); // one property: identifier, two bytes of length, the data
            body.write(0x09);
            string(body, correlationData);
        }
        body.writeBytes(payload);
        send(retain ? 0x31 : 0x30, body.toByteArray());
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                if (refusing) {
                    continue;
                }
                int number;
                synchronized (lock) {
                    number = ++connections;
                    heldAcks.clear();
                }
                current = socket;
                out = socket.getOutputStream();
                read(number, new DataInputStream(socket.getInputStream()));
            } catch (IOException e) {
                // the connection ended; wait for the next one
            }
        }
    }

    private void read(int connection, DataInputStream in) throws IOException {
        while (true) {
            int header = in.read();
            if (header < 0) {
                return;
            }
            byte[] body = new byte[varint(in)];
            in.readFully(body);
            DataInputStream packet = new DataInputStream(new ByteArrayInputStream(body));
            switch (header >> 4) {
                case 1 -> connect(packet);
                case 3 -> publish(connection, header, packet, body.length);
                case 8 -> subscribe(packet, body.length);
                case 12 -> send(0xD0, new byte[0]);
                case 14 -> {
                    cleanDisconnects.add(connection);
                    return;
                }
                default -> {
                    // PUBACK of our deliveries and the rest: nothing to answer
                }
            }
        }
    }

    private void connect(DataInputStream in) throws IOException {
        string(in); // "MQTT"
        in.readUnsignedByte(); // protocol level 5
        int flags = in.readUnsignedByte();
        int keepAlive = in.readUnsignedShort();
        int receiveMaximumAsked = 0;
        long maximumPacketSize = 0;
        byte[] properties = new byte[varint(in)];
        in.readFully(properties);
        DataInputStream props = new DataInputStream(new ByteArrayInputStream(properties));
        // the properties the tests look at come first in Paho's CONNECT; parsing stops at one it does not know
        boolean known = true;
        while (known && props.available() > 0) {
            int id = props.readUnsignedByte();
            switch (id) {
                case 0x11, 0x27 -> {
                    long value = props.readInt() & 0xffffffffL;
                    if (id == 0x27) {
                        maximumPacketSize = value;
                    }
                }
                case 0x21 -> receiveMaximumAsked = props.readUnsignedShort();
                case 0x22 -> props.readUnsignedShort();
                case 0x19, 0x17 -> props.readUnsignedByte();
                default -> known = false;
            }
        }
        String clientId = string(in);
        String willTopic = null;
        String willPayload = null;
        if ((flags & 0x04) != 0) {
            in.skipNBytes(varint(in)); // will properties
            willTopic = string(in);
            willPayload = new String(in.readNBytes(in.readUnsignedShort()), StandardCharsets.UTF_8);
        }
        String username = (flags & 0x80) != 0 ? string(in) : null;
        String password = (flags & 0x40) != 0 ? string(in) : null;
        connects.add(new Connect(clientId, (flags & 0x02) != 0, keepAlive, receiveMaximumAsked, maximumPacketSize,
                willTopic, willPayload, (flags & 0x20) != 0, username, password));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0); // no session present
        body.write(0); // success
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        if (receiveMaximum > 0) {
            answer.write(0x21);
            answer.write(receiveMaximum >> 8);
            answer.write(receiveMaximum & 0xff);
        }
        if (noWildcardSubscriptions) {
            answer.write(0x28);
            answer.write(0);
        }
        body.write(answer.size());
        body.writeBytes(answer.toByteArray());
        send(0x20, body.toByteArray());
    }

    private void publish(int connection, int header, DataInputStream in, int length) throws IOException {
        int qos = (header >> 1) & 3;
        String topic = string(in);
        int used = 2 + topic.getBytes(StandardCharsets.UTF_8).length;
        int packetId = 0;
        if (qos > 0) {
            packetId = in.readUnsignedShort();
            used += 2;
        }
        int propertyLength = varint(in);
        used += varintSize(propertyLength) + propertyLength;
        String correlationData = correlationData(in.readNBytes(propertyLength));
        String payload = new String(in.readNBytes(length - used), StandardCharsets.UTF_8);
        // recorded with its acknowledgement decided: a test that saw it may hold the next ones without a race
        synchronized (lock) {
            if (qos > 0 && holding) {
                heldAcks.add(packetId);
            } else if (qos > 0) {
                puback(packetId);
            }
            received.add(new Received(connection, topic, payload, (header & 1) != 0, correlationData));
        }
    }

    /** The correlation data among a PUBLISH's properties, as text; "" without. */
    private static String correlationData(byte[] properties) throws IOException {
        DataInputStream props = new DataInputStream(new ByteArrayInputStream(properties));
        while (props.available() > 0) {
            int id = props.readUnsignedByte();
            switch (id) {
                case 0x09 -> {
                    return new String(props.readNBytes(props.readUnsignedShort()), StandardCharsets.UTF_8);
                }
                case 0x01 -> props.readUnsignedByte();
                case 0x02 -> props.readInt();
                case 0x23 -> props.readUnsignedShort();
                case 0x03, 0x08 -> string(props);
                case 0x0B -> varint(props);
                case 0x26 -> {
                    string(props);
                    string(props);
                }
                default -> throw new IOException("PUBLISH property " + id + " not known to this test broker");
            }
        }
        return "";
    }

    private void subscribe(DataInputStream in, int length) throws IOException {
        if (cutAtSubscribe) {
            cutAtSubscribe = false;
            reset();
            return;
        }
        int packetId = in.readUnsignedShort();
        int propertyLength = varint(in);
        in.skipNBytes(propertyLength);
        int used = 2 + varintSize(propertyLength) + propertyLength;
        ByteArrayOutputStream codes = new ByteArrayOutputStream();
        while (used < length) {
            String filter = string(in);
            int options = in.readUnsignedByte();
            used += 2 + filter.getBytes(StandardCharsets.UTF_8).length + 1;
            subscriptions.add(new Subscription(filter, options));
            codes.write(options & 3); // granted as asked
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(packetId >> 8);
        body.write(packetId & 0xff);
        body.write(0);
        body.writeBytes(codes.toByteArray());
        send(0x90, body.toByteArray());
    }

    private void puback(int packetId) throws IOException {
        send(0x40, new byte[] {(byte) (packetId >> 8), (byte) packetId});
    }

    private void send(int header, byte[] body) throws IOException {
        ByteArrayOutputStream packet = new ByteArrayOutputStream(body.length + 5);
        packet.write(header);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.writeBytes(body);
        synchronized (this) {
            OutputStream stream = out;
            if (stream != null) {
                stream.write(packet.toByteArray());
                stream.flush();
            }
        }
    }

    private static int varint(InputStream in) throws IOException {
        int value = 0;
        for (int shift = 0; shift < 28; shift += 7) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("malformed variable byte integer");
    }

    private static int varintSize(int value) {
        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }

    private static String string(DataInputStream in) throws IOException {
        return new String(in.readNBytes(in.readUnsignedShort()), StandardCharsets.UTF_8);
    }

    private static void string(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xff);
        out.writeBytes(bytes);
    }

    @Override
    public void close() throws IOException {
        server.close();
        reset();
    }
}
