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

/**
 * A fixed-seed, fixed-budget fuzz run of every parser that reads input from the network or from a user:
 * whatever the input, a parser either returns a value or throws {@link ProtocolException}, never another
 * exception, and never takes long. Inputs are biased towards the characters that matter to each grammar
 * (separators, escapes, {@code $}, control characters, non-ASCII, surrogates). The seed makes every CI run
 * identical; change it locally to explore.
 */
class ParserFuzzTest {

    private static final String SEED = "20261126";
    private static final int TRIES = 3_000;
    private static final long BUDGET_NANOS = 250_000_000L;

    /** Characters each grammar splits, escapes or refuses on, mixed with letters, digits and odd code points. */
    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<Character> special = Arbitraries.of('%', '&', '=', '$', ';', ':', '/', '?', '#', '*', '+', ' ', '\r',
                '\n', '\0', '\u007f', '\u0085', '\u2028', '\ud800', '\udc00', '\ufffd', 'é', '"', '\\', ',', '.', '-',
                '_', '@', '<', '>');
        Arbitrary<Character> plain = Arbitraries.chars().alpha().numeric().with("ABCDEFabcdef0123456789");
        Arbitrary<Character> any = Arbitraries.chars();
        Arbitrary<String> fragments = Arbitraries.oneOf(
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, special), net.jqwik.api.Tuple.of(5, plain),
                        net.jqwik.api.Tuple.of(1, any)).list().ofMaxSize(12).map(ParserFuzzTest::join),
                Arbitraries.of("%25", "%2525", "%252525", "%u0041", "%0d%0a", "%00", "%ZZ", "%", "%e9", "%c3%a9",
                        "%ed%a0%80", "%f0%9f%98%80", "$mac", "$remote", "mac=", "&&", "==", "SPEAKER", "ENTER", "F_LOCK",
                        "key=", "code=", "OK", "0c:38:3e:00:00:01", "0c383e000001", "0C-38-3E-00-00-01", "Digest ",
                        "realm=\"", "nonce=\"", "qop=\"auth,auth-int\"", "\"", "\\\""));
        return fragments.list().ofMaxSize(40).map(parts -> String.join("", parts));
    }

    @Property(tries = TRIES, seed = SEED, generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.OFF)
    void actionUrlRequestParserOnlyRefusesWithProtocolException(@ForAll("events") String event,
            @ForAll("hostile") String query) {
        bounded(() -> ActionUrlRequestParser.DEFAULT.parse(event, query));
    }

    @Property(tries = TRIES, seed = SEED, generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.OFF)
    void activeUriQueryParserOnlyRefusesWithProtocolException(@ForAll("hostile") String query) {
        bounded(() -> ActiveUriInstruction.parseQuery(query));
        bounded(() -> ActiveUriInstruction.parseNotifyBody(query));
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
        return Arbitraries.oneOf(Arbitraries.of(ActionEvent.values()).map(ActionEvent::wireName), hostile());
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

    private static void bounded(Parse parse) {
        long start = System.nanoTime();
        try {
            parse.run();
        } catch (ProtocolException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        long elapsed = System.nanoTime() - start;
        // generous: a catastrophic (exponential or quadratic on 2 KiB) parser would take seconds
        assertThat(elapsed).as("parse time").isLessThan(BUDGET_NANOS);
    }

    private static String join(java.util.List<Character> chars) {
        StringBuilder b = new StringBuilder(chars.size());
        chars.forEach(b::append);
        return b.toString();
    }
}
