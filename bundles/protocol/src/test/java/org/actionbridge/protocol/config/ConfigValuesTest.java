package org.actionbridge.protocol.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigValuesTest {

    @Test
    void blankAndAbsentValuesAreAbsent() {
        ConfigValues values = new ConfigValues(Map.of("a", "  ", "b", " text "));

        assertThat(values.string("a")).isEmpty();
        assertThat(values.string("missing")).isEmpty();
        assertThat(values.string("b")).contains("text");
        assertThat(values.port("a", 80)).isEqualTo(80);
        assertThat(values.bool("missing", true)).isTrue();
        assertThat(values.ok()).isTrue();
    }

    @Test
    void typedValuesAreReadFromTextOrTheirOwnType() {
        ConfigValues values = new ConfigValues(Map.of("port", "8080", "typed", 5060, "on", "TRUE", "off", false));

        assertThat(values.port("port", 80)).isEqualTo(8080);
        assertThat(values.port("typed", 80)).isEqualTo(5060);
        assertThat(values.bool("on", false)).isTrue();
        assertThat(values.bool("off", true)).isFalse();
        assertThat(values.problems()).isEmpty();
    }

    @Test
    void everyWrongValueIsReportedByKeyAndYieldsTheDefault() {
        ConfigValues values = new ConfigValues(Map.of("p1", "0", "p2", "65536", "p3", "http", "flag", "yes"));

        assertThat(values.port("p1", 80)).isEqualTo(80);
        assertThat(values.port("p2", 81)).isEqualTo(81);
        assertThat(values.port("p3", 82)).isEqualTo(82);
        assertThat(values.bool("flag", false)).isFalse();
        values.problem("host is missing");

        assertThat(values.ok()).isFalse();
        assertThat(values.problems()).containsExactly("p1 '0' is not a port number (1-65535)",
                "p2 '65536' is not a port number (1-65535)", "p3 'http' is not a port number (1-65535)",
                "flag 'yes' is not true or false", "host is missing");
    }
}
