package org.actionbridge.actionurl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DuplicateFilterTest {

    private static final long WINDOW = 2_000_000_000L;

    private final DuplicateFilter filter = new DuplicateFilter();

    @Test
    void repeatWithinTheWindowIsADuplicate() {
        String key = DuplicateFilter.key("desk1", "registration_succeeded", "", "mac=0c383e000001");
        assertThat(filter.isDuplicate(key, 0, WINDOW)).isFalse();
        assertThat(filter.isDuplicate(key, WINDOW / 2, WINDOW)).isTrue();
        assertThat(filter.isDuplicate(key, 3 * WINDOW, WINDOW)).as("after the window").isFalse();
    }

    @Test
    void retryOfARequestThatWasNotAcceptedIsNotADuplicate() {
        String key = DuplicateFilter.key("desk1", "registration_succeeded", "", "mac=0c383e000001");
        assertThat(filter.isDuplicate(key, 0, WINDOW)).isFalse();
        filter.forget(key); // answered 503: the phone retries after Retry-After, within the window

        assertThat(filter.isDuplicate(key, WINDOW / 2, WINDOW)).isFalse();
        assertThat(filter.isDuplicate(key, WINDOW / 2 + 1, WINDOW)).as("the accepted retry is remembered").isTrue();
    }
}
