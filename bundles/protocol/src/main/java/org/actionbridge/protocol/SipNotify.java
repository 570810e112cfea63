package org.actionbridge.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.actionbridge.protocol.internal.Texts;

/**
 * The protocol part of a SIP NOTIFY that pushes an Active URI instruction (spec 3.7): the header
 * {@code Event: ACTIVE-URI}, the header {@code Content-Type: message/sipfrag} and a body such as
 * {@code key=OK}. Transactions, Via, dialogs and authentication belong to the SIP transport.
 *
 * @param instruction the instruction carried in the body
 */
public record SipNotify(ActiveUriInstruction instruction) {
    /** Name of the event header. */
    public static final String EVENT_HEADER = "Event";
    /** The event package, as the specification writes it. */
    public static final String EVENT_PACKAGE = "ACTIVE-URI";
    /** Name of the content type header. */
    public static final String CONTENT_TYPE_HEADER = "Content-Type";
    /** The body's content type. */
    public static final String CONTENT_TYPE = "message/sipfrag";
    /** Longest SIP message {@link #parseMessage(String)} accepts, in characters. */
    public static final int MAX_MESSAGE_LENGTH = 8192;

    /** Checks the instruction is present. */
    public SipNotify {
        Objects.requireNonNull(instruction, "instruction");
    }

    /** The body text, e.g. {@code key=OK}. */
    public String body() {
        return instruction.toNotifyBody();
    }

    /** The body in UTF-8, as sent. */
    public byte[] bodyBytes() {
        return body().getBytes(StandardCharsets.UTF_8);
    }

    /** The value of {@code Content-Length}: the body's size in bytes. */
    public int contentLength() {
        return bodyBytes().length;
    }

    /** The three protocol header lines, without line ends: Event, Content-Type, Content-Length. */
    public List<String> headerLines() {
        return List.of(EVENT_HEADER + ": " + EVENT_PACKAGE, CONTENT_TYPE_HEADER + ": " + CONTENT_TYPE,
                "Content-Length: " + contentLength());
    }

    /** True when an Event header value names the ACTIVE-URI package, ignoring case and parameters. */
    public static boolean isActiveUriEvent(String eventHeaderValue) {
        return eventHeaderValue != null && EVENT_PACKAGE.equalsIgnoreCase(withoutParameters(eventHeaderValue));
    }

    /** True when a Content-Type value is {@code message/sipfrag}, ignoring case and parameters. */
    public static boolean isSipfrag(String contentTypeValue) {
        return contentTypeValue != null && CONTENT_TYPE.equalsIgnoreCase(withoutParameters(contentTypeValue));
    }

    private static String withoutParameters(String value) {
        int semi = value.indexOf(';');
        return (semi < 0 ? value : value.substring(0, semi)).trim();
    }

    /**
     * Checks the two headers and parses the body (catalogue keys only).
     *
     * @param eventHeader the Event header value; must name ACTIVE-URI (any case)
     * @param contentType the Content-Type value, or null when absent; if present, message/sipfrag
     * @param body the body text
     */
    public static SipNotify parse(String eventHeader, String contentType, String body) throws ProtocolException {
        if (eventHeader == null) {
            throw new ProtocolException("NOTIFY has no Event header; expected Event: ACTIVE-URI");
        }
        if (!isActiveUriEvent(eventHeader)) {
            throw new ProtocolException("NOTIFY event '" + Texts.printable(eventHeader) + "' is not ACTIVE-URI");
        }
        if (contentType != null && !isSipfrag(contentType)) {
            throw new ProtocolException("NOTIFY content type '" + Texts.printable(contentType)
                    + "' is not message/sipfrag");
        }
        return new SipNotify(ActiveUriInstruction.parseNotifyBody(body));
    }

    /**
     * Parses a whole NOTIFY request as received (request line, headers, blank line, body), reading only
     * the Event, Content-Type and Content-Length headers (long or compact forms {@code o}, {@code c},
     * {@code l}; names in any case; folded lines joined).
     */
    public static SipNotify parseMessage(String message) throws ProtocolException {
        if (message == null || message.isEmpty()) {
            throw new ProtocolException("SIP message is empty");
        }
        if (message.length() > MAX_MESSAGE_LENGTH) {
            throw new ProtocolException("SIP message is longer than " + MAX_MESSAGE_LENGTH + " characters");
        }
        if (!message.startsWith("NOTIFY ")) {
            throw new ProtocolException("SIP message is not a NOTIFY request");
        }
        int headerEnd = message.indexOf("\r\n\r\n");
        int bodyStart = headerEnd + 4;
        if (headerEnd < 0) {
            headerEnd = message.indexOf("\n\n");
            bodyStart = headerEnd + 2;
        }
        if (headerEnd < 0) {
            throw new ProtocolException("SIP message has no blank line before the body");
        }
        SipHeaderFields fields = SipHeaderFields.parse(message.substring(0, headerEnd).split("\r?\n", -1), 1);
        Optional<String> malformed = fields.malformedLine();
        if (malformed.isPresent()) {
            throw new ProtocolException("malformed SIP header line '" + Texts.printable(malformed.get()) + "'");
        }
        // where a field occurs twice, the last one counts, as it always did here
        String event = fields.last("event").orElse(null);
        String contentType = fields.last("content-type").orElse(null);
        String contentLength = fields.last("content-length").orElse(null);
        String body = message.substring(bodyStart);
        if (contentLength != null) {
            int length;
            try {
                length = Integer.parseInt(contentLength);
            } catch (NumberFormatException e) {
                throw new ProtocolException("Content-Length '" + Texts.printable(contentLength) + "' is not a number");
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            if (length < 0 || length > bytes.length) {
                throw new ProtocolException("Content-Length " + length + " does not match the body of "
                        + bytes.length + " bytes");
            }
            body = new String(bytes, 0, length, StandardCharsets.UTF_8);
        }
        return parse(event, contentType, body);
    }
}
