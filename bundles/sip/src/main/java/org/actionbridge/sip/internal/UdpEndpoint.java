package org.actionbridge.sip.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP socket NOTIFYs leave from and responses come back to, with one receiver thread that hands
 * each response to the open transaction of its top Via branch. Anything else (requests, garbage,
 * responses to no open transaction, forged ones) is dropped at the cost of one parse.
 */
final class UdpEndpoint implements AutoCloseable {

    private final Logger logger = LoggerFactory.getLogger(UdpEndpoint.class);
    private final DatagramSocket socket;
    private final Map<String, NotifyTransaction> open = new ConcurrentHashMap<>();
    private final int maxTransactions;
    private final Thread receiver;
    private volatile boolean closed;
    /** Datagrams read and dealt with, answers and ignored ones alike; written by the receiver thread only. */
    private volatile long handled;

    UdpEndpoint(InetSocketAddress bind, int maxTransactions) throws SocketException {
        this.socket = new DatagramSocket(bind);
        this.maxTransactions = maxTransactions;
        this.receiver = new Thread(this::receive, "actionbridge-sip-udp-" + socket.getLocalPort());
        receiver.setDaemon(true);
        receiver.start();
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    boolean register(NotifyTransaction transaction) {
        if (closed || open.size() >= maxTransactions) {
            return false;
        }
        open.put(transaction.branch(), transaction);
        return true;
    }

    void unregister(NotifyTransaction transaction) {
        open.remove(transaction.branch(), transaction);
    }

    List<NotifyTransaction> openTransactions() {
        return List.copyOf(open.values());
    }

    void send(byte[] message, InetSocketAddress destination) throws IOException {
        socket.send(new DatagramPacket(message, message.length, destination));
    }

    private void receive() {
        byte[] buffer = new byte[SipResponse.MAX_LENGTH];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!closed) {
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
                try {
                    handle(packet);
                } finally {
                    handled++;
                }
            } catch (IOException e) {
                if (!closed) {
                    logger.debug("SIP receive failed: {}", e.toString());
                }
            } catch (RuntimeException e) {
                logger.warn("SIP response handling failed: {}", e.toString());
            }
        }
    }

    private void handle(DatagramPacket packet) {
        Optional<SipResponse> response = SipResponse.parse(packet.getData(), packet.getLength());
        NotifyTransaction transaction = response.map(r -> open.get(r.branch())).orElse(null);
        if (transaction != null) {
            transaction.onResponse(response.get());
        } else if (logger.isDebugEnabled()) {
            logger.debug("Dropped a SIP datagram from {} that answers no open NOTIFY", packet.getSocketAddress());
        }
    }

    /** Datagrams received and dealt with so far. */
    long datagramsHandled() {
        return handled;
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
        try {
            receiver.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
