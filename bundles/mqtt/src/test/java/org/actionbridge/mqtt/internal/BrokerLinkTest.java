package org.actionbridge.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrokerLinkTest {

    @Test
    void backoffDoublesWithinJitterAndStopsAtTheMaximum() {
        for (int attempt = 0; attempt < 40; attempt++) {
            long expected = Math.min(30_000, 500L << Math.min(attempt, 20));
            long delay = BrokerLink.backoff(attempt, 500, 30_000);
            assertThat(delay).isBetween(expected - expected / 5, expected + expected / 5);
        }
    }
}
