package org.actionbridge.activeuri.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.actionbridge.core.CommandError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The answer reader against a raw socket that sends exactly the bytes a test scripts, split as it likes. */
class HttpExchangeTest {

    /** A deadline far above what the scripted answers take, so that a loaded machine does not turn them into timeouts. */
    private final HttpExchange exchange = new HttpExchange(null, 1_000, 10_000, ConcurrentHashMap.newKeySet());
    private ScriptedPhone phone;

    @AfterEach
    void close() throws IOException {
        if (phone != null) {
            phone.close();
        }
    }

    @Test
    void answerInOneWriteGivesStatusHeadersAndBody() throws Exception {
        phone = new ScriptedPhone(List.of("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Two: a\r\nx-two: b\r\n\r\nhello"));

        HttpAnswer answer = get();

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.reason()).isEqualTo("OK");
        assertThat(answer.headers("x-two")).containsExactly("a", "b");
        assertThat(answer.body()).isEqualTo("hello");
    }

    @Test
    void answerSplitAcrossTheBlankLineAndTheBodyIsJoined() throws Exception {
        phone = new ScriptedPhone(List.of("HTTP/1.1 401 Unauthorized\r", "\nWWW-Authenticate: Basic realm=\"x\"\r\n\r",
                "\nab", "c"));

        HttpAnswer answer = get();

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.headers("www-authenticate")).containsExactly("Basic realm=\"x\"");
        assertThat(answer.body()).isEqualTo("abc");
    }

    @Test
    void answerSentByteByByteIsRead() throws Exception {
        String text = "HTTP/1.0 204 No Content\r\nServer: fanvil\r\n\r\n";
        phone = new ScriptedPhone(text.chars().mapToObj(c -> String.valueOf((char) c)).toList());

        HttpAnswer answer = get();

        assertThat(answer.status()).isEqualTo(204);
        assertThat(answer.headers("server")).containsExactly("fanvil");
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void bodyIsCutAtItsLimitAndAtContentLength() throws Exception {
        phone = new ScriptedPhone(List.of("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcdef"));
        assertThat(get().body()).isEqualTo("abc");
        phone.close();

        phone = new ScriptedPhone(List.of("HTTP/1.1 200 OK\r\n\r\n" + "x".repeat(HttpExchange.MAX_BODY_BYTES + 100)));
        assertThat(get().body()).hasSize(HttpExchange.MAX_BODY_BYTES);
    }

    @Test
    void bodyThatNeverComesIsStillAnAnswer() throws Exception {
        phone = new ScriptedPhone(List.of("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab"));

        HttpAnswer answer = get();

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("ab");
    }

    @Test
    void oversizedHeadIsRefused() throws Exception {
        phone = new ScriptedPhone(List.of("HTTP/1.1 200 OK\r\nX-Long: " + "y".repeat(HttpExchange.MAX_HEAD_BYTES) + "\r\n\r\n"));

        assertThatThrownBy(this::get).isInstanceOfSatisfying(ExchangeException.class, e -> {
            assertThat(e.error()).isEqualTo(CommandError.REFUSED);
            assertThat(e.getMessage()).contains("oversized answer header");
        });
    }

    @Test
    void connectionClosedBeforeTheBlankLineIsRefused() throws Exception {
        phone = new ScriptedPhone(List.of("HTTP/1.1 200 OK\r\nServer: half"));

        assertThatThrownBy(this::get).isInstanceOfSatisfying(ExchangeException.class, e -> {
            assertThat(e.error()).isEqualTo(CommandError.REFUSED);
            assertThat(e.getMessage()).contains("without a complete answer");
        });
    }

    @Test
    void answerThatIsNotHttpIsRefused() throws Exception {
        phone = new ScriptedPhone(List.of("SSH-2.0-OpenSSH\r\n\r\n"));

        assertThatThrownBy(this::get).isInstanceOfSatisfying(ExchangeException.class,
                e -> assertThat(e.getMessage()).contains("did not answer in HTTP"));
    }

    @Test
    void headThatStopsHalfwayTimesOut() throws Exception {
        phone = new ScriptedPhone(List.of("HTTP/1.1 200 OK\r\n"), true);
        HttpExchange impatient = new HttpExchange(null, 1_000, 300, ConcurrentHashMap.newKeySet());

        assertThatThrownBy(() -> get(impatient)).isInstanceOfSatisfying(ExchangeException.class, e -> {
            assertThat(e.error()).isEqualTo(CommandError.TIMEOUT);
            assertThat(e.connectFailure()).isFalse();
        });
    }

    private HttpAnswer get() throws ExchangeException {
        return get(exchange);
    }

    private HttpAnswer get(HttpExchange exchange) throws ExchangeException {
        return exchange.get("127.0.0.1", phone.port(), false, "/cgi-bin/ConfigManApp.com?key=OK", null);
    }

    /** Accepts one connection, reads the request head, then sends its parts a few milliseconds apart. */
    private static final class ScriptedPhone implements AutoCloseable {
        private final ServerSocket server;
        private final CountDownLatch done = new CountDownLatch(1);
        private final Thread thread;

        ScriptedPhone(List<String> parts) throws IOException {
            this(parts, false);
        }

        ScriptedPhone(List<String> parts, boolean holdOpen) throws IOException {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> serve(parts, holdOpen), "scripted-phone");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve(List<String> parts, boolean holdOpen) {
            try (Socket socket = server.accept()) {
                socket.setTcpNoDelay(true);
                readRequestHead(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                for (String part : parts) {
                    out.write(part.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    // so that the parts arrive as separate reads rather than coalesced
                    Thread.sleep(5);
                }
                if (holdOpen) {
                    done.await(5, TimeUnit.SECONDS);
                }
            } catch (IOException | InterruptedException e) {
                // the test's assertions tell what went wrong
            }
        }

        private static void readRequestHead(InputStream in) throws IOException {
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1
                        : b == '\r' ? 1 : 0;
            }
        }

        @Override
        public void close() throws IOException {
            done.countDown();
            server.close();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
