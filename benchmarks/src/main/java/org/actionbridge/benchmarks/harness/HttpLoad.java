package org.actionbridge.benchmarks.harness;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives HTTP requests from a fixed number of worker threads, either closed-loop (each worker sends its next
 * request when the previous answer is in: the saturation rate) or at a fixed total rate (latency measured
 * from the intended send time, so a stall is not hidden). Bounded by its duration.
 */
final class HttpLoad {

    /** Which connection a worker uses for its {@code seq}-th request, and what it asks. */
    interface Plan {
        RawHttp connection(int worker, long seq);

        String target(int worker, long seq, long sendNanos);

        /** How long a worker pauses after a 503 (the receiver's "retry later"); 0: it goes on at once. */
        default long pauseAfter503Millis() {
            return 0;
        }
    }

    record Result(long ok, long failed, Map<Integer, Long> statuses, double seconds, Histogram latency,
            String firstError) {
        double rate() {
            return ok / seconds;
        }

        double p50() {
            return latency.percentileMillis(0.50);
        }

        double p99() {
            return latency.percentileMillis(0.99);
        }
    }

    private HttpLoad() {
    }

    /**
     * Runs {@code workers} threads for {@code warmupMillis} (not recorded) then {@code measureMillis};
     * {@code ratePerSecond <= 0} is closed-loop.
     */
    static Result run(int workers, Plan plan, double ratePerSecond, long warmupMillis, long measureMillis) {
        Histogram histogram = new Histogram();
        LongAdder ok = new LongAdder();
        LongAdder failed = new LongAdder();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        AtomicLong firstErrorSet = new AtomicLong();
        String[] firstError = new String[1];
        long start = System.nanoTime();
        long measureFrom = start + warmupMillis * 1_000_000L;
        long end = measureFrom + measureMillis * 1_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            Thread thread = new Thread(() -> {
                double interval = ratePerSecond > 0 ? workers * 1e9 / ratePerSecond : 0;
                long offset = ratePerSecond > 0 ? (long) (interval * worker / workers) : 0;
                for (long seq = 0;; seq++) {
                    long intended = ratePerSecond > 0 ? start + offset + (long) (seq * interval) : System.nanoTime();
                    if (intended >= end) {
                        break;
                    }
                    long wait = intended - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    int status;
                    try {
                        status = plan.connection(worker, seq).get(plan.target(worker, seq, intended));
                    } catch (IOException | RuntimeException e) {
                        status = -1;
                        if (firstErrorSet.getAndIncrement() == 0) {
                            firstError[0] = e.toString();
                        }
                    }
                    long done = System.nanoTime();
                    if (status == 503 && plan.pauseAfter503Millis() > 0) {
                        LockSupport.parkNanos(plan.pauseAfter503Millis() * 1_000_000L);
                    }
                    if (intended >= measureFrom) {
                        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                        if (status == 200) {
                            ok.increment();
                            histogram.record(done - intended);
                        } else {
                            failed.increment();
                        }
                    }
                }
            }, "bench-http-" + w);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (end - System.nanoTime()) / 1_000_000L) + 60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Map<Integer, Long> counted = new TreeMap<>();
        statuses.forEach((k, v) -> counted.put(k, v.sum()));
        return new Result(ok.sum(), failed.sum(), counted, measureMillis / 1000.0, histogram, firstError[0]);
    }
}
