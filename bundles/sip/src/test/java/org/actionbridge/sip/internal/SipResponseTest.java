package org.actionbridge.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SipResponseTest {

    /** The largest payload of a UDP datagram over IPv4. */
    static final int MAX_DATAGRAM = 65_507;

    /** Generous: a parser quadratic in the datagram's length takes seconds for these. */
    private static final long BUDGET_NANOS = 250_000_000L;
    private static final int FOLDED_ROUNDS = 30;
    private static final long FOLDED_BUDGET_NANOS = 900_000_000L;

    private static final String OK = "SIP/2.0 200 OK\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKabc\r\n"
            + "Call-ID: 1@127.0.0.1\r\n"
            + "CSeq: 7 NOTIFY\r\n"
            + "Content-Length: 0\r\n\r\n";

    private static Optional<SipResponse> parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return SipResponse.parse(bytes, bytes.length);
    }

    /** {@code text} with {@code header} inserted after the status line and filled up to the largest datagram. */
    static String filled(String text, String header, String filler) {
        int statusEnd = text.indexOf("\r\n") + 2;
        StringBuilder out = new StringBuilder(MAX_DATAGRAM).append(text, 0, statusEnd).append(header);
        while (out.length() + filler.length() + text.length() - statusEnd <= MAX_DATAGRAM) {
            out.append(filler);
        }
        return out.append(text, statusEnd, text.length()).toString();
    }

    @Test
    void readsTheFieldsThatMatchATransaction() {
        SipResponse response = parse(OK).orElseThrow();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.branch()).isEqualTo("z9hG4bKabc");
        assertThat(response.callId()).isEqualTo("1@127.0.0.1");
        assertThat(response.cseq()).isEqualTo(7);
        assertThat(response.cseqMethod()).isEqualTo("NOTIFY");
    }

    @Test
    void aHeaderFoldedOverThousandsOfLinesIsReadInLinearTime() {
        // about 16,000 continuation lines of one header in one datagram: joined one by one into a String each
        // time, that is hundreds of megabytes copied per datagram, enough for a trickle of them to keep the
        // sender's only receiving thread from the real answers
        String folded = filled(OK, "X-Fold: a\r\n", " b\r\n");
        assertThat(folded.length()).isGreaterThan(60_000);
        int continuations = (int) folded.lines().filter(line -> line.equals(" b")).count();

        for (int i = 0; i < 3; i++) { // the JIT's first pass, not measured
            parse(folded);
        }
        List<Optional<SipResponse>> parsed = new ArrayList<>(FOLDED_ROUNDS);
        long start = System.nanoTime();
        for (int i = 0; i < FOLDED_ROUNDS; i++) {
            parsed.add(parse(folded));
        }
        long took = System.nanoTime() - start;
        for (Optional<SipResponse> response : parsed) {
            assertThat(response).get().satisfies(r -> {
                assertThat(r.branch()).isEqualTo("z9hG4bKabc");
                assertThat(r.headers("x-fold")).singleElement().asString().startsWith("a b b b")
                        .hasSize(1 + 2 * continuations);
            });
        }
        // read line by line, the 30 took 0.1 to 0.2 s here; joined string by string, 1.8 to 1.9 s: the budget
        // sits between, far enough from both for a loaded machine
        assertThat(took).as("time to parse it %d times", FOLDED_ROUNDS).isLessThan(FOLDED_BUDGET_NANOS);
    }

    @Test
    void thousandsOfHeadersAndOversizedInputAreBoundedToo() {
        String many = filled(OK, "", "X: 1\r\n");
        parse(many); // the JIT's first pass and class loading, not measured
        long start = System.nanoTime();
        assertThat(parse(many)).get().extracting(r -> r.headers("x").size()).isEqualTo(
                (int) many.lines().filter(line -> line.equals("X: 1")).count());
        assertThat(System.nanoTime() - start).as("parse time").isLessThan(BUDGET_NANOS);

        byte[] tooLong = new byte[SipResponse.MAX_LENGTH + 1];
        assertThat(SipResponse.parse(tooLong, tooLong.length)).isEmpty();
        assertThat(parse("SIP/2.0 200 OK\r\nno colon here\r\n" + OK.substring(OK.indexOf("\r\n") + 2))).isEmpty();
    }
}
