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

    @Test
    @SuppressWarnings("unchecked")
    void readsEveryKindOfWhitespaceBetweenTokens() {
        Object value = Json.read(" \t\n\r{ \t\n\r\"a\" \t\n\r: \t\n\r[ \t\n\r1 \t\n\r, \t\n\r{ } , [ ] ] \t\n\r,"
                + "\"b\":\"c\"} \t\n\r");
        assertThat((Map<String, Object>) value).containsExactly(Map.entry("a", List.of(new BigDecimal("1"), Map.of(),
                List.of())), Map.entry("b", "c"));
        assertThatThrownBy(() -> Json.read("[1,\u000b2]")).as("vertical tab is not JSON whitespace")
                .hasMessageContaining("unexpected character '\\u000b' at offset 3");
        assertThatThrownBy(() -> Json.read("[1\u00a0]")).hasMessageContaining("expected ',' or ']' at offset 2");
    }

    @Test
    void readsEscapesAndRefusesRawControlCharacters() {
        assertThat(Json.read("\"\\u00E9\\u00e9\\ud83d\\uDE00\\/\\b\\f\\t\\r\\\\\"")).isEqualTo(
                "\u00e9\u00e9\ud83d\ude00/\b\f\t\r\\");
        for (char c = 0; c < 0x20; c++) {
            String text = "\"a" + c + "\"";
            assertThatThrownBy(() -> Json.read(text)).as("U+%04X", (int) c)
                    .hasMessageContaining("control character in a string at offset 2");
        }
        assertThat(Json.read("\" \u007f~\"")).isEqualTo(" \u007f~");
        assertThatThrownBy(() -> Json.read("\"\\u12\"")).hasMessageContaining("short \\u escape");
        assertThatThrownBy(() -> Json.read("\"\\u12G4\"")).hasMessageContaining("bad \\u escape");
        assertThatThrownBy(() -> Json.read("\"\\")).hasMessageContaining("unterminated escape");
        assertThatThrownBy(() -> Json.read("\"\\q\"")).hasMessageContaining("bad escape '\\q' at offset 2");
        assertThatThrownBy(() -> Json.read("\"\\\u0001\"")).hasMessageContaining("bad escape '\\\\u0001'");
    }

    @Test
    void readsNumbersByTheGrammar() {
        for (String good : List.of("0", "-0", "7", "10", "-19", "1.5", "0.25", "1e5", "1E+5", "1e-5", "-1.25e-3",
                "9".repeat(64))) {
            assertThat(Json.read(good)).as(good).isEqualTo(new BigDecimal(good));
        }
        for (String bad : List.of("01", "-01", "1.", ".5", "-", "1e", "1e+", "+1", "1.e5", "--1", "0x10", "9".repeat(65),
                "-" + "9".repeat(64))) {
            assertThatThrownBy(() -> Json.read(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Json.read("9".repeat(65))).hasMessageContaining("number too long at offset 65");
    }

    @Test
    void errorsSayWhereAndWhatWithoutRawControlCharacters() {
        assertThatThrownBy(() -> Json.read("[1,]")).hasMessage("unexpected character ']' at offset 3");
        assertThatThrownBy(() -> Json.read("[1 2]")).hasMessage("expected ',' or ']' at offset 3");
        assertThatThrownBy(() -> Json.read("{\"a\":1 \"b\":2}")).hasMessage("expected ',' or '}' at offset 7");
        assertThatThrownBy(() -> Json.read("{\"a\" 1}")).hasMessage("expected ':' at offset 5");
        assertThatThrownBy(() -> Json.read("{1:2}")).hasMessage("expected a member name in quotes at offset 1");
        assertThatThrownBy(() -> Json.read("\u0001")).hasMessage("unexpected character '\\u0001' at offset 0");
        assertThatThrownBy(() -> Json.read("\u00ff")).hasMessage("unexpected character '\\u00ff' at offset 0");
        assertThatThrownBy(() -> Json.read("~")).hasMessage("unexpected character '~' at offset 0");
        assertThatThrownBy(() -> Json.read(" ")).hasMessage("unexpected end of the JSON text at offset 1");
        assertThatThrownBy(() -> Json.read("nul")).hasMessage("unexpected word at offset 0");
        assertThatThrownBy(() -> Json.read("[1")).hasMessage("expected ',' or ']' at offset 2");
    }

    @Test
    void nestingUpToTheLimitIsRead() {
        String deepest = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertThat(Json.read(deepest)).isInstanceOf(List.class);
        String objects = "{\"a\":".repeat(Json.MAX_DEPTH) + "{}" + "}".repeat(Json.MAX_DEPTH);
        assertThat(Json.read(objects)).isInstanceOf(Map.class);
        assertThatThrownBy(() -> Json.read("{\"a\":" + objects + "}")).hasMessageContaining("nested deeper");
    }
}
