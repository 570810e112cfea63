package org.actionbridge.console.internal;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Server-Sent Events connection. Messages wait in a bounded queue and are written with non-blocking
 * servlet I/O, so that neither EventAdmin nor the writer thread ever waits for a slow client; a client
 * whose queue overflows is disconnected (the browser reconnects and reloads the state).
 */
final class SseClient implements WriteListener, AsyncListener {

    private final Logger logger = LoggerFactory.getLogger(SseClient.class);
    private final String name;
    private final AsyncContext async;
    private final ServletOutputStream out;
    private final BlockingQueue<byte[]> queue;
    private final Executor writer;
    private final Consumer<SseClient> onClose;
    private final Optional<String> thingFilter;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean flushNeeded; // guarded by this

    SseClient(String name, AsyncContext async, ServletOutputStream out, int capacity, Executor writer,
            Optional<String> thingFilter, Consumer<SseClient> onClose) {
        this.name = name;
        this.async = async;
        this.out = out;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = writer;
        this.thingFilter = thingFilter;
        this.onClose = onClose;
    }

    /** Whether this client wants messages about {@code thingId} (empty: not about one thing). */
    boolean wants(Optional<String> thingId) {
        return thingFilter.isEmpty() || thingId.isEmpty() || thingFilter.equals(thingId);
    }

    /** Queues a message without waiting; drops the client when its queue is full. */
    void offer(byte[] message) {
        if (closed.get()) {
            return;
        }
        if (!queue.offer(message)) {
            logger.info("Event stream client {} fell {} messages behind; disconnecting it", name, queue.size());
            close();
            return;
        }
        schedule();
    }

    boolean isClosed() {
        return closed.get();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                writer.execute(() -> {
                    scheduled.set(false);
                    drain();
                });
            } catch (RejectedExecutionException e) {
                close(); // shutting down
            }
        }
    }

    @Override
    public void onWritePossible() {
        drain();
    }

    /** Writes as much as the connection takes now; the container calls back when it takes more. */
    private synchronized void drain() {
        if (closed.get()) {
            return;
        }
        try {
            while (out.isReady()) {
                byte[] next = queue.poll();
                if (next == null) {
                    if (!flushNeeded) {
                        return;
                    }
                    flushNeeded = false;
                    out.flush();
                    continue;
                }
                out.write(next);
                flushNeeded = true;
            }
        } catch (IOException | IllegalStateException e) {
            logger.debug("Event stream client {} gone: {}", name, e.toString());
            close();
        }
    }

    /** Ends the response and forgets the client; safe to call more than once, from any thread. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        onClose.accept(this);
        queue.clear();
        try {
            async.complete();
        } catch (RuntimeException e) {
            logger.debug("Event stream client {}: complete failed: {}", name, e.toString());
        }
    }

    private void gone() {
        if (closed.compareAndSet(false, true)) {
            onClose.accept(this);
            queue.clear();
        }
    }

    @Override
    public void onError(Throwable t) {
        logger.debug("Event stream client {} failed: {}", name, t.toString());
        close();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        gone();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        close();
    }

    @Override
    public void onError(AsyncEvent event) {
        close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }

    @Override
    public String toString() {
        return name;
    }
}
