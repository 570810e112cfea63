package org.actionbridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.actionbridge.protocol.auth.DigestChallenge;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * A fixed-seed, fixed-budget fuzz run of every parser that reads input from the network or from a user:
 * whatever the input, a parser either returns a value or throws {@link ProtocolException}, never another
 * exception, and never takes long. Inputs are biased towards the characters that matter to each grammar
 * (separators, escapes, {@code $}, control characters, non-ASCII, surrogates) and shaped so that the Action
 * URL and Active URI parsers accept a good share of them (a coverage check holds both outcomes to at least
 * 15%). The seed makes every CI run identical; change it locally to explore.
 */
class ParserFuzzTest {

    private static final String SEED = "20261126";
    private static final int TRIES = 3_000;
    private static final long BUDGET_NANOS = 250_000_000L;

    @Provide
    Arbitrary<String> hostile() {
        return ProtocolArbitraries.hostile();
    }

    @Provide
    Arbitrary<String> queries() {
        return ProtocolArbitraries.actionUrlQueries();
    }

    @Provide
    Arbitrary<String> keyQueries() {
        // the pound key is written %23 in a query (a raw '#' is refused), mostly as a client would
        return Arbitraries.frequencyOf(
                Tuple.of(3, ProtocolArbitraries.keyTexts().map(k -> "key=" + k.replace("#", "%23"))),
                Tuple.of(1, ProtocolArbitraries.keyTexts().map(k -> "key=" + k)),
                Tuple.of(1, ProtocolArbitraries.hostile()));
    }

    @Property(tries = TRIES, seed = SEED, generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.OFF)
    void actionUrlRequestParserOnlyRefusesWithProtocolException(@ForAll("events") String event,
            @ForAll("queries") String query) {
        boolean accepted = bounded(() -> ActionUrlRequestParser.DEFAULT.parse(event, query));
        Statistics.label("accepted").collect(accepted).coverage(ProtocolArbitraries.bothOutcomesAtLeast(15));
    }

    @Property(tries = TRIES, seed = SEED, generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.OFF)
    void activeUriQueryParserOnlyRefusesWithProtocolException(@ForAll("keyQueries") String query) {
        boolean accepted = bounded(() -> ActiveUriInstruction.parseQuery(query));
        bounded(() -> ActiveUriInstruction.parseNotifyBody(query));
        Statistics.label("accepted").collect(accepted).coverage(ProtocolArbitraries.bothOutcomesAtLeast(15));
    }

    @Property(tries = TRIES, seed = SEED, generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.OFF)
    void keySequenceMacAndTemplateParsersOnlyRefuseWithProtocolException(@ForAll("hostile") String text) {
        bounded(() -> KeySequence.parse(text));
        bounded(() -> MacAddress.parse(text));
        bounded(() -> ActionUrlTemplate.parse("http://127.0.0.1/x?" + text));
        bounded(() -> SipNotify.parse("ACTIVE-URI", "message/sipfrag", text));
        bounded(() -> SipNotify.parseMessage("NOTIFY sip:x@127.0.0.1 SIP/2.0\r\n" + text + "\r\n\r\n" + text));
        bounded(() -> DigestChallenge.parse(text));
        bounded(() -> DigestChallenge.parse("Digest " + text));
    }

    @Provide
    Arbitrary<String> events() {
        return Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.of(ActionEvent.values()).map(ActionEvent::wireName)),
                Tuple.of(1, hostile()));
    }

    /** A value is decoded exactly once: a deeply encoded escape stays an escape, never becomes a separator. */
    @Example
    void deeplyEncodedValuesAreDecodedOnce() throws ProtocolException {
        String nested = "%25".repeat(200) + "26mac%3D0c383e000002";
        ActionUrlRequest request = ActionUrlRequestParser.DEFAULT.parse("dnd_enabled",
                "mac=0c383e000001&remote=" + nested);
        assertThat(request.mac()).map(MacAddress::value).contains("0c383e000001");
        assertThat(request.value(Variable.REMOTE)).contains(decodedOnce(nested));
        assertThat(request.value(Variable.REMOTE).orElseThrow()).startsWith("%%%").endsWith("26mac=0c383e000002");
    }

    @Example
    void parameterBombIsRefusedQuickly() {
        StringBuilder query = new StringBuilder("mac=0c383e000001");
        for (int i = 0; i < 5_000; i++) {
            query.append("&a").append(i).append('=').append(i);
        }
        long start = System.nanoTime();
        try {
            ActionUrlRequestParser.DEFAULT.parse("dnd_enabled", query.toString());
            throw new AssertionError("5,000 parameters were accepted");
        } catch (ProtocolException expected) {
            assertThat(System.nanoTime() - start).isLessThan(BUDGET_NANOS);
        }
    }

    private static String decodedOnce(String text) {
        return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    private interface Parse {
        Object run() throws ProtocolException;
    }

    /** Runs the parse, which must return or refuse with a reason, quickly; true if it returned. */
    private static boolean bounded(Parse parse) {
        long start = System.nanoTime();
        boolean accepted;
        try {
            parse.run();
            accepted = true;
        } catch (ProtocolException expected) {
            assertThat(expected.getMessage()).isNotBlank();
            accepted = false;
        }
        long elapsed = System.nanoTime() - start;
        // generous: a catastrophic (exponential or quadratic on 2 KiB) parser would take seconds
        assertThat(elapsed).as("parse time").isLessThan(BUDGET_NANOS);
        return accepted;
    }

}
