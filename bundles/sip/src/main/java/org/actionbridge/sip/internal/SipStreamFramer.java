package org.actionbridge.sip.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import org.actionbridge.protocol.SipHeaderFields;

/**
 * Cuts SIP messages (head, blank line, Content-Length body) out of the bytes a stream delivers in pieces
 * of any size (RFC 3261 18.3). Every byte is searched once, however the peer splits its messages: a peer
 * trickling a large head a byte at a time costs linear, not quadratic, work. Not thread-safe.
 */
final class SipStreamFramer {

    private final int maxBytes;
    private byte[] buffer = new byte[4096];
    private int count;
    /** Where the search for the blank line that ends the head goes on. */
    private int searchFrom;
    /** Where the current message starts (after keep-alive CRLFs) and ends, once its head is complete. */
    private int messageStart;
    private long messageEnd = -1;

    /** A framer holding at most {@code maxBytes} of one message and what follows it. */
    SipStreamFramer(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Appends received bytes. */
    void append(byte[] data, int offset, int length) {
        if (count + length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(count + length, 2 * buffer.length));
        }
        System.arraycopy(data, offset, buffer, count, length);
        count += length;
    }

    /** True once the peer sent more than the limit without completing a message, or announced a larger one. */
    boolean oversized() {
        return count > maxBytes || messageEnd > maxBytes;
    }

    /** The next complete message, removed from the buffer; empty until one is complete. */
    Optional<byte[]> next() {
        if (messageEnd < 0 && !findHead()) {
            return Optional.empty();
        }
        if (count < messageEnd) {
            return Optional.empty();
        }
        int end = (int) messageEnd;
        byte[] message = Arrays.copyOfRange(buffer, messageStart, end);
        System.arraycopy(buffer, end, buffer, 0, count - end);
        count -= end;
        messageStart = 0;
        messageEnd = -1;
        searchFrom = 0;
        return Optional.of(message);
    }

    private boolean findHead() {
        int start = messageStart;
        while (start + 1 < count && buffer[start] == '\r' && buffer[start + 1] == '\n') {
            start += 2; // keep-alive CRLFs between messages
        }
        messageStart = start;
        for (int i = Math.max(start, searchFrom); i + 3 < count; i++) {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') {
                messageEnd = i + 4L + contentLength(start, i);
                return true;
            }
        }
        searchFrom = Math.max(start, count - 3);
        return false;
    }

    private long contentLength(int start, int headEnd) {
        String head = new String(buffer, start, headEnd - start, StandardCharsets.ISO_8859_1);
        Optional<String> value = SipHeaderFields.parse(head.split("\r\n", -1), 1).last("content-length");
        try { // an unreadable one means no body
            return Math.min(Math.max(0, Long.parseLong(value.orElse("0"))), Integer.MAX_VALUE);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
