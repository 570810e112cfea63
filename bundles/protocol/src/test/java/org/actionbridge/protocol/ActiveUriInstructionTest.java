package org.actionbridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ActiveUriInstructionTest {

    /** Spec 3.4: the instruction after /cgi-bin/ConfigManApp.com? is key=OK. */
    @Test
    void parsesTheSpec34Example() throws ProtocolException {
        ActiveUriInstruction i = ActiveUriInstruction.parseQuery("key=OK");

        assertThat(i.kind()).isEqualTo(ActiveUriInstruction.Kind.KEYS);
        assertThat(i.keySequence()).contains(KeySequence.of(Key.OK));
        assertThat(i.toQueryString()).isEqualTo("key=OK");
        assertThat(i.toNotifyBody()).isEqualTo("key=OK");
    }

    /** Spec 3.5: a group of numbers in one URL. */
    @ParameterizedTest
    @ValueSource(strings = {"key=SPEAKER;000;ENTER", "key=F_TRANSFER;000;F_TRANSFER"})
    void parsesTheSpec35Examples(String query) throws ProtocolException {
        assertThat(ActiveUriInstruction.parseQuery(query).toQueryString()).isEqualTo(query);
    }

    @Test
    void parsesDoorOpening() throws ProtocolException {
        ActiveUriInstruction i = ActiveUriInstruction.parseQuery("key=F_LOCK&code=1234");

        assertThat(i.kind()).isEqualTo(ActiveUriInstruction.Kind.OPEN_DOOR);
        assertThat(i.doorCode()).contains("1234");
        assertThat(i).isEqualTo(ActiveUriInstruction.openDoor("1234"));
        assertThat(ActiveUriInstruction.parseQuery("code=1234&key=f_lock")).isEqualTo(i);
    }

    @Test
    void parsesLineDisplayName() throws ProtocolException {
        ActiveUriInstruction i = ActiveUriInstruction.parseQuery("line=2;displayname=M%C3%BCller%20Reception");

        assertThat(i.kind()).isEqualTo(ActiveUriInstruction.Kind.DISPLAY_NAME);
        assertThat(i.line()).hasValue(2);
        assertThat(i.displayName()).contains("Müller Reception");
        assertThat(i.toQueryString()).isEqualTo("line=2;displayname=M%C3%BCller%20Reception");
        assertThat(ActiveUriInstruction.parseQuery("line=2&displayname=M%C3%BCller+Reception")).isEqualTo(i);
    }

    @Test
    void decodesPercent23AsThePoundKey() throws ProtocolException {
        assertThat(ActiveUriInstruction.parseQuery("key=SPEAKER;12%23;ENTER").keySequence().orElseThrow().render())
                .isEqualTo("SPEAKER;12#;ENTER");
    }

    @Test
    void notifyBodyToleratesLineEndsAndLiteralPound() throws ProtocolException {
        assertThat(ActiveUriInstruction.parseNotifyBody("key=OK\r\n")).isEqualTo(PhoneCommands.answer());
        assertThat(ActiveUriInstruction.parseNotifyBody("key=#").keySequence().orElseThrow().elements())
                .containsExactly(new KeySequence.Digits("#"));
        assertThat(ActiveUriInstruction.parseNotifyBody("line=1;displayname=A+B").displayName()).contains("A+B");
    }

    /** Hostile queries, with a word the reason must contain. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            key=OK&key=Reboot                  | more than one key
            key=OK&reboot=1                    | unknown parameter
            key=OK%26key=Reboot                | '&'
            key=OK%3Fx                         | '?'
            key=OK%2F..%2FReset                | '/'
            key=OK%2526key=Reboot              | '%'
            key=OK%0D%0AReboot                 | control character
            key=OK%00                          | control character
            key=OK#Reboot                      | %23
            key=OK%                            | truncated
            key=OK%zz                          | malformed percent escape
            key=OK%C0%AF                       | UTF-8
            key=%EF%BC%86key=Reboot            | U+FF06
            key=                               | empty
            key                                | malformed parameter
            =OK                                | malformed parameter
            key=OK&                            | malformed parameter
            code=1234                          | no key
            key=OK&code=1234                   | only accepted with key=F_LOCK
            key=F_LOCK&code=12%26key=Reset     | '&'
            line=1;displayname=a%26key=Reset   | '&'
            line=1;displayname=a%3Bkey=Reset   | ';'
            line=1;displayname=a%EF%BC%9Bb     | look-alike
            line=1;displayname=%E2%80%AEevil   | invisible
            line=0;displayname=x               | between 1 and
            line=x;displayname=x               | line number
            line=1;name=x                      | line=<n>;displayname=<name>
            line=1;displayname=                | empty
            line=1;displayname=%20x            | white space
            """)
    void rejectsHostileQueries(String query, String reasonPart) {
        assertThatThrownBy(() -> ActiveUriInstruction.parseQuery(query)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining(reasonPart);
    }

    @Test
    void rejectsOversizedAndEmptyQueries() {
        assertThatThrownBy(() -> ActiveUriInstruction.parseQuery("key=" + "1".repeat(ActiveUriInstruction.MAX_QUERY_LENGTH)))
                .hasMessageContaining("longer than");
        assertThatThrownBy(() -> ActiveUriInstruction.parseQuery("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ActiveUriInstruction.parseQuery(null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> ActiveUriInstruction.lineDisplayName(1, "x".repeat(65)))
                .hasMessageContaining("longer than");
    }

    @Test
    void rawModeAcceptsVendorKeysInQueries() throws ProtocolException {
        assertThat(ActiveUriInstruction.parseQuery("key=F_FUTURE", KeySequence.Mode.RAW).toQueryString())
                .isEqualTo("key=F_FUTURE");
        assertThatThrownBy(() -> ActiveUriInstruction.parseQuery("key=F_FUTURE")).hasMessageContaining("unknown key");
    }

    @Test
    void equalsAndHashCode() throws ProtocolException {
        assertThat(ActiveUriInstruction.parseQuery("key=ok")).isEqualTo(PhoneCommands.answer())
                .hasSameHashCodeAs(PhoneCommands.answer());
        assertThat(PhoneCommands.displayName(1, "a")).isNotEqualTo(PhoneCommands.displayName(2, "a"));
        assertThat(PhoneCommands.answer()).hasToString("key=OK");
    }
}
