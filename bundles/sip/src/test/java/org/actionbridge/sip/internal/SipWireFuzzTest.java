package org.actionbridge.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

/**
 * A fixed-seed, fixed-budget fuzz run of what reads a phone's answers off the network: the response parser
 * (UDP datagrams) and the stream framer (TCP). Whatever arrives, neither throws nor takes long; a parsed
 * response always names a status and a branch; the framer only cuts out whole heads.
 */
class SipWireFuzzTest {

    private static final String SEED = "20261127";
    private static final int TRIES = 3_000;
    private static final long BUDGET_NANOS = 250_000_000L;

    private static final String OK = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKabc\r\n"
            + "Call-ID: 1@127.0.0.1\r\nCSeq: 7 NOTIFY\r\nContent-Length: 0\r\n\r\n";

    /** Pieces of SIP's grammar and the characters it splits on, mixed with odd ones. */
    @Provide
    Arbitrary<String> wire() {
        Arbitrary<String> tokens = Arbitraries.of("SIP/2.0 ", "SIP/2.0", "200", "100 Trying", "999", "OK", "\r\n",
                "\r\n\r\n", "\n", "\r", " ", "\t", ":", ";", "=", ",", "branch=", "z9hG4bK", "Via:", "v:", "Call-ID:",
                "i:", "CSeq:", "1 NOTIFY", "NOTIFY", "Content-Length:", "l:", "99999999999", "-1", "0", "65535",
                "WWW-Authenticate: Digest realm=\"r\", nonce=\"n\"", "\u0000", "\u00ff", "é", "\ud800", "😀");
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12);
        return Arbitraries.oneOf(tokens, text).list().ofMaxSize(60).map(parts -> String.join("", parts));
    }

    @Property(tries = TRIES, seed = SEED, generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.OFF)
    void theResponseParserReadsAnythingQuickly(@ForAll("wire") String noise, @ForAll("wire") String tail) {
        String noisyHeader = OK.replace("\r\nCSeq", noise + "\r\nCSeq");
        for (String text : List.of(noise, noisyHeader, OK + tail,
                OK.substring(0, Math.min(OK.length(), noise.length())) + tail)) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            Optional<SipResponse> response = SipResponse.parse(bytes, bytes.length);
            assertThat(System.nanoTime() - start).as("parse time").isLessThan(BUDGET_NANOS);
            response.ifPresent(r -> {
                assertThat(r.status()).isBetween(100, 699);
                assertThat(r.branch()).isNotEmpty();
            });
            if (text == noisyHeader) {
                // noise inside a real response's head: both outcomes must be reached for the checks to mean much
                Statistics.label("a response with noise in its head parsed").collect(response.isPresent())
                        .coverage(c -> {
                            c.check(true).percentage(p -> p >= 10);
                            c.check(false).percentage(p -> p >= 10);
                        });
            }
        }
    }

    @Property(tries = TRIES, seed = SEED, generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.OFF)
    void theStreamFramerCutsOnlyWholeHeads(@ForAll("wire") String stream, @ForAll("pieces") List<Integer> pieces) {
        byte[] bytes = (stream + OK + stream).getBytes(StandardCharsets.UTF_8);
        SipStreamFramer framer = new SipStreamFramer(1024);
        long start = System.nanoTime();
        int offset = 0;
        int cut = 0;
        boolean framedTheResponse = false;
        for (int i = 0; offset < bytes.length; i++) {
            int length = Math.min(bytes.length - offset, pieces.isEmpty() ? bytes.length : pieces.get(i % pieces.size()));
            framer.append(bytes, offset, length);
            offset += length;
            for (Optional<byte[]> next = framer.next(); next.isPresent(); next = framer.next()) {
                String message = new String(next.get(), StandardCharsets.ISO_8859_1);
                assertThat(message).contains("\r\n\r\n").doesNotStartWith("\r\n");
                framedTheResponse |= message.contains("CSeq: 7 NOTIFY\r\nContent-Length: 0\r\n\r\n");
                cut += next.get().length;
            }
            if (framer.oversized()) {
                break;
            }
        }
        assertThat(cut).isLessThanOrEqualTo(bytes.length);
        assertThat(System.nanoTime() - start).as("framing time").isLessThan(BUDGET_NANOS);
        Statistics.label("the real response framed").collect(framedTheResponse)
                .coverage(c -> c.check(true).percentage(p -> p >= 50));
    }

    @Provide
    Arbitrary<List<Integer>> pieces() {
        return Arbitraries.integers().between(1, 64).list().ofMaxSize(8);
    }
}
