package org.actionbridge.protocol;

import java.util.List;
import java.util.function.Consumer;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.StatisticsCoverage;

/**
 * Generators shared by the property and fuzz tests. Inputs are shaped so that a good share gets past a
 * parser's first checks: a fuzz input refused at its first character only tests that check.
 */
final class ProtocolArbitraries {

    /** Characters the grammars split, escape or quote on; all printable. */
    private static final String SEPARATORS = "%&=$;:/?#*+ \u00e9\"\\,.-_@<>\ufffd";
    /** Characters some parser refuses outright: line breaks, NUL, DEL, C1 and Unicode separators, lone surrogates. */
    private static final String REFUSED = "\r\n\0\u007f\u0085\u2028\ud800\udc00\t";

    private ProtocolArbitraries() {
    }

    /**
     * Text biased towards what matters to each grammar: mostly printable separators, letters, digits and
     * known fragments ({@code %} escapes, {@code $} tokens, MACs, digest parameters); one input in five also
     * carries a refused character or an arbitrary code point somewhere.
     */
    static Arbitrary<String> hostile() {
        return Arbitraries.frequencyOf(Tuple.of(4, printable(40)), Tuple.of(1, withOneOdd(printable(40))));
    }

    /** Printable hostile text of at most {@code fragments} fragments. */
    static Arbitrary<String> printable(int fragments) {
        Arbitrary<String> fragment = Arbitraries.oneOf(printableChars(),
                Arbitraries.of("%25", "%2525", "%252525", "%u0041", "%0d%0a", "%00", "%ZZ", "%", "%e9", "%c3%a9",
                        "%ed%a0%80", "%f0%9f%98%80", "$mac", "$remote", "mac=", "&&", "==", "SPEAKER", "ENTER", "F_LOCK",
                        "key=", "code=", "OK", "0c:38:3e:00:00:01", "0c383e000001", "0C-38-3E-00-00-01", "Digest ",
                        "realm=\"", "nonce=\"", "qop=\"auth,auth-int\"", "\"", "\\\""));
        return fragment.list().ofMaxSize(fragments).map(parts -> String.join("", parts));
    }

    /** Up to 12 printable characters, separators and quotes among letters and digits, no escapes. */
    static Arbitrary<String> printableChars() {
        Arbitrary<Character> special = Arbitraries.of(chars(SEPARATORS));
        Arbitrary<Character> plain = Arbitraries.chars().alpha().numeric().with("ABCDEFabcdef0123456789");
        return Arbitraries.frequencyOf(Tuple.of(3, special), Tuple.of(5, plain)).list().ofMaxSize(12)
                .map(ProtocolArbitraries::join);
    }

    /** The text with one refused character or arbitrary code point inserted at a random place. */
    static Arbitrary<String> withOneOdd(Arbitrary<String> text) {
        Arbitrary<Character> odd = Arbitraries.oneOf(Arbitraries.of(chars(REFUSED)), Arbitraries.chars());
        return Combinators.combine(text, odd, Arbitraries.integers().between(0, Integer.MAX_VALUE))
                .as((t, c, at) -> {
                    int i = at % (t.length() + 1);
                    return t.substring(0, i) + c + t.substring(i);
                });
    }

    /**
     * Action URL queries: {@code name=value} pairs joined by {@code &}, the names mostly the specification's
     * variables, the values printable hostile text or well-formed values; one in six is hostile text as a whole.
     */
    static Arbitrary<String> actionUrlQueries() {
        Arbitrary<String> name = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(Variable.values()).map(Variable::queryName)),
                Tuple.of(1, printable(2)));
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(40, printableChars()),
                Tuple.of(8, printable(3)),
                Tuple.of(24, Arbitraries.of("0c:38:3e:00:00:01", "0C383E000002", "127.0.0.5", "1234", "X6U",
                        "2.12.0", "", "%23", "%26", "%3D", "%25%32%36", "+", "Anna%20B")),
                Tuple.of(1, withOneOdd(printable(2)).withoutEdgeCases()));
        // escapes (some decode to control characters) and odd characters are rarer in a value than in hostile
        // text as a whole, so that most queries get past the first checks
        Arbitrary<String> pairs = Combinators.combine(name, value).as((n, v) -> n + "=" + v).list().ofMaxSize(10)
                .map(list -> String.join("&", list));
        return Arbitraries.frequencyOf(Tuple.of(5, pairs), Tuple.of(1, hostile()));
    }

    /** Key texts that parse about as often as not: element-shaped pieces, with injection characters mixed in. */
    static Arbitrary<String> keyTexts() {
        Arbitrary<String> token = Arbitraries.oneOf(
                Arbitraries.of(Key.values()).flatMap(k -> Arbitraries.of(k.tokens())),
                Arbitraries.strings().withChars("abcXYZ_019").ofMinLength(1).ofMaxLength(8).map(t -> "K" + t),
                Arbitraries.strings().withChars("0123456789*#").ofMinLength(1).ofMaxLength(10),
                Arbitraries.strings().withChars("0123456789*#").ofMinLength(1).ofMaxLength(6).map(d -> "F_PREFIX:" + d));
        Arbitrary<String> injected = Arbitraries.of("&", "#", "?", "/", "=", "%", "%23", "\r", "\n", " ", "\t", ":",
                ";", "\u00a0", "\uff03", "\u0000", "key=", "&key=", "%26", "..", "\u00e9");
        Arbitrary<String> piece = Arbitraries.frequencyOf(Tuple.of(12, token), Tuple.of(1, injected),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(4)));
        return piece.list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join(";", parts));
    }

    /**
     * A coverage rule: each outcome of a boolean statistic in at least {@code percent} of the tries. A property
     * whose inputs nearly all take one branch proves nothing about the other.
     */
    static Consumer<StatisticsCoverage> bothOutcomesAtLeast(double percent) {
        return c -> {
            c.check(true).percentage(p -> p >= percent);
            c.check(false).percentage(p -> p >= percent);
        };
    }

    private static Character[] chars(String text) {
        Character[] out = new Character[text.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = text.charAt(i);
        }
        return out;
    }

    private static String join(List<Character> chars) {
        StringBuilder b = new StringBuilder(chars.size());
        chars.forEach(b::append);
        return b.toString();
    }
}
