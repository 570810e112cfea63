package org.actionbridge.itests.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between the bridge and the broker whose connections can be cut hard (RST, no MQTT
 * DISCONNECT): to the broker this looks exactly like the bridge's process being killed.
 */
public final class CuttableProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean down;

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
                Socket outbound = new Socket();
                outbound.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
                sockets.add(inbound);
                sockets.add(outbound);
                pump(inbound, outbound);
                pump(outbound, inbound);
            } catch (IOException e) {
                // closed, or the broker refused: the client sees its connection fail
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // cut
            } finally {
                abort(to);
                abort(from);
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

    public void restore() {
        down = false;
    }

    /** Resets every relayed connection at once. */
    public void cut() {
        for (Socket socket : sockets) {
            abort(socket);
        }
        sockets.clear();
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
