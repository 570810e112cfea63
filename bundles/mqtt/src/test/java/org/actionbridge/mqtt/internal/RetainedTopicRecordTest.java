package org.actionbridge.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetainedTopicRecordTest {

    @TempDir
    Path data;

    private static Publication state(String topic, String value) {
        return Publication.state(topic, value, 1);
    }

    @Test
    void aRestartClearsExactlyWhatTheEarlierRunRetainedAndTheNewSnapshotLacks() throws Exception {
        Path file = data.resolve("retained-topics.txt");
        RetainedTopicRecord first = new RetainedTopicRecord(file);
        assertThat(first.staleAfterRestart(List.of(state("a/availability", "online")))).isEmpty();
        first.remember(List.of(state("a/dnd", "ON"), state("a/model", "X6U"), Publication.message("a/event", "{}", 1),
                state("a/line", "")));
        first.remember(List.of(state("a/dnd", "OFF"))); // known already: not written twice
        // killed: no close()

        assertThat(Files.readAllLines(file)).containsExactlyInAnyOrder("a/availability", "a/dnd", "a/model");

        RetainedTopicRecord second = new RetainedTopicRecord(file);
        List<String> stale = second.staleAfterRestart(List.of(state("a/availability", "online"), state("b/dnd", "ON")));
        assertThat(stale).containsExactlyInAnyOrder("a/dnd", "a/model");
        assertThat(second.staleAfterRestart(List.of())).as("only on the first connection").isEmpty();
        assertThat(Files.readAllLines(file)).containsExactlyInAnyOrder("a/availability", "b/dnd");
        second.close();
    }

    @Test
    void aClearedTopicIsForgottenAndNotClearedAgainAfterARestart() throws Exception {
        Path file = data.resolve("retained-topics.txt");
        RetainedTopicRecord first = new RetainedTopicRecord(file);
        first.staleAfterRestart(List.of(state("a/availability", "online")));
        first.remember(List.of(state("a/dnd", "ON"), state("b/dnd", "OFF")));
        assertThat(first.hadValue("a/dnd")).isTrue();
        assertThat(first.hadValue("a/call-state")).as("never had a value").isFalse();

        first.forget(List.of("a/dnd", "a/availability"));

        assertThat(first.hadValue("a/dnd")).isFalse();
        assertThat(Files.readAllLines(file)).containsExactly("b/dnd");
        RetainedTopicRecord second = new RetainedTopicRecord(file);
        assertThat(second.hadValue("b/dnd")).as("an earlier run's, until the first connection").isTrue();
        assertThat(second.staleAfterRestart(List.of())).containsExactly("b/dnd");
        first.close();
        second.close();
    }

    @Test
    void withoutADataAreaNothingIsRecordedOrCleared() {
        RetainedTopicRecord record = new RetainedTopicRecord(null);
        record.remember(List.of(state("a/dnd", "ON")));
        assertThat(record.staleAfterRestart(List.of())).isEmpty();
    }

    @Test
    void topicsFirstSeenAfterTheRestartAreAddedToTheRewrittenRecord() throws Exception {
        Path file = data.resolve("retained-topics.txt");
        Files.writeString(file, "  a/dnd  \n\n b/x \n");
        RetainedTopicRecord record = new RetainedTopicRecord(file);

        assertThat(record.staleAfterRestart(List.of(state("a/dnd", "ON"), state("a/line", "")))).as(
                "lines are trimmed, blank ones skipped; an empty value is no value").containsExactly("b/x");
        record.remember(List.of(state("c/y", "1"), state("a/dnd", "OFF")));
        record.close();

        assertThat(Files.readAllLines(file)).containsExactlyInAnyOrder("a/dnd", "c/y");
        assertThat(new RetainedTopicRecord(file).staleAfterRestart(List.of())).containsExactlyInAnyOrder("a/dnd",
                "c/y");
    }

    @Test
    void aRecordThatCannotBeWrittenWarnsAndChangesNothingElse() throws Exception {
        Path blocker = data.resolve("not-a-directory");
        Files.writeString(blocker, "x");
        RetainedTopicRecord record = new RetainedTopicRecord(blocker.resolve("retained-topics.txt"));

        record.remember(List.of(state("a/dnd", "ON")));
        record.remember(List.of(state("a/model", "X6U")));
        assertThat(record.staleAfterRestart(List.of(state("a/dnd", "ON")))).isEmpty();
        record.close();
        assertThat(Files.readString(blocker)).isEqualTo("x");
    }
}
