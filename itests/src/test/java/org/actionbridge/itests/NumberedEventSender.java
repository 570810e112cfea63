package org.actionbridge.itests;

import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * One phone sending numbered Action URLs over HTTP from its own loopback address, as a phone does: the
 * next event only once the previous one was answered; an event answered 503 is sent again after the
 * answer's Retry-After (counted). Stops after {@code count} events, at {@link #stop()}, at the first
 * connection that fails (the receiver is gone) or at an answer other than 200 and 503. Records, for
 * every accepted event, when the request that was answered 200 started.
 */
public final class NumberedEventSender implements Runnable {

    private final String source;
    private final int port;
    private final IntFunction<String> pathAndQuery;
    private final int count;
    private final long[] acceptedRequestStarted;
    private final AtomicInteger busy = new AtomicInteger();
    private final Map<Integer, Integer> unexpected = new ConcurrentHashMap<>();
    private volatile int lastAccepted;
    private volatile boolean stopped;
    private volatile RuntimeException failure;

    /**
     * @param pathAndQuery the request of event {@code n} (from 1), e.g.
     *        {@code /actionurl/{token}/mwi?mac=..&ip=..&date_time=n}
     */
    public NumberedEventSender(String source, int port, IntFunction<String> pathAndQuery, int count) {
        this.source = source;
        this.port = port;
        this.pathAndQuery = pathAndQuery;
        this.count = count;
        this.acceptedRequestStarted = new long[count + 1];
    }

    @Override
    public void run() {
        for (int n = 1; n <= count && !stopped; n++) {
            while (true) {
                long started = System.nanoTime();
                RawHttp.Response response;
                try {
                    response = RawHttp.get(source, port, pathAndQuery.apply(n));
                } catch (UncheckedIOException | IndexOutOfBoundsException e) {
                    failure = e; // refused, reset, or closed without an answer
                    return;
                }
                if (response.status() == 200) {
                    acceptedRequestStarted[n] = started;
                    lastAccepted = n;
                    break;
                }
                if (response.status() != 503) {
                    unexpected.merge(response.status(), 1, Integer::sum);
                    return;
                }
                busy.incrementAndGet();
                String retryAfter = response.headers().getOrDefault("retry-after", "1").trim();
                try {
                    Thread.sleep(Long.parseLong(retryAfter) * 1000L); // the phone's back-off, as asked
                } catch (InterruptedException e) {
                    return;
                }
                if (stopped) {
                    return;
                }
            }
        }
    }

    public void stop() {
        stopped = true;
    }

    /** The last event answered 200 (events 1 to this one all were); 0 before the first. */
    public int lastAccepted() {
        return lastAccepted;
    }

    /** When the request that got event {@code n} accepted started (System.nanoTime); 0 if not accepted. */
    public long acceptedRequestStarted(int n) {
        return acceptedRequestStarted[n];
    }

    /** Answers 503 received. */
    public int busy() {
        return busy.get();
    }

    /** Answers other than 200 and 503, by status. */
    public Map<Integer, Integer> unexpected() {
        return Map.copyOf(unexpected);
    }

    /** The failed connection that ended the run, if one did. */
    public RuntimeException failure() {
        return failure;
    }
}
