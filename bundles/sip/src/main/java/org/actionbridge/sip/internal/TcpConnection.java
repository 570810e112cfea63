package org.actionbridge.sip.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;

import org.actionbridge.core.CommandError;

/**
 * One TCP connection to a phone for the transactions of one command. Over a reliable transport the
 * request is sent once (no Timer E); Timer F still bounds the wait for the final response (17.1.2.2).
 */
final class TcpConnection implements AutoCloseable {

    private final Socket socket;
    private final SipStreamFramer framer = new SipStreamFramer(SipResponse.MAX_LENGTH * 2);

    private TcpConnection(Socket socket) {
        this.socket = socket;
    }

    static TcpConnection open(InetSocketAddress destination, InetSocketAddress bind, int connectTimeoutMs)
            throws IOException {
        Socket socket = new Socket();
        try {
            if (bind != null && !bind.getAddress().isAnyLocalAddress()) {
                socket.bind(new InetSocketAddress(bind.getAddress(), 0));
            }
            socket.connect(destination, connectTimeoutMs);
            socket.setTcpNoDelay(true);
            return new TcpConnection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    Socket socket() {
        return socket;
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Sends once and reads until the matching final response or Timer F; blocking. */
    Outcome transact(NotifyRequest request, byte[] message, long timerFMs, TransmissionListener listener) {
        long deadline = System.nanoTime() + timerFMs * 1_000_000L;
        try {
            socket.getOutputStream().write(message);
            socket.getOutputStream().flush();
            listener.sent(request.branch(), 0, System.nanoTime());
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            while (true) {
                Optional<byte[]> next = framer.next();
                if (next.isPresent()) {
                    Optional<SipResponse> response = SipResponse.parse(next.get(), next.get().length);
                    if (response.isPresent() && request.matches(response.get()) && !response.get().provisional()) {
                        return Outcome.answered(response.get());
                    }
                    continue;
                }
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    throw new SocketTimeoutException();
                }
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
                int n = in.read(buffer);
                if (n < 0) {
                    return Outcome.failed(CommandError.REFUSED,
                            "phone closed the SIP TCP connection without a final response");
                }
                framer.append(buffer, 0, n);
                if (framer.oversized()) {
                    return Outcome.failed(CommandError.REFUSED, "phone sent oversized SIP data");
                }
            }
        } catch (SocketTimeoutException e) {
            return Outcome.failed(CommandError.TIMEOUT, "no final response over TCP within " + timerFMs
                    + " ms (Timer F)");
        } catch (IOException e) {
            if (socket.isClosed()) {
                return Outcome.failed(CommandError.NO_TRANSPORT, "the SIP transport was stopped");
            }
            return Outcome.failed(CommandError.REFUSED, "SIP TCP connection failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
