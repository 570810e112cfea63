package org.actionbridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeySequenceTest {

    /** The composite rows and worked examples of spec 3.3 to 3.6: text, query value. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            SPEAKER;0000;ENTER          | SPEAKER;0000;ENTER
            0000;ENTER                  | 0000;ENTER
            F_HEADSET;000;ENTER         | F_HEADSET;000;ENTER
            HEADSET;000;ENTER           | HEADSET;000;ENTER
            F_TRANSFER;0000;OK          | F_TRANSFER;0000;OK
            F_TRANSFER;000;F_A_TRANSFER | F_TRANSFER;000;F_A_TRANSFER
            1234                        | 1234
            SPEAKER;000;ENTER           | SPEAKER;000;ENTER
            F_TRANSFER;000;F_TRANSFER   | F_TRANSFER;000;F_TRANSFER
            F_FLASH                     | F_FLASH
            prev_call                   | prev_call
            next_call;F_HOLD            | next_call;F_HOLD
            *;#                         | *;%23
            F_*;F_POUND                 | F_*;F_POUND
            F_PREFIX:0                  | F_PREFIX:0
            F_PREFIX;9                  | F_PREFIX;9
            SPEAKER;*21#;ENTER          | SPEAKER;*21%23;ENTER
            """)
    void parsesAndRendersSpecExamples(String text, String queryValue) throws ProtocolException {
        KeySequence seq = KeySequence.parse(text);

        assertThat(seq.render()).isEqualTo(text);
        assertThat(seq.toQueryValue()).isEqualTo(queryValue);
        assertThat(KeySequence.parse(seq.render())).isEqualTo(seq);
    }

    @Test
    void splitsIntoTypedElements() throws ProtocolException {
        KeySequence seq = KeySequence.parse("SPEAKER;0000;ENTER");

        assertThat(seq.elements()).containsExactly(new KeySequence.Press(Key.SPEAKER, "SPEAKER"),
                new KeySequence.Digits("0000"), new KeySequence.Press(Key.OK, "ENTER"));
        assertThat(seq.keys()).containsExactly(Key.SPEAKER, Key.OK);
    }

    @Test
    void prefixFormIsOneElement() throws ProtocolException {
        assertThat(KeySequence.parse("f_prefix:123").elements()).containsExactly(new KeySequence.PrefixNumber("123"));
        assertThat(KeySequence.parse("f_prefix:123").render()).isEqualTo("F_PREFIX:123");
    }

    @Test
    void caseIsIgnoredOnParseAndTheSpecSpellingRendered() throws ProtocolException {
        assertThat(KeySequence.parse("speaker;1;enter").render()).isEqualTo("SPEAKER;1;ENTER");
        assertThat(KeySequence.parse("REBOOT").render()).isEqualTo("Reboot");
        assertThat(KeySequence.parse("Exit").render()).isEqualTo("exit");
        assertThat(KeySequence.parse("f_handfree").render()).isEqualTo("F_HANDFREE");
    }

    @Test
    void spacesAroundElementsAreIgnored() throws ProtocolException {
        assertThat(KeySequence.parse(" SPEAKER ; 0000 ; ENTER ").render()).isEqualTo("SPEAKER;0000;ENTER");
    }

    @Test
    void knowsWhichSeriesSupportsIt() throws ProtocolException {
        assertThat(KeySequence.parse("DSS1").supportedBy(PhoneModelSeries.X6)).isTrue();
        assertThat(KeySequence.parse("DSS1").supportedBy(PhoneModelSeries.X3_X4)).isFalse();
        assertThat(KeySequence.parse("F_D1;OK").supportedBy(PhoneModelSeries.X6)).isFalse();
    }

    @Test
    void rejectsUnknownKeyWithAHint() {
        assertThatThrownBy(() -> KeySequence.parse("SPEAKER;HOLD")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("unknown key 'HOLD'").hasMessageContaining("F_HOLD");
        assertThatThrownBy(() -> KeySequence.parse("FOO")).hasMessage("unknown key 'FOO' in element 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ";", "OK;", ";OK", "OK;;OK", " ", "OK; ;OK"})
    void rejectsEmptyElements(String text) {
        assertThatThrownBy(() -> KeySequence.parse(text)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("empty");
    }

    /** Injection attempts and odd encodings, with a word the reason must contain. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            OK&code=1234                 | another query parameter
            OK&reboot                    | '&'
            OK?key=Reboot                | '?'
            ../cgi-bin/Reset             | '.'
            OK/Reset                     | path
            OK\\Reset                    | path
            OK%26key=Reboot              | percent-encoded
            OK%3BReset                   | percent-encoded
            %0d%0aReset                  | percent-encoded
            key=OK                       | '='
            OK<script>                   | '<'
            "OK\\"                       | path
            OK\uFF06key=Reboot          | U+FF06
            OK\uFF1BReset            | U+FF1B
            \u041EK                      | U+041E
            OK\u200B                     | U+200B
            """)
    void rejectsHostileText(String text, String reasonPart) {
        assertThatThrownBy(() -> KeySequence.parse(text)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining(reasonPart);
        assertThatThrownBy(() -> KeySequence.parse(text, KeySequence.Mode.RAW)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void fullwidthSemicolonIsNamedAsALookAlike() {
        assertThatThrownBy(() -> KeySequence.parse("OK\uFF1BReset")).hasMessageContaining("looks like ';'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"OK\r\nReset", "OK\nX", "OK\u0000", "OK\t", "OK\u007F", "OK\u0085", "OK\u2028"})
    void rejectsControlCharacters(String text) {
        assertThatThrownBy(() -> KeySequence.parse(text)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("control character");
    }

    @Test
    void rejectsOverlongInput() {
        assertThatThrownBy(() -> KeySequence.parse("1".repeat(KeySequence.MAX_LENGTH + 1)))
                .hasMessageContaining("longer than");
        assertThatThrownBy(() -> KeySequence.parse("1".repeat(KeySequence.MAX_DIGITS + 1)))
                .hasMessageContaining("longer than");
        assertThatThrownBy(() -> KeySequence.parse("OK;".repeat(KeySequence.MAX_ELEMENTS) + "OK"))
                .hasMessageContaining("more than");
    }

    @Test
    void colonOnlyInThePrefixForm() {
        assertThatThrownBy(() -> KeySequence.parse("OK:1")).hasMessageContaining("F_PREFIX");
        assertThatThrownBy(() -> KeySequence.parse("F_PREFIX:")).hasMessageContaining("prefix number");
        assertThatThrownBy(() -> KeySequence.parse("F_PREFIX:12a")).hasMessageContaining("prefix number");
    }

    @Test
    void rawModePassesVendorKeysVerbatim() throws ProtocolException {
        KeySequence seq = KeySequence.parse("F_NEWKEY;12;ok", KeySequence.Mode.RAW);

        assertThat(seq.elements()).containsExactly(new KeySequence.RawKey("F_NEWKEY"), new KeySequence.Digits("12"),
                new KeySequence.Press(Key.OK, "OK"));
        assertThat(seq.hasRawKeys()).isTrue();
        assertThat(seq.render()).isEqualTo("F_NEWKEY;12;OK");
        assertThatThrownBy(() -> KeySequence.parse("F_NEWKEY")).hasMessageContaining("unknown key");
    }

    @Test
    void rawModeStillRejectsOddTokens() {
        assertThatThrownBy(() -> KeySequence.parse("_X", KeySequence.Mode.RAW)).hasMessageContaining("not a key token");
        assertThatThrownBy(() -> KeySequence.parse("A B", KeySequence.Mode.RAW)).hasMessageContaining("not a key token");
        assertThatThrownBy(() -> KeySequence.parse("X".repeat(33), KeySequence.Mode.RAW))
                .hasMessageContaining("longer than");
    }

    @Test
    void digitsAcceptOnlyDialPadCharacters() throws ProtocolException {
        assertThat(KeySequence.digits("*21#").digits()).isEqualTo("*21#");
        assertThatThrownBy(() -> KeySequence.digits("+49 30")).hasMessageContaining("'+'");
        assertThatThrownBy(() -> KeySequence.digits("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> KeySequence.digits("\uFF11\uFF12")).hasMessageContaining("U+FF11");
    }

    @Test
    void bareStarAndPoundAreDigitsSoThatEachSequenceHasOneForm() throws ProtocolException {
        assertThat(KeySequence.parse("*").elements()).containsExactly(new KeySequence.Digits("*"));
        assertThat(KeySequence.of(Key.STAR, Key.POUND).render()).isEqualTo("F_*;POUND");
        assertThatThrownBy(() -> new KeySequence.Press(Key.POUND, "#")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void elementRecordsRefuseInvalidValues() {
        assertThatThrownBy(() -> new KeySequence.Digits("1&2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeySequence.RawKey("A;B")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeySequence.Press(Key.OK, "SPEAKER")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeySequence.PrefixNumber("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equalityFollowsElements() throws ProtocolException {
        assertThat(KeySequence.parse("ok")).isEqualTo(KeySequence.of(Key.OK)).hasSameHashCodeAs(KeySequence.of(Key.OK));
        assertThat(KeySequence.parse("ENTER")).isNotEqualTo(KeySequence.of(Key.OK));
        assertThat(KeySequence.parse("OK")).hasToString("OK");
    }
}
