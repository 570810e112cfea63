package org.actionbridge.emulator.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.actionbridge.protocol.SipHeaderFields;

/**
 * A SIP request as received (RFC 3261 section 7), parsed far enough to answer it: the request line, the Via
 * header lines in order, the other headers by lower-case long name (compact forms expanded, first value kept),
 * and the body cut to {@code Content-Length}.
 */
record SipRequest(String method, String requestUri, List<String> vias, Map<String, String> headers, String body) {

    /** Longest message accepted, in bytes (a NOTIFY of spec 3.7 is a few hundred). */
    static final int MAX_MESSAGE = 8192;

    /** Thrown for a message that is not a well-formed SIP request; {@code vias} lets it still be answered. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        final transient SipRequest partial;

        Malformed(String reason, SipRequest partial) {
            super(reason);
            this.partial = partial;
        }
    }

    Optional<String> header(String lowerCaseName) {
        return Optional.ofNullable(headers.get(lowerCaseName));
    }

    /**
     * Parses a message. Returns empty for a SIP response (nothing to answer).
     *
     * @throws Malformed if it is not a request; {@link Malformed#partial} holds what could be read, or null
     */
    static Optional<SipRequest> parse(String message) throws Malformed {
        int headEnd = message.indexOf("\r\n\r\n");
        int bodyStart = headEnd + 4;
        if (headEnd < 0) {
            headEnd = message.indexOf("\n\n");
            bodyStart = headEnd + 2;
        }
        if (headEnd < 0) {
            headEnd = message.length();
            bodyStart = message.length();
        }
        String[] lines = message.substring(0, headEnd).split("\r?\n", -1);
        String first = lines[0].trim();
        if (first.startsWith("SIP/2.0 ")) {
            return Optional.empty();
        }
        SipHeaderFields fields = SipHeaderFields.parse(lines, 1);
        List<String> vias = new ArrayList<>();
        Map<String, String> headers = new LinkedHashMap<>();
        for (SipHeaderFields.Field field : fields.all()) {
            if (field.name().equals("via")) {
                vias.add(field.value());
            } else {
                headers.putIfAbsent(field.name(), field.value());
            }
        }
        String problem = fields.malformedLine().map(line -> "malformed header line").orElse(null);
        String[] parts = first.split(" ");
        String method = parts.length == 3 ? parts[0] : "";
        String uri = parts.length == 3 ? parts[1] : "";
        String body = message.substring(Math.min(bodyStart, message.length()));
        SipRequest partial = new SipRequest(method, uri, List.copyOf(vias), headers, body);
        if (parts.length != 3 || !parts[2].equals("SIP/2.0") || !method.matches("[A-Z]{2,16}")) {
            throw new Malformed("malformed request line", vias.isEmpty() ? null : partial);
        }
        if (vias.isEmpty()) {
            throw new Malformed("no Via header", null);
        }
        if (problem != null) {
            throw new Malformed(problem, partial);
        }
        for (String required : List.of("from", "to", "call-id", "cseq")) {
            if (!headers.containsKey(required)) {
                throw new Malformed("no " + required + " header", partial);
            }
        }
        String[] cseq = headers.get("cseq").split("\\s+");
        if (cseq.length != 2 || !cseq[0].matches("[0-9]{1,10}") || !cseq[1].equals(method)) {
            throw new Malformed("CSeq does not match the request", partial);
        }
        String length = headers.get("content-length");
        if (length != null) {
            int n;
            try {
                n = Integer.parseInt(length.trim());
            } catch (NumberFormatException e) {
                throw new Malformed("Content-Length is not a number", partial);
            }
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (n < 0 || n > bytes.length) {
                throw new Malformed("Content-Length " + n + " exceeds the body of " + bytes.length + " bytes",
                        partial);
            }
            body = new String(bytes, 0, n, java.nio.charset.StandardCharsets.UTF_8);
        }
        return Optional.of(new SipRequest(method, uri, List.copyOf(vias), headers, body));
    }

    /** The server transaction this request belongs to (RFC 3261 section 17.2.3), to recognise retransmissions. */
    String transactionKey() {
        String top = vias.get(0);
        String branch = parameter(top, "branch").orElse("");
        String sentBy = top.contains(" ") ? top.substring(top.indexOf(' ') + 1).split(";")[0].trim() : top;
        if (branch.startsWith("z9hG4bK")) {
            return branch + "|" + sentBy + "|" + method;
        }
        return headers.get("call-id") + "|" + headers.get("cseq") + "|" + parameter(headers.get("from"), "tag")
                .orElse("") + "|" + top;
    }

    static Optional<String> parameter(String headerValue, String name) {
        for (String part : headerValue.split(";")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(name)) {
                return Optional.of(p.substring(eq + 1).trim());
            }
        }
        return Optional.empty();
    }
}
