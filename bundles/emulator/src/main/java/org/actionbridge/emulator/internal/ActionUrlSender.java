package org.actionbridge.emulator.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.actionbridge.protocol.ActionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one device's Action URL requests (spec 2.2), in the order the events happened, from a single named
 * thread with a bounded queue, so the state machine never waits. Each request is a plain HTTP/1.1 GET over
 * a socket bound to the device's own address, as a real phone's request leaves from the phone's IP.
 */
final class ActionUrlSender implements AutoCloseable {

    static final int CONNECT_TIMEOUT_MILLIS = 2000;
    static final int READ_TIMEOUT_MILLIS = 5000;
    private static final int QUEUE = 1000;
    private static final int MAX_RESPONSE = 64 * 1024;

    private final Logger logger = LoggerFactory.getLogger(ActionUrlSender.class);
    private final String deviceId;
    private final InetAddress bindAddress;
    private final String userAgent;
    private final ExecutorService executor;
    /** Touched only by the sender thread: warn on the first failure, then debug until a success. */
    private boolean failing;

    ActionUrlSender(String deviceId, InetAddress bindAddress, String userAgent) {
        this.deviceId = deviceId;
        this.bindAddress = bindAddress;
        this.userAgent = userAgent;
        this.executor = NamedThreads.bounded("emulator-" + deviceId + "-actionurl", 1, QUEUE,
                (task, pool) -> logger.warn("Emulator {}: more than {} Action URLs waiting; one is dropped",
                        deviceId, QUEUE));
    }

    /** Queues the request for the event; returns at once. */
    void send(ActionEvent event, String url) {
        try {
            executor.execute(() -> deliver(event, url));
        } catch (RejectedExecutionException e) {
            logger.debug("Emulator {}: stopped, Action URL for {} not sent", deviceId, event);
        }
    }

    private void deliver(ActionEvent event, String url) {
        try {
            int status = get(url);
            if (status >= 200 && status < 300) {
                logger.debug("Emulator {}: {} -> {} {}", deviceId, event, status, forLog(url));
                failing = false;
            } else {
                report(event, url, "HTTP " + status);
            }
        } catch (IOException | IllegalArgumentException e) {
            report(event, url, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void report(ActionEvent event, String url, String reason) {
        if (!failing) {
            logger.warn("Emulator {}: Action URL for {} failed ({}): {}; further failures are logged at debug level",
                    deviceId, event, reason, forLog(url));
            failing = true;
        } else {
            logger.debug("Emulator {}: Action URL for {} failed ({}): {}", deviceId, event, reason,
                    forLog(url));
        }
    }

    /** Performs the GET and returns the status code. */
    int get(String url) throws IOException {
        Target target = Target.parse(url);
        try (Socket plain = new Socket()) {
            plain.bind(new InetSocketAddress(bindAddress, 0));
            plain.connect(new InetSocketAddress(InetAddress.getByName(target.host()), target.port()),
                    CONNECT_TIMEOUT_MILLIS);
            plain.setSoTimeout(READ_TIMEOUT_MILLIS);
            Socket socket = plain;
            if (target.https()) {
                SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain,
                        target.host(), target.port(), true);
                tls.startHandshake();
                socket = tls;
            }
            StringBuilder request = new StringBuilder(256 + url.length()).append("GET ")
                    .append(target.pathAndQuery()).append(" HTTP/1.1\r\nHost: ").append(target.hostHeader())
                    .append("\r\nUser-Agent: ").append(userAgent).append("\r\nAccept: */*\r\n");
            if (!target.userInfo().isEmpty()) {
                request.append("Authorization: Basic ").append(Base64.getEncoder().encodeToString(
                        PercentDecoding.decode(target.userInfo()).getBytes(StandardCharsets.UTF_8))).append("\r\n");
            }
            request.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            // buffered: a byte-wise read of a socket stream is a system call per byte
            return readStatus(new BufferedInputStream(socket.getInputStream(), 1024));
        }
    }

    private static int readStatus(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (line.length() > 200) {
                throw new IOException("status line too long");
            }
            line.append((char) c);
        }
        String status = line.toString().trim();
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response: '" + status + "'");
        }
        int code;
        try {
            code = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: '" + status + "'");
        }
        // read the rest (bounded) so that the server sees an orderly close
        byte[] sink = new byte[4096];
        int total = 0;
        int n;
        while (total < MAX_RESPONSE && (n = in.read(sink)) > 0) {
            total += n;
        }
        return code;
    }

    /**
     * Only where the URL goes: its path and query may hold a secret (ActionBridge's receiver token is a path
     * segment), and so may its user info.
     */
    static String forLog(String url) {
        String withoutUserInfo = url.replaceFirst("^(?i)(https?://)[^/@?#]*@", "$1");
        int scheme = withoutUserInfo.indexOf("://");
        int path = scheme < 0 ? -1 : indexOfAny(withoutUserInfo, "/?#", scheme + 3);
        return path < 0 ? withoutUserInfo : withoutUserInfo.substring(0, path) + "/... (path not logged)";
    }

    private static int indexOfAny(String text, String characters, int from) {
        for (int i = from; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Stops sending; requests still queued are dropped. */
    @Override
    public void close() {
        NamedThreads.stop(executor);
    }

    /** The parts of an http(s) URL needed to send it as is. */
    record Target(boolean https, String userInfo, String host, int port, String hostHeader, String pathAndQuery) {
        static Target parse(String url) {
            String lower = url.toLowerCase(Locale.ROOT);
            boolean https = lower.startsWith("https://");
            if (!https && !lower.startsWith("http://")) {
                throw new IllegalArgumentException("not an http or https URL");
            }
            String rest = url.substring(https ? 8 : 7);
            int slash = rest.indexOf('/');
            int question = rest.indexOf('?');
            int end = slash < 0 ? question : question < 0 ? slash : Math.min(slash, question);
            String authority = end < 0 ? rest : rest.substring(0, end);
            String path = end < 0 ? "/" : rest.substring(end);
            if (path.startsWith("?")) {
                path = "/" + path;
            }
            int hash = path.indexOf('#');
            if (hash >= 0) {
                path = path.substring(0, hash);
            }
            int at = authority.lastIndexOf('@');
            String userInfo = at < 0 ? "" : authority.substring(0, at);
            String hostPort = authority.substring(at + 1);
            String host = hostPort;
            int port = https ? 443 : 80;
            if (hostPort.startsWith("[")) {
                int close = hostPort.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed IPv6 address");
                }
                host = hostPort.substring(1, close);
                if (hostPort.length() > close + 1 && hostPort.charAt(close + 1) == ':') {
                    port = Integer.parseInt(hostPort.substring(close + 2));
                }
            } else {
                int colon = hostPort.lastIndexOf(':');
                if (colon >= 0) {
                    host = hostPort.substring(0, colon);
                    try {
                        port = Integer.parseInt(hostPort.substring(colon + 1));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("bad port in URL");
                    }
                }
            }
            if (host.isEmpty() || port < 1 || port > 65535) {
                throw new IllegalArgumentException("no host or bad port in URL");
            }
            for (int i = 0; i < path.length(); i++) {
                char c = path.charAt(i);
                if (c <= ' ' || c >= 0x7f) {
                    // what a phone's HTTP stack does with a raw space or non-ASCII character: escape it
                    path = escapeRaw(path);
                    break;
                }
            }
            return new Target(https, userInfo, host, port, hostPort, path);
        }

        private static String escapeRaw(String path) {
            StringBuilder sb = new StringBuilder();
            for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                if (c <= ' ' || c >= 0x7f) {
                    sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
                } else {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }
    }
}
