package org.actionbridge.activeuri.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.actionbridge.core.CommandError;

/**
 * One HTTP/1.1 GET to a phone over a fresh connection ({@code Connection: close}), with separate connect
 * and read deadlines. Plain sockets rather than {@code java.net.http.HttpClient}: they tell a refused or
 * timed-out connect (safe to retry) from a lost answer (not safe), and closing them stops a request at
 * once when the transport is deactivated.
 */
final class HttpExchange {

    static final int MAX_HEAD_BYTES = 16 * 1024;
    static final int MAX_BODY_BYTES = 4 * 1024;

    /** What may appear in a request target: visible ASCII without space, '#' or '\'. */
    private static final Pattern SAFE_TARGET = Pattern.compile("/[!$&'()*+,\\-./0-9:;=?@A-Z\\[\\]_a-z~%]*");

    private final SSLSocketFactory tls;
    private final int connectTimeoutMs;
    private final int readTimeoutMs;
    private final Set<Socket> openSockets;

    HttpExchange(SSLSocketFactory tls, int connectTimeoutMs, int readTimeoutMs, Set<Socket> openSockets) {
        this.tls = tls;
        this.connectTimeoutMs = connectTimeoutMs;
        this.readTimeoutMs = readTimeoutMs;
        this.openSockets = openSockets;
    }

    /**
     * Sends {@code GET target} with the given Authorization value (null for none) and reads the answer.
     *
     * @throws ExchangeException when there is no answer, with the error to report
     */
    HttpAnswer get(String host, int port, boolean https, String target, String authorization)
            throws ExchangeException {
        if (!SAFE_TARGET.matcher(target).matches()) {
            // the protocol model encodes everything; this guards the request line regardless
            throw new ExchangeException(CommandError.INVALID_VALUE, false, "refusing an unsafe request target", null);
        }
        // phones are on the local network: no JVM-wide SOCKS proxy, and no proxy lookup per command
        Socket socket = new Socket(Proxy.NO_PROXY);
        openSockets.add(socket);
        try {
            try {
                socket.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            } catch (SocketTimeoutException e) {
                throw new ExchangeException(CommandError.UNREACHABLE, true,
                        "no connection to " + authority(host, port) + " within " + connectTimeoutMs + " ms", e);
            } catch (ConnectException | NoRouteToHostException e) {
                throw new ExchangeException(CommandError.UNREACHABLE, true,
                        "cannot connect to " + authority(host, port) + ": " + e.getMessage(), e);
            } catch (UnknownHostException e) {
                throw new ExchangeException(CommandError.UNREACHABLE, true, "unknown host " + host, e);
            } catch (IOException e) {
                if (socket.isClosed()) {
                    throw new ExchangeException(CommandError.INTERNAL, false, "transport stopped", e);
                }
                throw new ExchangeException(CommandError.UNREACHABLE, true,
                        "cannot connect to " + authority(host, port) + ": " + e.getMessage(), e);
            }
            long deadline = System.nanoTime() + readTimeoutMs * 1_000_000L;
            Socket channel = socket;
            if (https) {
                channel = handshake(socket, host, port, deadline);
            }
            return exchange(channel, host, port, https, target, authorization, deadline);
        } finally {
            openSockets.remove(socket);
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
    }

    private Socket handshake(Socket socket, String host, int port, long deadline) throws ExchangeException {
        try {
            SSLSocket ssl = (SSLSocket) tls.createSocket(socket, host, port, true);
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (!host.isEmpty() && Character.isLetter(host.charAt(host.length() - 1))) {
                parameters.setServerNames(List.of(new SNIHostName(host)));
            }
            ssl.setSSLParameters(parameters);
            ssl.setSoTimeout(remaining(deadline, host, port));
            ssl.startHandshake();
            return ssl;
        } catch (SSLHandshakeException e) {
            throw new ExchangeException(CommandError.REFUSED, false, "TLS handshake with " + authority(host, port)
                    + " failed: " + PinnedTrustManager.describe(e), e);
        } catch (SocketTimeoutException e) {
            throw new ExchangeException(CommandError.TIMEOUT, false,
                    "no TLS handshake from " + authority(host, port) + " within " + readTimeoutMs + " ms", e);
        } catch (IOException e) {
            throw lost(socket, host, port, e);
        }
    }

    private HttpAnswer exchange(Socket socket, String host, int port, boolean https, String target,
            String authorization, long deadline) throws ExchangeException {
        try {
            StringBuilder request = new StringBuilder();
            request.append("GET ").append(target).append(" HTTP/1.1\r\n");
            request.append("Host: ").append(hostHeader(host, port, https)).append("\r\n");
            if (authorization != null) {
                request.append("Authorization: ").append(authorization).append("\r\n");
            }
            request.append("User-Agent: ActionBridge\r\n");
            request.append("Accept: */*\r\n");
            request.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read(socket, deadline, host, port);
        } catch (SocketTimeoutException e) {
            throw new ExchangeException(CommandError.TIMEOUT, false,
                    "no answer from " + authority(host, port) + " within " + readTimeoutMs + " ms", e);
        } catch (ExchangeException e) {
            throw e;
        } catch (IOException e) {
            throw lost(socket, host, port, e);
        }
    }

    private HttpAnswer read(Socket socket, long deadline, String host, int port) throws IOException {
        // read in chunks, not byte by byte: each read of a socket stream is a system call
        InputStream in = socket.getInputStream();
        byte[] received = new byte[MAX_HEAD_BYTES];
        int size = 0;
        int headEnd = -1;
        while (headEnd < 0) {
            if (size >= MAX_HEAD_BYTES) {
                throw new ExchangeException(CommandError.REFUSED, false,
                        authority(host, port) + " sent an oversized answer header", null);
            }
            socket.setSoTimeout(remaining(deadline, host, port));
            int n = in.read(received, size, MAX_HEAD_BYTES - size);
            if (n < 0) {
                throw new ExchangeException(CommandError.REFUSED, false,
                        authority(host, port) + " closed the connection without a complete answer", null);
            }
            headEnd = endOfHead(received, Math.max(0, size - 3), size + n);
            size += n;
        }
        String[] lines = new String(received, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status;
        try {
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
                throw new NumberFormatException();
            }
            status = Integer.parseInt(statusLine[1]);
        } catch (NumberFormatException e) {
            throw new ExchangeException(CommandError.REFUSED, false,
                    authority(host, port) + " did not answer in HTTP", null);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
            }
        }
        String body = readBody(socket, in, headers, received, headEnd + 4, size, deadline, host, port);
        return new HttpAnswer(status, statusLine.length > 2 ? statusLine[2] : "", headers, body);
    }

    /** Where the blank line that ends the head starts in {@code bytes[from, to)}, or -1. */
    private static int endOfHead(byte[] bytes, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The start of the body, for logs and messages; an answer whose body does not come is still an answer.
     * {@code received[bodyStart, size)} is the part of it that came with the head.
     */
    private String readBody(Socket socket, InputStream in, Map<String, List<String>> headers, byte[] received,
            int bodyStart, int size, long deadline, String host, int port) {
        int length = MAX_BODY_BYTES;
        List<String> contentLength = headers.get("content-length");
        if (contentLength != null) {
            try {
                length = Math.min(MAX_BODY_BYTES, Integer.parseInt(contentLength.get(0)));
            } catch (NumberFormatException e) {
                length = 0;
            }
        }
        length = Math.max(0, length);
        byte[] body = new byte[length];
        int have = Math.min(length, size - bodyStart);
        System.arraycopy(received, bodyStart, body, 0, have);
        try {
            while (have < length) {
                socket.setSoTimeout(remaining(deadline, host, port));
                int n = in.read(body, have, length - have);
                if (n < 0) {
                    break;
                }
                have += n;
            }
        } catch (IOException e) {
            // the status is what counts
        }
        return new String(body, 0, have, StandardCharsets.UTF_8);
    }

    private int remaining(long deadline, String host, int port) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
            throw new SocketTimeoutException("read deadline passed for " + authority(host, port));
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private ExchangeException lost(Socket socket, String host, int port, IOException e) {
        if (socket.isClosed() && !(e instanceof SSLException)) {
            return new ExchangeException(CommandError.INTERNAL, false, "transport stopped", e);
        }
        return new ExchangeException(CommandError.REFUSED, false,
                authority(host, port) + " dropped the connection: " + e.getMessage(), e);
    }

    static String authority(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static String hostHeader(String host, int port, boolean https) {
        String name = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port == (https ? 443 : 80) ? name : name + ":" + port;
    }
}
