package org.actionbridge.benchmarks.harness;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection over a plain socket bound to a chosen loopback source address: the
 * load generator of every HTTP benchmark (the same client for the product and its baseline).
 */
final class RawHttp implements Closeable {

    private final String source;
    private final String host;
    private final int port;
    private final String authorization;
    /** Whether each request goes over a fresh connection ({@code Connection: close}). */
    private boolean closeEach;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private String lastHeaders = "";

    RawHttp(String source, String host, int port, String user, String password) {
        this.source = source;
        this.host = host;
        this.port = port;
        this.authorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    RawHttp(String source, String host, int port) {
        this(source, host, port, null, null);
    }

    /** Each request over a fresh connection from now on, as the product's Active URI transport sends them. */
    RawHttp closingEach() {
        closeEach = true;
        return this;
    }

    /** Sends {@code GET target} and reads the whole answer; returns its status (reconnects once if closed). */
    int get(String target) throws IOException {
        for (int attempt = 0;; attempt++) {
            boolean fresh = socket == null;
            try {
                if (fresh) {
                    connect();
                }
                StringBuilder request = new StringBuilder(target.length() + 96);
                request.append("GET ").append(target).append(" HTTP/1.1\r\nHost: ").append(host).append(':')
                        .append(port).append("\r\n");
                if (authorization != null) {
                    request.append("Authorization: ").append(authorization).append("\r\n");
                }
                if (closeEach) {
                    request.append("Connection: close\r\n");
                }
                request.append("\r\n");
                out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return readResponse();
            } catch (IOException e) {
                close();
                if (fresh || attempt > 0) {
                    throw e;
                }
            }
        }
    }

    String lastHeaders() {
        return lastHeaders;
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(30_000);
        s.bind(new InetSocketAddress(source, 0));
        s.connect(new InetSocketAddress(host, port), 5_000);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 8192);
        out = s.getOutputStream();
    }

    private int readResponse() throws IOException {
        String status = line();
        if (status == null || !status.startsWith("HTTP/1.")) {
            throw new IOException("bad status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        StringBuilder headers = new StringBuilder();
        for (String header = line(); header != null && !header.isEmpty(); header = line()) {
            headers.append(header).append('\n');
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                closeAfter = true;
            }
        }
        lastHeaders = headers.toString();
        if (chunked) {
            for (long size = Long.parseLong(line().trim(), 16); size > 0; size = Long.parseLong(line().trim(), 16)) {
                skip(size);
                line();
            }
            line();
        } else if (length >= 0) {
            skip(length);
        } else {
            closeAfter = true;
            while (in.read() >= 0) {
                // body until close
            }
        }
        if (closeAfter || closeEach) {
            close();
        }
        return code;
    }

    private void skip(long n) throws IOException {
        for (long left = n; left > 0; left--) {
            if (in.read() < 0) {
                throw new IOException("connection closed in the body");
            }
        }
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder(64);
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                int n = b.length();
                return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
            }
            b.append((char) c);
        }
        throw new IOException("connection closed");
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        socket = null;
    }
}
