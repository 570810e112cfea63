package org.actionbridge.mqtt.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retained topics the bridge has published a value to, kept in a file of the bundle's data area, one
 * topic a line. Channel states live in memory only, so after a restart (or a crash) the broker may still
 * retain values nobody stands behind any more; the first connection clears exactly those: the topics of
 * this record that the new snapshot does not publish. A topic is appended once, when it first gets a
 * value; the file is rewritten from the snapshot after that first connection. Without a file (no data
 * area, or it cannot be written) nothing is cleared and a warning says so. Thread-safe.
 */
final class RetainedTopicRecord {

    private final Logger logger = LoggerFactory.getLogger(RetainedTopicRecord.class);
    private final Path file;
    private final Set<String> known = new HashSet<>();
    private Set<String> previous;
    private BufferedWriter out;
    private boolean failed;

    /** {@code file} may be null: then nothing is recorded. */
    RetainedTopicRecord(Path file) {
        this.file = file;
        Set<String> loaded = new LinkedHashSet<>();
        if (file != null && Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        loaded.add(line.strip());
                    }
                }
            } catch (IOException e) {
                logger.warn("Cannot read {}: retained MQTT states left by an earlier run are not cleared ({})", file,
                        e.toString());
            }
        }
        this.previous = loaded;
    }

    /** Notes the retained publications with a value among {@code publications}. */
    synchronized void remember(Collection<Publication> publications) {
        boolean wrote = false;
        for (Publication publication : publications) {
            if (publication.retained() && publication.payload().length > 0 && known.add(publication.topic())) {
                wrote |= append(publication.topic());
            }
        }
        if (wrote) {
            flush();
        }
    }

    /**
     * The first time only: the topics an earlier run retained a value on that {@code snapshot} does not
     * publish with one; the record then holds the snapshot's topics. Later calls return nothing.
     */
    synchronized List<String> staleAfterRestart(Collection<Publication> snapshot) {
        if (previous == null) {
            return List.of();
        }
        Set<String> current = new LinkedHashSet<>();
        for (Publication publication : snapshot) {
            if (publication.retained() && publication.payload().length > 0) {
                current.add(publication.topic());
            }
        }
        List<String> stale = previous.stream().filter(topic -> !current.contains(topic)).toList();
        previous = null;
        known.addAll(current);
        rewrite();
        return stale;
    }

    /** Whether a value was retained on {@code topic}, by this run or (until the first connection) an earlier one. */
    synchronized boolean hadValue(String topic) {
        return known.contains(topic) || previous != null && previous.contains(topic);
    }

    /** Forgets topics whose retained value was cleared, so that a later run does not clear them again. */
    synchronized void forget(Collection<String> topics) {
        boolean removed = false;
        for (String topic : topics) {
            removed |= known.remove(topic);
            removed |= previous != null && previous.remove(topic);
        }
        if (removed) {
            rewrite();
        }
    }

    synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                logger.debug("Closing {} failed: {}", file, e.toString());
            }
            out = null;
        }
    }

    private boolean append(String topic) {
        if (file == null || failed) {
            return false;
        }
        try {
            if (out == null) {
                Files.createDirectories(file.getParent());
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            out.write(topic);
            out.write('\n');
            return true;
        } catch (IOException e) {
            fail(e);
            return false;
        }
    }

    private void flush() {
        try {
            if (out != null) {
                out.flush();
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    private void rewrite() {
        if (file == null || failed) {
            return;
        }
        close();
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Set<String> lines = new LinkedHashSet<>(known);
            if (previous != null) {
                lines.addAll(previous); // not yet decided: the first connection still clears them
            }
            Files.write(temporary, lines, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(IOException e) {
        failed = true;
        logger.warn("Cannot write {}: after a restart, retained MQTT states of this run will not be cleared ({})",
                file, e.toString());
    }
}
