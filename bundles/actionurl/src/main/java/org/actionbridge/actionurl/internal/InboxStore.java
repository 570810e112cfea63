package org.actionbridge.actionurl.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.actionbridge.actionurl.InboxEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The discovery inbox on disk: a properties file rewritten whole (temporary file, then rename) on its own
 * thread. A change after a quiet spell is written at once, so that a Karaf killed right after a phone
 * appeared or an entry was approved keeps it; changes within {@link #WRITE_INTERVAL_MS} of the last write
 * wait for the next one, so that a burst of requests from unknown phones costs one write per interval.
 * Reading is bounded: an oversized or damaged file is ignored, entry by entry where possible.
 */
final class InboxStore {

    static final long WRITE_INTERVAL_MS = 300;
    static final long MAX_FILE_BYTES = 1 << 20;

    private final Logger logger = LoggerFactory.getLogger(InboxStore.class);
    private final Path file;
    private final long intervalNanos;
    private final ScheduledThreadPoolExecutor writer = new ScheduledThreadPoolExecutor(1,
            NamedThreads.factory("actionurl-inbox"));
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Supplier<List<InboxEntry>> source;
    /** When the last write started ({@link System#nanoTime()}); one interval back at first, so the first is at once. */
    private volatile long lastWriteNanos;

    InboxStore(Path file) {
        this(file, WRITE_INTERVAL_MS);
    }

    InboxStore(Path file, long intervalMillis) {
        this.file = file;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.lastWriteNanos = System.nanoTime() - intervalNanos;
        writer.setKeepAliveTime(10, TimeUnit.SECONDS);
        writer.allowCoreThreadTimeOut(true);
    }

    /** The stored entries, at most {@code capacity} of them (the most recently seen). */
    List<InboxEntry> load(int capacity) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        Properties properties = new Properties();
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                logger.warn("Discovery inbox file {} is larger than {} bytes; starting with an empty inbox", file,
                        MAX_FILE_BYTES);
                return List.of();
            }
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            }
        } catch (IOException | IllegalArgumentException e) {
            logger.warn("Could not read the discovery inbox from {}: {}; starting with an empty inbox", file,
                    e.toString());
            return List.of();
        }
        List<InboxEntry> loaded = new ArrayList<>();
        int count = Math.min(parseInt(properties.getProperty("count"), 0), properties.size());
        for (int i = 0; i < count; i++) {
            String prefix = "entry." + i + ".";
            try {
                String key = properties.getProperty(prefix + "key");
                if (key == null || key.isBlank()) {
                    continue;
                }
                loaded.add(new InboxEntry(key, properties.getProperty(prefix + "mac"),
                        properties.getProperty(prefix + "ip"), properties.getProperty(prefix + "model"),
                        properties.getProperty(prefix + "firmware"),
                        Instant.parse(properties.getProperty(prefix + "firstSeen")),
                        Instant.parse(properties.getProperty(prefix + "lastSeen")),
                        properties.getProperty(prefix + "lastEvent"),
                        Long.parseLong(properties.getProperty(prefix + "requests", "1"))));
            } catch (RuntimeException e) {
                logger.debug("Skipping damaged discovery inbox entry {}: {}", i, e.toString());
            }
        }
        loaded.sort(Comparator.comparing(InboxEntry::lastSeen).reversed());
        return loaded.size() > capacity ? List.copyOf(loaded.subList(0, capacity)) : loaded;
    }

    /**
     * Writes what {@code entries} supplies: at once after a quiet spell, else with the next write, once for
     * any number of changes meanwhile.
     */
    void save(Supplier<List<InboxEntry>> entries) {
        source = entries;
        if (scheduled.compareAndSet(false, true)) {
            long wait = Math.max(0, lastWriteNanos + intervalNanos - System.nanoTime());
            try {
                writer.schedule(this::writeNow, wait, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                scheduled.set(false); // closing: close() writes the last state
            }
        }
    }

    /** Stops the writer and writes a change still pending. */
    void close() {
        writer.shutdownNow();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (scheduled.get()) {
            writeNow();
        }
    }

    private void writeNow() {
        lastWriteNanos = System.nanoTime();
        scheduled.set(false); // changes from now on schedule another write
        Supplier<List<InboxEntry>> entries = source;
        if (entries == null) {
            return;
        }
        List<InboxEntry> list = entries.get();
        Properties properties = new Properties();
        properties.setProperty("version", "1");
        properties.setProperty("count", String.valueOf(list.size()));
        for (int i = 0; i < list.size(); i++) {
            InboxEntry entry = list.get(i);
            String prefix = "entry." + i + ".";
            properties.setProperty(prefix + "key", entry.key());
            properties.setProperty(prefix + "mac", entry.mac());
            properties.setProperty(prefix + "ip", entry.ip());
            properties.setProperty(prefix + "model", entry.model());
            properties.setProperty(prefix + "firmware", entry.firmware());
            properties.setProperty(prefix + "firstSeen", entry.firstSeen().toString());
            properties.setProperty(prefix + "lastSeen", entry.lastSeen().toString());
            properties.setProperty(prefix + "lastEvent", entry.lastEvent());
            properties.setProperty(prefix + "requests", String.valueOf(entry.requests()));
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                properties.store(out, "ActionBridge discovery inbox (unknown phones); rewritten on every change");
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            logger.warn("Could not write the discovery inbox to {}: {}; it is kept in memory", file, e.toString());
        }
    }

    private static int parseInt(String text, int otherwise) {
        try {
            return text == null ? otherwise : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
