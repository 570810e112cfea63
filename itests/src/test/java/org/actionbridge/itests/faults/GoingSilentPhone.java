package org.actionbridge.itests.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A phone's web port that answers every request with 200 until it is told to go silent: from then on it
 * accepts connections and reads the request, but never answers, as a phone whose CPU hangs
 * mid-command. It records whether the client closed each silent connection (it must not leak them).
 */
final class GoingSilentPhone implements AutoCloseable {

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final AtomicInteger closedByClient = new AtomicInteger();
    private volatile boolean silent;

    GoingSilentPhone(String address) throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(address), 0), 50);
        acceptor = new Thread(this::accept, "it-silent-phone");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void goSilent() {
        silent = true;
    }

    void answerAgain() {
        silent = false;
    }

    int answered() {
        return answered.get();
    }

    /** Requests received while silent. */
    int unanswered() {
        return unanswered.get();
    }

    /** Silent connections the client gave up on and closed. */
    int closedByClient() {
        return closedByClient.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                Thread handler = new Thread(() -> serve(socket), "it-silent-phone-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            readHead(in);
            if (!silent) {
                // counted before the answer leaves: the client may see it, and the test read the count, at once
                answered.incrementAndGet();
                OutputStream out = socket.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return;
            }
            unanswered.incrementAndGet();
            // never answer; wait for the client to give up (end of stream or reset)
            try {
                while (in.read() >= 0) {
                    // discard
                }
            } catch (IOException e) {
                // reset by the client
            }
            closedByClient.incrementAndGet();
        } catch (IOException e) {
            // the test closed the phone
        }
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request ended early");
            }
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1
                    : b == '\r' ? 1 : 0;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : connections) {
            socket.close();
        }
    }
}
