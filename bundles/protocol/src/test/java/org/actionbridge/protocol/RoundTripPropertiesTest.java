package org.actionbridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.statistics.Statistics;

/**
 * Round trips through the protocol model's writers and parsers. The seed makes every CI run identical;
 * clear it locally to explore (each property passed 200,000 random-seed tries on 2026-11-27).
 */
class RoundTripPropertiesTest {

    private static final String SEED = "20261127";

    @Provide
    Arbitrary<KeySequence.Element> elements() {
        Arbitrary<KeySequence.Element> presses = Arbitraries.of(Key.values())
                .flatMap(k -> Arbitraries.of(k.tokens().stream().filter(t -> !t.equals("*") && !t.equals("#")).toList())
                        .map(t -> new KeySequence.Press(k, t)));
        Arbitrary<String> dial = Arbitraries.strings().withChars("0123456789*#").ofMinLength(1).ofMaxLength(20);
        return Arbitraries.oneOf(presses, dial.map(KeySequence.Digits::new), dial.map(KeySequence.PrefixNumber::new));
    }

    @Provide
    Arbitrary<KeySequence> sequences() {
        return elements().list().ofMinSize(1).ofMaxSize(8).map(KeySequence::of);
    }

    @Property(tries = 300, seed = SEED)
    void keySequencesSurviveQueryAndNotifyBody(@ForAll("sequences") KeySequence seq) throws ProtocolException {
        ActiveUriInstruction i = ActiveUriInstruction.ofKeys(seq);

        assertThat(ActiveUriInstruction.parseQuery(i.toQueryString())).isEqualTo(i);
        assertThat(ActiveUriInstruction.parseNotifyBody(i.toNotifyBody())).isEqualTo(i);
        assertThat(i.toQueryString()).doesNotContain("#", "&", "?", "/");
    }

    @Property(tries = 200, seed = SEED)
    void displayNamesSurviveOrAreRejectedWithAReason(@ForAll @StringLength(min = 1, max = 20) String name,
            @ForAll @IntRange(min = 1, max = 99) int line) throws ProtocolException {
        ActiveUriInstruction i;
        try {
            i = ActiveUriInstruction.lineDisplayName(line, name);
        } catch (ProtocolException rejected) {
            assertThat(rejected.getMessage()).isNotBlank();
            i = null;
        }
        Statistics.label("accepted").collect(i != null).coverage(ProtocolArbitraries.bothOutcomesAtLeast(20));
        if (i == null) {
            return;
        }
        assertThat(ActiveUriInstruction.parseQuery(i.toQueryString())).isEqualTo(i);
        assertThat(ActiveUriInstruction.parseNotifyBody(i.toNotifyBody())).isEqualTo(i);
        assertThat(i.toQueryString()).doesNotContain("&", "#", "?", "/").startsWith("line=" + line + ";displayname=");
    }

    @Property(tries = 1_000, seed = SEED)
    void arbitraryTextNeverEscapesTheKeyParameter(@ForAll("keyTexts") String text) {
        boolean parsed;
        try {
            KeySequence seq = KeySequence.parse(text, KeySequence.Mode.RAW);
            String query = ActiveUriInstruction.ofKeys(seq).toQueryString();
            // Only the parameter's own "key=" may carry a separator; the value is escaped whole.
            assertThat(query).startsWith("key=");
            assertThat(query.substring("key=".length())).doesNotContain("&", "#", "?", "/", "\r", "\n", "=", " ");
            parsed = true;
        } catch (ProtocolException rejected) {
            assertThat(rejected.getMessage()).isNotBlank();
            parsed = false;
        }
        Statistics.label("parsed").collect(parsed).coverage(ProtocolArbitraries.bothOutcomesAtLeast(20));
    }

    @Provide
    Arbitrary<String> keyTexts() {
        return ProtocolArbitraries.keyTexts();
    }

    @Property(tries = 200, seed = SEED)
    void expandedTemplatesParseBackToTheValues(@ForAll("valueMaps") Map<Variable, String> values)
            throws ProtocolException {
        ActionUrlGenerator g = ActionUrlGenerator.forPhone("http://127.0.0.1:8181/actionurl/T", PhoneModelSeries.X6);
        String url = g.templateFor(ActionEvent.CALL_TERMINATED).expand(values);
        String query = url.substring(url.indexOf('?') + 1);

        ActionUrlRequest r = ActionUrlRequest.parse("call_terminated", query);

        Map<Variable, String> expected = new EnumMap<>(Variable.class);
        values.forEach((k, v) -> {
            if (!v.isEmpty()) {
                expected.put(k, v);
            }
        });
        assertThat(r.variables()).isEqualTo(expected);
        assertThat(r.unknownParameters()).isEmpty();
    }

    @Provide
    Arbitrary<Map<Variable, String>> valueMaps() {
        List<Variable> valid = ActionEvent.CALL_TERMINATED.validVariables(PhoneModelSeries.X6).stream()
                .filter(v -> v != Variable.MAC && v != Variable.IP).toList(); // no free text: their forms are checked
        Arbitrary<String> value = Arbitraries.strings().all().ofMaxLength(30)
                .filter(s -> s.codePoints().noneMatch(c -> c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028
                        || c == 0x2029 || Character.isSurrogate((char) c)))
                .filter(s -> !s.matches("\\$[A-Za-z_][A-Za-z0-9_]*"));
        return Arbitraries.maps(Arbitraries.of(valid), value).ofMaxSize(valid.size())
                .map(m -> m.isEmpty() ? new EnumMap<>(Variable.class) : new EnumMap<>(m));
    }

    @Property(tries = 200, seed = SEED)
    void macsNormaliseToOneForm(@ForAll("macBytes") List<Integer> bytes, @ForAll("separators") String sep)
            throws ProtocolException {
        StringBuilder canonical = new StringBuilder();
        StringBuilder written = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            String hex = String.format("%02x", bytes.get(i));
            canonical.append(hex);
            if (i > 0) {
                written.append(sep);
            }
            written.append(i % 2 == 0 ? hex.toUpperCase() : hex);
        }
        assertThat(MacAddress.parse(written.toString()).value()).isEqualTo(canonical.toString());
        assertThat(MacAddress.parse(MacAddress.parse(written.toString()).toColonForm()).value())
                .isEqualTo(canonical.toString());
    }

    @Provide
    Arbitrary<List<Integer>> macBytes() {
        return Arbitraries.integers().between(0, 255).list().ofSize(6);
    }

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.of("", ":", "-");
    }

    @Property(tries = 100, seed = SEED)
    void doorCodesSurvive(@ForAll("doorCodes") String code) throws ProtocolException {
        ActiveUriInstruction i = ActiveUriInstruction.openDoor(code);

        assertThat(ActiveUriInstruction.parseQuery(i.toQueryString())).isEqualTo(i);
        assertThat(SipNotify.parse("ACTIVE-URI", "message/sipfrag", i.toNotifyBody()).instruction()).isEqualTo(i);
    }

    @Provide
    Arbitrary<String> doorCodes() {
        return Arbitraries.strings().withChars("0123456789abcXYZ*#").ofMinLength(1).ofMaxLength(32);
    }

    @Property(tries = 100, seed = SEED)
    void combinedPhoneCommandsRoundTrip(@ForAll("numbers") String number) throws ProtocolException {
        for (ActiveUriInstruction i : List.of(PhoneCommands.dial(number), PhoneCommands.blindTransfer(number),
                PhoneCommands.attendedTransfer(number), PhoneCommands.dialHeadset(number))) {
            assertThat(ActiveUriInstruction.parseQuery(i.toQueryString())).isEqualTo(i);
        }
    }

    @Provide
    Arbitrary<String> numbers() {
        return Combinators.combine(Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(15),
                Arbitraries.of("", "#", "*")).as((a, b) -> b + a + b);
    }
}
