package org.actionbridge.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesObjectsInInsertionOrder() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("ok", true);
        map.put("error", Optional.empty());
        map.put("durationMs", 35L);
        map.put("list", List.of("a", 1));
        assertThat(Json.write(map)).isEqualTo("{\"ok\":true,\"error\":null,\"durationMs\":35,\"list\":[\"a\",1]}");
    }

    @Test
    void escapesQuotesControlCharactersAndHtml() {
        assertThat(Json.write("a\"b\\c\n\u0001</script>\u2028"))
                .isEqualTo("\"a\\\"b\\\\c\\n\\u0001\\u003c/script\\u003e\\u2028\"");
    }

    @Test
    void keepsAmpersandsReadableInUrls() {
        assertThat(Json.write("http://x/y?mac=$mac&ip=$ip")).isEqualTo("\"http://x/y?mac=$mac&ip=$ip\"");
    }

    @Test
    void writesNonFiniteNumbersAsNull() {
        assertThat(Json.write(Arrays.asList(Double.NaN, null))).isEqualTo("[null,null]");
    }

    @Test
    void readsTheCommandBody() {
        assertThat(Json.readObject(" {\"command\": \"dial\", \"value\": \"0000\"} "))
                .containsEntry("command", "dial").containsEntry("value", "0000");
    }

    @Test
    @SuppressWarnings("unchecked")
    void readsEveryValueKind() {
        Object value = Json.read("[1, -2.5e3, true, false, null, \"\\u00e9\\n\", {}, []]");
        assertThat((List<Object>) value).containsExactly(new BigDecimal("1"), new BigDecimal("-2.5e3"), true, false, null,
                "é\n", Map.of(), List.of());
    }

    @Test
    void roundTripsWhatItWrites() {
        String text = "{\"a\":\"x\\\"y\\u003c\",\"b\":[1,2,{\"c\":null}]}";
        assertThat(Json.write(Json.read(text))).isEqualTo(text);
    }

    @Test
    void rejectsMalformedTextWithAPosition() {
        for (String bad : List.of("", "{", "{\"a\" 1}", "{\"a\":1,}", "[1,]", "01", "1.", "-", "tru", "\"abc",
                "\"a\u0001\"", "\"\\x\"", "{\"a\":1} x", "{a:1}", "'a'", "NaN")) {
            assertThatThrownBy(() -> Json.read(bad), bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("offset");
        }
    }

    @Test
    void rejectsDuplicateMembers() {
        assertThatThrownBy(() -> Json.read("{\"command\":\"answer\",\"command\":\"reboot\"}"))
                .hasMessageContaining("duplicate member 'command'");
    }

    @Test
    void rejectsDeepNesting() {
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
        assertThatThrownBy(() -> Json.read(deep)).hasMessageContaining("nested deeper");
    }

    @Test
    void readObjectRefusesOtherValues() {
        assertThatThrownBy(() -> Json.readObject("[1]")).hasMessage("expected a JSON object");
    }
}
