package org.actionbridge.itests.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between the bridge and the broker whose network can fail in two ways. {@link #down()} cuts
 * it hard (RST, no MQTT DISCONNECT): to the broker this looks exactly like the bridge's process being
 * killed. {@link #blackhole()} makes it go silent, as a pulled cable or a dropped NAT mapping does: every
 * connection stays open at both ends but carries no byte any more, not even a FIN, and new connections
 * are taken but never relayed, so only keep-alives can tell.
 */
public final class CuttableProxy implements AutoCloseable {

    /** One relayed connection: the client's socket and the one to the broker. */
    private static final class Link {
        final Socket inbound;
        final Socket outbound;
        /** Blackholed: nothing is forwarded any more, and neither end hears of the other's close. */
        volatile boolean silent;

        Link(Socket inbound, Socket outbound) {
            this.inbound = inbound;
            this.outbound = outbound;
        }
    }

    private final ServerSocket server;
    private final int targetPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    /** Connections taken while blackholed, never answered. */
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    /** When (System.nanoTime) each connection was attempted while blackholed. */
    private final List<Long> attemptsWhileBlackholed = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean down;
    private volatile boolean blackholed;

    public CuttableProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "it-mqtt-proxy");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket inbound = server.accept();
                if (down) {
                    abort(inbound); // the network is cut: nothing gets through
                    continue;
                }
                if (blackholed) {
                    // the handshake is the local kernel's; past it, the client's bytes go nowhere
                    attemptsWhileBlackholed.add(System.nanoTime());
                    held.add(inbound);
                    continue;
                }
                Socket outbound = new Socket();
                outbound.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
                Link link = new Link(inbound, outbound);
                links.add(link);
                pump(link, inbound, outbound);
                pump(link, outbound, inbound);
            } catch (IOException e) {
                // closed, or the broker refused: the client sees its connection fail
            }
        }
    }

    private void pump(Link link, Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (!link.silent) {
                        out.write(buffer, 0, n);
                        out.flush();
                    } // else: lost on the way
                }
            } catch (IOException e) {
                // cut
            } finally {
                if (!link.silent) { // a blackhole does not carry the close either
                    abort(to);
                    abort(from);
                    links.remove(link);
                }
            }
        }, "it-mqtt-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Cuts the network: every relayed connection is reset and new ones are reset at once, until
     * {@link #restore()}.
     */
    public void down() {
        down = true;
        cut();
    }

    /**
     * Silences the network until {@link #restore()}: relayed connections stay open but nothing they carry
     * arrives, in either direction; new connections are accepted and left without an answer.
     */
    public void blackhole() {
        attemptsWhileBlackholed.clear();
        blackholed = true;
        for (Link link : links) {
            link.silent = true;
        }
    }

    /**
     * Ends {@link #down()} or {@link #blackhole()}. Connections silenced by a blackhole are reset now, as
     * the far end (or the NAT that forgot them) answers the first packet sent on them afterwards.
     */
    public void restore() {
        if (blackholed) {
            blackholed = false;
            List<Socket> dead = new ArrayList<>(held);
            held.clear();
            for (Link link : links) {
                if (link.silent) {
                    dead.add(link.inbound);
                    dead.add(link.outbound);
                    links.remove(link);
                }
            }
            dead.forEach(CuttableProxy::abort);
        }
        down = false;
    }

    /** When (System.nanoTime) clients tried to connect during the current or last blackhole. */
    public List<Long> attemptsWhileBlackholed() {
        return new ArrayList<>(attemptsWhileBlackholed);
    }

    /** Resets every relayed connection at once. */
    public void cut() {
        for (Link link : links) {
            abort(link.inbound);
            abort(link.outbound);
        }
        links.clear();
        held.forEach(CuttableProxy::abort);
        held.clear();
    }

    private static void abort(Socket socket) {
        try {
            socket.setSoLinger(true, 0); // RST instead of FIN
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cut();
    }
}
