package org.actionbridge.sip.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.actionbridge.protocol.SipHeaderFields;

/**
 * A SIP response as far as a client transaction needs it: status, the top Via's branch, Call-ID and
 * CSeq, and the authentication challenges. Header names are case-insensitive and may be compact.
 */
record SipResponse(int status, String reason, String branch, String callId, long cseq, String cseqMethod,
        Map<String, List<String>> headers) {

    /** Longest message considered. */
    static final int MAX_LENGTH = 65_535;

    SipResponse {
        headers = Map.copyOf(headers);
    }

    List<String> headers(String name) {
        return headers.getOrDefault(SipHeaderFields.canonicalName(name), List.of());
    }

    boolean provisional() {
        return status < 200;
    }

    /** Parses a response; empty for requests and anything malformed. */
    static Optional<SipResponse> parse(byte[] data, int length) {
        if (length <= 0 || length > MAX_LENGTH) {
            return Optional.empty();
        }
        String text = new String(data, 0, length, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String[] lines = head.split("\r\n");
        if (lines.length == 0 || !lines[0].startsWith("SIP/2.0 ")) {
            return Optional.empty();
        }
        String[] statusLine = lines[0].split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
        if (status < 100 || status > 699) {
            return Optional.empty();
        }
        SipHeaderFields fields = SipHeaderFields.parse(lines, 1);
        if (fields.malformedLine().isPresent()) {
            return Optional.empty();
        }
        Map<String, List<String>> headers = new HashMap<>();
        for (SipHeaderFields.Field field : fields.all()) {
            headers.computeIfAbsent(field.name(), k -> new ArrayList<>(1)).add(field.value());
        }
        List<String> vias = headers.get("via");
        List<String> callIds = headers.get("call-id");
        List<String> cseqs = headers.get("cseq");
        if (vias == null || callIds == null || cseqs == null) {
            return Optional.empty();
        }
        String topVia = vias.get(0);
        int comma = topVia.indexOf(',');
        if (comma >= 0) {
            topVia = topVia.substring(0, comma);
        }
        Optional<String> branch = parameter(topVia, "branch");
        String[] cseq = cseqs.get(0).trim().split("\\s+");
        if (branch.isEmpty() || cseq.length != 2) {
            return Optional.empty();
        }
        long number;
        try {
            number = Long.parseLong(cseq[0]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(new SipResponse(status, statusLine.length > 2 ? statusLine[2] : "", branch.get(),
                callIds.get(0).trim(), number, cseq[1], headers));
    }

    /** The value of a {@code ;name=value} parameter in a header value. */
    static Optional<String> parameter(String headerValue, String name) {
        for (String part : headerValue.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) {
                return Optional.of(part.substring(eq + 1).trim());
            }
        }
        return Optional.empty();
    }
}
