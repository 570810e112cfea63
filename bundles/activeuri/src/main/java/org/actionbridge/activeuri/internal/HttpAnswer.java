package org.actionbridge.activeuri.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A phone's answer to one request: status, headers (names lower case, every value kept) and the start
 * of the body.
 */
record HttpAnswer(int status, String reason, Map<String, List<String>> headers, String body) {

    HttpAnswer {
        headers = Map.copyOf(headers);
    }

    List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
}
