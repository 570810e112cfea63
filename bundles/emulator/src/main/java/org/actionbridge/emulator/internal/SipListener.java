package org.actionbridge.emulator.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import org.actionbridge.emulator.ExecutionResult;
import org.actionbridge.protocol.ActiveUriInstruction;
import org.actionbridge.protocol.ProtocolException;
import org.actionbridge.protocol.SipHeaderFields;
import org.actionbridge.protocol.SipNotify;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP side of one emulated device (spec 3.7): receives requests over UDP and TCP on the device's address
 * and SIP port, executes the instruction in the body of a NOTIFY with {@code Event: ACTIVE-URI} from a source
 * the rules of spec 3.2 part 2 admit, and answers as a SIP user agent server: 200, 400 (malformed request or
 * body), 403 (source refused, or wrong door code), 415 (not message/sipfrag), 489 (another event package), 503
 * (restarting). A retransmission of a request already answered gets the same answer again and is not executed
 * again (RFC 3261 section 17.2.3). MESSAGE fires {@code sip_message_received}; OPTIONS is answered 200.
 */
final class SipListener implements AutoCloseable {

    private static final long TRANSACTION_MILLIS = 32_000; // Timer J for unreliable transports
    private static final int MAX_TRANSACTIONS = 1024;
    private static final int TCP_IDLE_MILLIS = 30_000;
    private static final String ALLOW = "NOTIFY, MESSAGE, OPTIONS";

    private final Logger logger = LoggerFactory.getLogger(SipListener.class);
    private final EmulatedPhone phone;
    private final EmulatorConfig config;
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Thread udpThread;
    private final Thread tcpThread;
    private final ExecutorService tcpConnections;
    private final Set<Socket> openConnections = ConcurrentHashMap.newKeySet();
    private final Map<String, Answer> answered = new LinkedHashMap<>();
    private final AtomicLong tags = new AtomicLong(System.nanoTime() & 0xffffff);
    private volatile boolean closed;

    private record Answer(byte[] response, long expires) {
    }

    SipListener(EmulatedPhone phone) throws IOException {
        this.phone = phone;
        this.config = phone.config();
        InetSocketAddress address = new InetSocketAddress(config.bindAddress(), config.sipPort());
        this.udp = new DatagramSocket(null);
        udp.setReuseAddress(true);
        udp.bind(address);
        ServerSocket server = null;
        ExecutorService connections = null;
        if (config.sipTcp()) {
            try {
                server = new ServerSocket();
                server.setReuseAddress(true);
                server.bind(address, 16);
            } catch (IOException e) {
                udp.close();
                if (server != null) {
                    server.close();
                }
                throw e;
            }
            connections = NamedThreads.bounded("emulator-" + config.id() + "-sip-tcp", 4, 16,
                    (task, pool) -> logger.warn("Emulator {}: too many SIP TCP connections; one is refused",
                            config.id()));
        }
        this.tcp = server;
        this.tcpConnections = connections;
        this.udpThread = NamedThreads.named("emulator-" + config.id() + "-sip-udp").newThread(this::receiveUdp);
        udpThread.start();
        if (tcp != null) {
            this.tcpThread = NamedThreads.named("emulator-" + config.id() + "-sip-accept").newThread(this::acceptTcp);
            tcpThread.start();
        } else {
            this.tcpThread = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        udp.close();
        if (tcp != null) {
            try {
                tcp.close();
            } catch (IOException e) {
                logger.debug("Emulator {}: closing SIP TCP: {}", config.id(), e.toString());
            }
            for (Socket s : openConnections) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
            NamedThreads.stop(tcpConnections);
        }
        join(udpThread);
        join(tcpThread);
    }

    private static void join(Thread thread) {
        if (thread != null) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------ transports

    private void receiveUdp() {
        byte[] buffer = new byte[65535];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
            } catch (IOException e) {
                if (!closed) {
                    logger.warn("Emulator {}: SIP UDP receive failed: {}", config.id(), e.toString());
                }
                return;
            }
            try {
                String message = new String(packet.getData(), packet.getOffset(), packet.getLength(),
                        StandardCharsets.UTF_8);
                byte[] response = handle(message, packet.getLength(), packet.getAddress(), packet.getPort(), "UDP");
                if (response != null) {
                    udp.send(new DatagramPacket(response, response.length, packet.getSocketAddress()));
                }
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    logger.warn("Emulator {}: SIP UDP request from {} failed: {}", config.id(),
                            packet.getAddress().getHostAddress(), e.toString());
                }
            }
        }
    }

    private void acceptTcp() {
        while (!closed) {
            Socket socket;
            try {
                socket = tcp.accept();
            } catch (IOException e) {
                if (!closed) {
                    logger.warn("Emulator {}: SIP TCP accept failed: {}", config.id(), e.toString());
                }
                return;
            }
            openConnections.add(socket);
            try {
                tcpConnections.execute(() -> serveTcp(socket));
            } catch (RejectedExecutionException e) {
                closeQuietly(socket);
            }
        }
    }

    private void serveTcp(Socket socket) {
        try (socket) {
            socket.setSoTimeout(TCP_IDLE_MILLIS);
            // buffered: the head is read a byte at a time
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                int length = contentLength(head);
                if (length < 0 || length > SipRequest.MAX_MESSAGE) {
                    return; // cannot frame the stream any more
                }
                byte[] body = in.readNBytes(length);
                if (body.length < length) {
                    return;
                }
                String message = head + new String(body, StandardCharsets.UTF_8);
                byte[] response = handle(message, head.length() + length, socket.getInetAddress(), socket.getPort(),
                        "TCP");
                if (response != null) {
                    out.write(response);
                    out.flush();
                }
            }
        } catch (IOException e) {
            logger.debug("Emulator {}: SIP TCP connection ended: {}", config.id(), e.toString());
        } finally {
            openConnections.remove(socket);
        }
    }

    private static final int CRLF_CRLF = 0x0d0a0d0a;
    private static final int LF_LF = 0x0a0a;

    /** Reads up to and including the blank line; null at the end of the stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int lastFour = 0; // the last four bytes read, to see the blank line without copying the head
        int c;
        while ((c = in.read()) >= 0) {
            if (head.size() == 0 && (c == '\r' || c == '\n')) {
                continue; // keep-alive CRLFs between messages
            }
            head.write(c);
            if (head.size() > SipRequest.MAX_MESSAGE) {
                throw new IOException("SIP header too long");
            }
            lastFour = (lastFour << 8) | c;
            if (lastFour == CRLF_CRLF || (lastFour & 0xffff) == LF_LF) {
                return head.toString(StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static int contentLength(String head) {
        Optional<String> value = SipHeaderFields.parse(head.split("\r?\n", -1), 1).first("content-length");
        try {
            return value.map(Integer::parseInt).orElse(0);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    // ------------------------------------------------------------------ requests

    /** Answers one message; null when nothing is to be sent back (a response, an ACK, garbage without Via). */
    byte[] handle(String message, int size, InetAddress source, int sourcePort, String transport) {
        if (size > SipRequest.MAX_MESSAGE) {
            logger.debug("Emulator {}: SIP message of {} bytes from {} dropped", config.id(), size, source);
            return null;
        }
        SipRequest request;
        try {
            var parsed = SipRequest.parse(message);
            if (parsed.isEmpty()) {
                return null;
            }
            request = parsed.get();
        } catch (SipRequest.Malformed e) {
            logger.debug("Emulator {}: malformed SIP request from {}: {}", config.id(), source.getHostAddress(),
                    e.getMessage());
            return e.partial == null ? null
                    : response(e.partial, 400, "Bad Request", source, sourcePort, "Warning: 399 emulator \""
                            + quoted(e.getMessage()) + "\"\r\n");
        }
        if (request.method().equals("ACK")) {
            return null;
        }
        String key = request.transactionKey();
        synchronized (answered) {
            long now = System.currentTimeMillis();
            answered.values().removeIf(a -> a.expires() < now);
            Answer earlier = answered.get(key);
            if (earlier != null) {
                logger.debug("Emulator {}: retransmitted {} from {} answered again", config.id(), request.method(),
                        source.getHostAddress());
                return earlier.response();
            }
            byte[] response = answer(request, source, sourcePort, transport);
            answered.put(key, new Answer(response, now + TRANSACTION_MILLIS));
            while (answered.size() > MAX_TRANSACTIONS) {
                answered.remove(answered.keySet().iterator().next());
            }
            return response;
        }
    }

    private byte[] answer(SipRequest request, InetAddress source, int port, String transport) {
        switch (request.method()) {
            case "NOTIFY":
                return notify(request, source, port, transport);
            case "MESSAGE":
                phone.sipMessage(request.body());
                return response(request, 200, "OK", source, port, "");
            case "OPTIONS":
                return response(request, 200, "OK", source, port, "Allow: " + ALLOW + "\r\nAccept: "
                        + SipNotify.CONTENT_TYPE + "\r\n");
            default:
                return response(request, 405, "Method Not Allowed", source, port, "Allow: " + ALLOW + "\r\n");
        }
    }

    private byte[] notify(SipRequest request, InetAddress source, int port, String transport) {
        if (!config.sipSourceAllowed(source)) {
            logger.debug("Emulator {}: NOTIFY from {} refused (not the SIP server, not in allowedIps)", config.id(),
                    source.getHostAddress());
            return response(request, 403, "Forbidden", source, port, "");
        }
        String event = request.header("event").orElse(null);
        if (!SipNotify.isActiveUriEvent(event)) {
            return response(request, 489, "Bad Event", source, port, "Allow-Events: " + SipNotify.EVENT_PACKAGE
                    + "\r\n");
        }
        String contentType = request.header("content-type").orElse(null);
        if (contentType != null && !SipNotify.isSipfrag(contentType)) {
            return response(request, 415, "Unsupported Media Type", source, port, "Accept: " + SipNotify.CONTENT_TYPE
                    + "\r\n");
        }
        ActiveUriInstruction instruction;
        try {
            instruction = SipNotify.parse(event, contentType, request.body()).instruction();
        } catch (ProtocolException e) {
            return response(request, 400, "Bad Request", source, port, "Warning: 399 emulator \""
                    + quoted(e.getMessage()) + "\"\r\n");
        }
        ExecutionResult result = phone.execute(instruction);
        logger.debug("Emulator {}: NOTIFY over {} from {}: {} -> {} {}", config.id(), transport,
                source.getHostAddress(), instruction, result.outcome(), result.message());
        String warning = "Warning: 399 emulator \"" + quoted(result.message()) + "\"\r\n";
        return switch (result.outcome()) {
            case DONE -> response(request, 200, "OK", source, port, "");
            case REFUSED -> response(request, 403, "Forbidden", source, port, warning);
            case UNSUPPORTED -> response(request, 400, "Bad Request", source, port, warning);
            case UNAVAILABLE -> response(request, 503, "Service Unavailable", source, port, "Retry-After: 5\r\n");
        };
    }

    /** A response to the request (RFC 3261 section 8.2.6), with the request's Via, From, To, Call-ID and CSeq. */
    private byte[] response(SipRequest request, int code, String reason, InetAddress source, int port,
            String extraHeaders) {
        StringBuilder sb = new StringBuilder(512).append("SIP/2.0 ").append(code).append(' ').append(reason)
                .append("\r\n");
        for (int i = 0; i < request.vias().size(); i++) {
            String via = request.vias().get(i);
            if (i == 0) {
                via = withReceived(via, source, port);
            }
            sb.append("Via: ").append(via).append("\r\n");
        }
        request.header("from").ifPresent(v -> sb.append("From: ").append(v).append("\r\n"));
        request.header("to").ifPresent(v -> {
            sb.append("To: ").append(v);
            if (SipRequest.parameter(v, "tag").isEmpty()) {
                sb.append(";tag=").append(Long.toHexString(tags.incrementAndGet()));
            }
            sb.append("\r\n");
        });
        request.header("call-id").ifPresent(v -> sb.append("Call-ID: ").append(v).append("\r\n"));
        request.header("cseq").ifPresent(v -> sb.append("CSeq: ").append(v).append("\r\n"));
        sb.append(extraHeaders);
        sb.append("Server: Fanvil ").append(config.model()).append(' ').append(config.firmware()).append("\r\n");
        sb.append("Content-Length: 0\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Adds {@code received} (and fills an empty {@code rport}) as RFC 3261 18.2.1 and RFC 3581 ask. */
    private static String withReceived(String via, InetAddress source, int port) {
        String result = via;
        String[] parts = via.split(";");
        String sentBy = parts[0].contains(" ") ? parts[0].substring(parts[0].indexOf(' ') + 1).trim() : parts[0];
        String host = sentBy.startsWith("[") ? sentBy.substring(1, Math.max(1, sentBy.indexOf(']')))
                : sentBy.split(":")[0];
        boolean rport = false;
        StringBuilder sb = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.equalsIgnoreCase("rport")) {
                sb.append(";rport=").append(port);
                rport = true;
            } else {
                sb.append(';').append(p);
            }
        }
        if (rport || !host.equals(source.getHostAddress())) {
            result = sb.toString();
            if (SipRequest.parameter(via, "received").isEmpty()) {
                result += ";received=" + source.getHostAddress();
            }
        }
        return result;
    }

    private static String quoted(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\r\\n]", " ");
    }

    /** The UDP port actually bound. */
    int udpPort() {
        return udp.getLocalPort();
    }
}
