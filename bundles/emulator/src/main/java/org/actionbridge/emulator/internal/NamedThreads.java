package org.actionbridge.emulator.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Bounded executors whose daemon threads carry the device's name, so that thread dumps say who is who. */
final class NamedThreads implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    private NamedThreads(String prefix) {
        this.prefix = prefix;
    }

    static ThreadFactory named(String prefix) {
        return new NamedThreads(prefix);
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }

    /** {@code threads} threads, at most {@code queue} waiting tasks; beyond that {@code whenFull} decides. */
    static ExecutorService bounded(String prefix, int threads, int queue, RejectedExecutionHandler whenFull) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue), named(prefix), whenFull);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** One scheduler thread for timers (door closing, reboot); cancelled tasks are removed at once. */
    static ScheduledExecutorService scheduler(String prefix) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, named(prefix));
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    /** Stops the executor, waiting briefly for running tasks. */
    static void stop(ExecutorService executor) {
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
