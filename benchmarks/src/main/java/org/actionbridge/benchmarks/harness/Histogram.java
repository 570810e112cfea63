package org.actionbridge.benchmarks.harness;

import java.util.concurrent.atomic.AtomicLongArray;

/** Latencies in 10 µs buckets up to 5 s (beyond: the last bucket); safe for concurrent recording. */
final class Histogram {

    private static final long BUCKET_NANOS = 10_000;
    private static final int BUCKETS = 500_000;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(long nanos) {
        counts.incrementAndGet((int) Math.max(0, Math.min(BUCKETS - 1, nanos / BUCKET_NANOS)));
    }

    void reset() {
        for (int i = 0; i < BUCKETS; i++) {
            counts.set(i, 0);
        }
    }

    long count() {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += counts.get(i);
        }
        return total;
    }

    /** The latency in milliseconds below which {@code fraction} of the samples fall; NaN when empty. */
    double percentileMillis(double fraction) {
        long total = count();
        if (total == 0) {
            return Double.NaN;
        }
        long wanted = (long) Math.ceil(total * fraction);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= wanted) {
                return (i + 1) * BUCKET_NANOS / 1e6;
            }
        }
        return BUCKETS * BUCKET_NANOS / 1e6;
    }
}
