package org.actionbridge.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class RetainedSetMarksTest {

    private final RetainedSetMarks marks = new RetainedSetMarks();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMarkIsUsedUpOnce() {
        marks.record("ab/desk/dial/set", bytes("0000"), 0);

        assertThat(marks.consume("ab/desk/dial/set", bytes("0001"), 1)).as("another payload").isFalse();
        assertThat(marks.consume("ab/desk/reboot/set", bytes("0000"), 1)).as("another topic").isFalse();
        assertThat(marks.consume("ab/desk/dial/set", bytes("0000"), 1)).isTrue();
        assertThat(marks.consume("ab/desk/dial/set", bytes("0000"), 2)).as("used up").isFalse();
    }

    @Test
    void twoRetainedPublicationsAreTwoMarks() {
        marks.record("ab/desk/reboot/set", bytes(""), 0);
        marks.record("ab/desk/reboot/set", bytes(""), 1);

        assertThat(marks.consume("ab/desk/reboot/set", bytes(""), 2)).isTrue();
        assertThat(marks.consume("ab/desk/reboot/set", bytes(""), 3)).isTrue();
        assertThat(marks.consume("ab/desk/reboot/set", bytes(""), 4)).isFalse();
    }

    @Test
    void aTopicAliasLeavesTheTopicEmpty() {
        marks.record("", bytes("OK"), 0);

        assertThat(marks.consume("ab/desk/key/set", bytes("OK"), 1)).isTrue();
    }

    @Test
    void marksExpireAndStayBounded() {
        marks.record("ab/desk/dial/set", bytes("1"), 0);
        assertThat(marks.consume("ab/desk/dial/set", bytes("1"), RetainedSetMarks.LIFETIME_NANOS + 1)).isFalse();
        assertThat(marks.size()).isZero();

        for (int i = 0; i < RetainedSetMarks.CAPACITY + 10; i++) {
            marks.record("ab/desk" + i + "/dial/set", bytes("1"), i);
        }
        assertThat(marks.size()).isEqualTo(RetainedSetMarks.CAPACITY);
        assertThat(marks.consume("ab/desk0/dial/set", bytes("1"), 2_000)).as("the oldest went first").isFalse();
        assertThat(marks.consume("ab/desk" + (RetainedSetMarks.CAPACITY + 9) + "/dial/set", bytes("1"), 2_000))
                .isTrue();
    }
}
