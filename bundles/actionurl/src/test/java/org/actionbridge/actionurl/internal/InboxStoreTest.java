package org.actionbridge.actionurl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.actionbridge.actionurl.InboxEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxStoreTest {

    /** Long enough that a write waiting for the interval cannot happen while a test looks. */
    private static final long LONG_INTERVAL_MS = 600_000;

    @TempDir
    Path directory;

    private static List<InboxEntry> entry(String mac) {
        Instant now = Instant.now();
        return List.of(new InboxEntry(mac, mac, "192.0.2.20", "X6U", "", now, now, "setup_completed", 1));
    }

    private String stored(Path file) throws Exception {
        return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
    }

    @Test
    void aChangeAfterAQuietSpellIsWrittenAtOnceAndTheNextWaitsForTheInterval() throws Exception {
        Path file = directory.resolve("inbox.properties");
        InboxStore store = new InboxStore(file, LONG_INTERVAL_MS);
        try {
            store.save(() -> entry("0c383e000020"));
            // not after the interval: a Karaf killed now would otherwise lose the phone that just appeared
            await().atMost(Duration.ofSeconds(10)).until(() -> stored(file).contains("0c383e000020"));

            store.save(() -> entry("0c383e000021"));
            assertThat(stored(file)).contains("0c383e000020").doesNotContain("0c383e000021");
        } finally {
            store.close();
        }
        // closing writes the change that was waiting
        assertThat(stored(file)).contains("0c383e000021").doesNotContain("0c383e000020");
        assertThat(new InboxStore(file).load(16)).extracting(InboxEntry::key).containsExactly("0c383e000021");
    }
}
