package org.actionbridge.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SipStreamFramerTest {

    private static final String TRYING = "SIP/2.0 100 Trying\r\nCSeq: 1 NOTIFY\r\n\r\n";
    private static final String WITH_BODY = "SIP/2.0 200 OK\r\nCSeq: 1 NOTIFY\r\nContent-Length: 7\r\n\r\nkey=OK\n";
    private static final String COMPACT = "SIP/2.0 486 Busy\r\nl: 3\r\n\r\nabc";

    private final SipStreamFramer framer = new SipStreamFramer(SipResponse.MAX_LENGTH * 2);

    private List<String> feed(String text, int piece) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += piece) {
            framer.append(bytes, i, Math.min(piece, bytes.length - i));
            for (Optional<byte[]> next = framer.next(); next.isPresent(); next = framer.next()) {
                messages.add(new String(next.get(), StandardCharsets.ISO_8859_1));
            }
        }
        return messages;
    }

    @Test
    void cutsMessagesHoweverTheStreamSplitsThem() {
        String stream = "\r\n\r\n" + TRYING + "\r\n" + WITH_BODY + COMPACT;
        for (int piece : new int[] { 1, 2, 3, 5, 7, 64, stream.length() }) {
            SipStreamFramerTest fresh = new SipStreamFramerTest();
            assertThat(fresh.feed(stream, piece)).as("in pieces of %d bytes", piece)
                    .containsExactly(TRYING, WITH_BODY, COMPACT);
            assertThat(fresh.framer.oversized()).isFalse();
        }
    }

    @Test
    void anIncompleteBodyWaitsForTheRest() {
        assertThat(feed(WITH_BODY.substring(0, WITH_BODY.length() - 2), 1000)).isEmpty();
        assertThat(feed(WITH_BODY.substring(WITH_BODY.length() - 2), 1000)).containsExactly(WITH_BODY);
    }

    @Test
    void tooMuchWithoutAMessageOrAnAnnouncedHugeBodyIsOversized() {
        feed("SIP/2.0 200 OK\r\nX: " + "a".repeat(SipResponse.MAX_LENGTH * 2), 4096);
        assertThat(framer.oversized()).isTrue();

        SipStreamFramerTest announced = new SipStreamFramerTest();
        assertThat(announced.feed("SIP/2.0 200 OK\r\nContent-Length: 99999999999\r\n\r\nabc", 4096)).isEmpty();
        assertThat(announced.framer.oversized()).isTrue();
    }

    @Test
    void aHeadTrickledAByteAtATimeIsSearchedOnce() {
        // 120,000 bytes of head in single bytes: searching all received bytes again after each one is 7 billion
        // byte comparisons and as many copied (seconds); searching each byte once is a few milliseconds
        String head = "SIP/2.0 200 OK\r\n" + "X: 1\r\n".repeat(20_000) + "\r\n";
        long start = System.nanoTime();
        assertThat(feed(head, 1)).containsExactly(head);
        assertThat(System.nanoTime() - start).as("time to frame it").isLessThan(2_000_000_000L);
    }
}
