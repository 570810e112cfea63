package org.actionbridge.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.AsyncContext;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;

import org.junit.jupiter.api.Test;

class SseClientTest {

    /** An output stream that takes bytes only while {@code ready}, like a non-blocking connection. */
    private static final class FakeOutput extends ServletOutputStream {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        volatile boolean ready = true;

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
        }

        @Override
        public void write(int b) {
            if (!ready) {
                throw new IllegalStateException("write while not ready");
            }
            written.write(b);
        }
    }

    private final AtomicInteger completions = new AtomicInteger();
    private final AsyncContext async = (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] { AsyncContext.class }, (proxy, method, args) -> {
                if (method.getName().equals("complete")) {
                    completions.incrementAndGet();
                }
                return null;
            });

    @Test
    void writesQueuedMessagesWhenTheConnectionTakesThem() {
        FakeOutput out = new FakeOutput();
        SseClient client = new SseClient("t", async, out, 8, Runnable::run, Optional.empty(), c -> { });
        client.offer("a\n\n".getBytes(StandardCharsets.UTF_8));
        client.offer("b\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(out.written.toString(StandardCharsets.UTF_8)).isEqualTo("a\n\nb\n\n");
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void waitsForTheContainerWhileTheConnectionIsBusy() {
        FakeOutput out = new FakeOutput();
        out.ready = false;
        SseClient client = new SseClient("t", async, out, 8, Runnable::run, Optional.empty(), c -> { });
        client.offer("a\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(out.written.size()).isZero();
        out.ready = true;
        client.onWritePossible();
        assertThat(out.written.toString(StandardCharsets.UTF_8)).isEqualTo("a\n\n");
    }

    @Test
    void dropsASlowClientInsteadOfBlocking() {
        FakeOutput out = new FakeOutput();
        out.ready = false; // never takes anything
        AtomicBoolean removed = new AtomicBoolean();
        SseClient client = new SseClient("t", async, out, 4, Runnable::run, Optional.empty(), c -> removed.set(true));
        for (int i = 0; i < 5; i++) {
            client.offer(new byte[] { 'x' });
        }
        assertThat(client.isClosed()).isTrue();
        assertThat(removed).isTrue();
        assertThat(completions).hasValue(1);
        client.offer(new byte[] { 'y' }); // ignored once closed
        client.close();
        assertThat(completions).hasValue(1);
    }

    @Test
    void forgetsAClientWhoseConnectionFailed() {
        AtomicBoolean removed = new AtomicBoolean();
        SseClient client = new SseClient("t", async, new FakeOutput(), 4, Runnable::run, Optional.empty(),
                c -> removed.set(true));
        client.onError(new java.io.EOFException("reset"));
        assertThat(removed).isTrue();
        assertThat(client.isClosed()).isTrue();
    }

    @Test
    void filtersByThing() {
        SseClient client = new SseClient("t", async, new FakeOutput(), 4, Runnable::run, Optional.of("desk1"), c -> { });
        assertThat(client.wants(Optional.of("desk1"))).isTrue();
        assertThat(client.wants(Optional.of("desk2"))).isFalse();
        assertThat(client.wants(Optional.empty())).isTrue();
    }
}
