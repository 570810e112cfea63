package org.actionbridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

import org.actionbridge.protocol.ActionUrlRequestParser.Limits;
import org.junit.jupiter.api.Test;

/**
 * The edges of the key-sequence and Action URL grammars, character by character and limit by limit, against
 * definitions written independently of the parsers (a mutation run found these edges untested: a range
 * check moved by one, or a limit off by one, went unnoticed).
 */
class GrammarBoundariesTest {

    private static final IntPredicate LETTER = c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    private static final IntPredicate DIGIT = c -> c >= '0' && c <= '9';

    /** What {@link #refusal} says of an input that was accepted. */
    private static final String ACCEPTED = "accepted";

    private interface ThrowingQuery {
        void run() throws ProtocolException;
    }

    /** The reason the input was refused, or {@value #ACCEPTED}. */
    private static String refusal(ThrowingQuery query) {
        try {
            query.run();
            return ACCEPTED;
        } catch (ProtocolException refused) {
            return refused.getMessage();
        }
    }

    private static boolean accepts(ThrowingQuery query) {
        return ACCEPTED.equals(refusal(query));
    }

    private static boolean parses(String keys) {
        return accepts(() -> KeySequence.parse(keys, KeySequence.Mode.RAW));
    }

    private static boolean parses(ActionUrlRequestParser parser, String query) {
        return accepts(() -> parser.parse("dnd_enabled", query));
    }

    @Test
    void aRawKeyTokenIsALetterThenLettersDigitsOrUnderscores() {
        for (char c = 0; c < 0x100; c++) {
            boolean inToken = LETTER.test(c) || DIGIT.test(c) || c == '_';
            // surrounding spaces are stripped, so a space at either end is not part of the token
            assertThat(parses("K" + c)).as("K followed by U+%04X", (int) c).isEqualTo(inToken || c == ' ');
            // a token cannot start with a digit, and digits alone are a digit string, not a token
            assertThat(parses(c + "K")).as("U+%04X followed by K", (int) c).isEqualTo(LETTER.test(c) || c == ' ');
        }
        assertThat(parses("\u0130K")).as("dotted capital I").isFalse();
        assertThat(parses("K\u212a")).as("Kelvin sign").isFalse();
    }

    @Test
    void aDigitStringIsMadeOfDigitsStarAndPound() {
        for (char c = 0; c < 0x100; c++) {
            boolean dial = DIGIT.test(c) || c == '*' || c == '#';
            assertThat(KeySequence.isDialChar(c)).as("U+%04X", (int) c).isEqualTo(dial);
            if (dial) {
                assertThat(parses("1" + c + "2")).as("1 U+%04X 2", (int) c).isTrue();
            }
        }
    }

    @Test
    void keySequenceLimitsAreInclusive() throws ProtocolException {
        assertThat(parses("1".repeat(KeySequence.MAX_DIGITS))).isTrue();
        assertThat(parses("1".repeat(KeySequence.MAX_DIGITS + 1))).isFalse();
        assertThat(parses("F_PREFIX:" + "1".repeat(KeySequence.MAX_DIGITS))).isTrue();
        assertThat(parses("F_PREFIX:" + "1".repeat(KeySequence.MAX_DIGITS + 1))).isFalse();
        assertThat(parses("K" + "x".repeat(KeySequence.MAX_TOKEN_LENGTH - 1))).isTrue();
        assertThat(parses("K" + "x".repeat(KeySequence.MAX_TOKEN_LENGTH))).isFalse();

        String elements = String.join(";", java.util.Collections.nCopies(KeySequence.MAX_ELEMENTS, "1"));
        assertThat(KeySequence.parse(elements).elements()).hasSize(KeySequence.MAX_ELEMENTS);
        assertThat(parses(elements + ";1")).isFalse();

        // the text limit on its own: spaces around one element pad it to exactly the limit
        String padded = "1" + " ".repeat(KeySequence.MAX_LENGTH - 1);
        assertThat(parses(padded)).isTrue();
        assertThat(parses(padded + " ")).isFalse();

        List<KeySequence.Element> most = new ArrayList<>();
        for (int i = 0; i < KeySequence.MAX_ELEMENTS; i++) {
            most.add(new KeySequence.Digits("1"));
        }
        assertThat(KeySequence.of(most).elements()).hasSize(KeySequence.MAX_ELEMENTS);
        most.add(new KeySequence.Digits("1"));
        assertThatThrownBy(() -> KeySequence.of(most)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeySequence.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rawKeysAreReportedAsSuch() throws ProtocolException {
        assertThat(KeySequence.parse("OK;1", KeySequence.Mode.RAW).hasRawKeys()).isFalse();
        assertThat(KeySequence.parse("OK;Kvendor", KeySequence.Mode.RAW).hasRawKeys()).isTrue();
    }

    @Test
    void aParameterNameIsLettersDigitsUnderscoreDotAndDash() {
        for (char c = 0x20; c < 0x7f; c++) {
            if (c == '&' || c == '=' || c == '%' || c == '+') {
                continue; // separators and escapes: not part of a raw name
            }
            boolean ok = LETTER.test(c) || DIGIT.test(c) || c == '_' || c == '.' || c == '-';
            assertThat(parses(ActionUrlRequestParser.DEFAULT, "x" + c + "y=1")).as("x U+%04X y", (int) c).isEqualTo(ok);
        }
    }

    @Test
    void anUnsubstitutedValueIsADollarAndAName() {
        for (char c = 0x20; c < 0x7f; c++) {
            boolean first = LETTER.test(c) || c == '_';
            boolean later = first || DIGIT.test(c);
            String at1 = "$" + c;
            String at2 = "$a" + c;
            assertThat(ActionUrlRequestParser.isAbsent(at1)).as(at1).isEqualTo(first);
            assertThat(ActionUrlRequestParser.isAbsent(at2)).as(at2).isEqualTo(later);
        }
        assertThat(ActionUrlRequestParser.isAbsent("")).isTrue();
        assertThat(ActionUrlRequestParser.isAbsent("$")).isFalse();
        assertThat(ActionUrlRequestParser.isAbsent("a$b")).isFalse();
    }

    @Test
    void requestLimitsAreInclusive() {
        // limits small enough to reach each one alone
        ActionUrlRequestParser parser = new ActionUrlRequestParser(new Limits(24, 2, 3, 4));
        assertThat(parses(parser, "abc=1234&d=1")).isTrue();
        assertThat(parses(parser, "abcd=1")).as("name over 3").isFalse();
        assertThat(parses(parser, "a=12345")).as("value over 4").isFalse();
        assertThat(parses(parser, "a=1&b=2&c=3")).as("three parameters").isFalse();
        assertThat(parses(parser, "a=1&&&&&&&&&&&&&&&&&&&&b")).as("24 characters, two parameters").isTrue();
        assertThat(parses(parser, "a=1&&&&&&&&&&&&&&&&&&&&&b")).as("25 characters").isFalse();

        String longest = "e".repeat(ActionUrlRequestParser.MAX_EVENT_NAME_LENGTH);
        assertThatThrownBy(() -> ActionUrlRequestParser.DEFAULT.parse(longest, "")).hasMessageContaining("unknown event");
        assertThatThrownBy(() -> ActionUrlRequestParser.DEFAULT.parse(longest + "e", ""))
                .hasMessageContaining("longer than " + ActionUrlRequestParser.MAX_EVENT_NAME_LENGTH);

        assertThat(new Limits(1, 1, 1, 1).maxQueryLength()).isEqualTo(1);
        assertThatThrownBy(() -> new Limits(0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limits(1, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limits(1, 1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limits(1, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aControlCharacterInTheRawQueryIsNamed() {
        assertThatThrownBy(() -> ActionUrlRequestParser.DEFAULT.parse("dnd_enabled", "mac=0c383e000001\r\n"))
                .hasMessageContaining("query contains the control character");
    }

    @Test
    void activeUriLimitsAreInclusive() throws ProtocolException {
        // at the query's limit the key sequence's own (shorter) limit refuses it; one more, the query's
        String longest = "key=1;" + " ".repeat(ActiveUriInstruction.MAX_QUERY_LENGTH - 6);
        assertThat(refusal(() -> ActiveUriInstruction.parseQuery(longest))).isEqualTo(
                "key sequence is longer than " + KeySequence.MAX_LENGTH + " characters");
        assertThat(refusal(() -> ActiveUriInstruction.parseQuery(longest + " "))).contains("longer than 2048");

        assertThat(refusal(() -> ActiveUriInstruction.lineDisplayName(0, "x"))).contains("between 1 and 99");
        assertThat(ActiveUriInstruction.lineDisplayName(1, "x").toQueryString()).startsWith("line=1;");
        assertThat(ActiveUriInstruction.lineDisplayName(ActiveUriInstruction.MAX_LINE, "x").toQueryString())
                .startsWith("line=99;");
        assertThat(refusal(() -> ActiveUriInstruction.lineDisplayName(100, "x"))).contains("between 1 and 99");
        assertThat(refusal(() -> ActiveUriInstruction.parseQuery("line=;displayname=x"))).contains("line number");
        assertThat(refusal(() -> ActiveUriInstruction.parseQuery("line=100;displayname=x"))).contains("line number");
        assertThat(ActiveUriInstruction.parseQuery("line=99&displayname=x")).isEqualTo(
                ActiveUriInstruction.lineDisplayName(99, "x"));

        String code = "1".repeat(ActiveUriInstruction.MAX_DOOR_CODE_LENGTH);
        assertThat(ActiveUriInstruction.openDoor(code).toQueryString()).endsWith("code=" + code);
        assertThat(refusal(() -> ActiveUriInstruction.openDoor(code + "1"))).contains("longer than 32");

        String name = "\ud83d\ude00".repeat(ActiveUriInstruction.MAX_DISPLAY_NAME_LENGTH); // 64 code points, 128 chars
        assertThat(ActiveUriInstruction.lineDisplayName(1, name).toQueryString()).startsWith("line=1;displayname=");
        assertThat(refusal(() -> ActiveUriInstruction.lineDisplayName(1, name + "x"))).contains("longer than 64");
    }

    @Test
    void aDoorCodeIsLettersDigitsStarAndPound() {
        for (char c = 0; c < 0x100; c++) {
            boolean ok = LETTER.test(c) || DIGIT.test(c) || c == '*' || c == '#';
            String code = "1" + c + "2";
            assertThat(accepts(() -> ActiveUriInstruction.openDoor(code))).as("U+%04X", (int) c).isEqualTo(ok);
        }
    }

    @Test
    void everyActiveUriParameterIsNamed() {
        assertThat(refusal(() -> ActiveUriInstruction.parseQuery("=OK"))).contains("malformed parameter");
        assertThat(refusal(() -> ActiveUriInstruction.parseQuery("key"))).contains("malformed parameter");
        assertThat(refusal(() -> ActiveUriInstruction.parseQuery("key=OK&"))).contains("malformed parameter");
        assertThat(refusal(() -> ActiveUriInstruction.parseQuery("KEY=OK"))).isEqualTo(ACCEPTED);
        assertThat(refusal(() -> ActiveUriInstruction.parseQuery("code=1"))).contains("no key parameter");
    }
}
