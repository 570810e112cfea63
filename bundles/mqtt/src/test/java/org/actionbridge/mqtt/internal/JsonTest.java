package org.actionbridge.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertThat(Json.write("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
    }

    @Test
    void writesNestedMapsListsNumbersBooleansAndNull() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("ok", true);
        map.put("n", 7L);
        map.put("list", List.of("x", 1));
        map.put("none", null);
        assertThat(Json.write(map)).isEqualTo("{\"ok\":true,\"n\":7,\"list\":[\"x\",1],\"none\":null}");
    }
}
