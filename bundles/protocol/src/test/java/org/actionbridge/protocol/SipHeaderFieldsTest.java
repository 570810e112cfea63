package org.actionbridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SipHeaderFieldsTest {

    private static SipHeaderFields parse(String head) {
        return SipHeaderFields.parse(head.split("\r?\n", -1), 1);
    }

    @Test
    void namesAreLowerCaseLongFormsAndValuesTrimmed() {
        SipHeaderFields fields = parse("NOTIFY sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                + "VIA :  SIP/2.0/UDP p;branch=z9hG4bK2 \r\ni: 9@h\r\nL: 6\r\nEvent: ACTIVE-URI");

        assertThat(fields.values("Via")).containsExactly("SIP/2.0/UDP h;branch=z9hG4bK1",
                "SIP/2.0/UDP p;branch=z9hG4bK2");
        assertThat(fields.first("v")).contains("SIP/2.0/UDP h;branch=z9hG4bK1");
        assertThat(fields.last("v")).contains("SIP/2.0/UDP p;branch=z9hG4bK2");
        assertThat(fields.last("contact")).isEmpty();
        assertThat(fields.first("call-id")).contains("9@h");
        assertThat(fields.first("i")).contains("9@h");
        assertThat(fields.first("content-length")).contains("6");
        assertThat(fields.first("o")).contains("ACTIVE-URI");
        assertThat(fields.first("subject")).isEmpty();
        assertThat(fields.all()).extracting(SipHeaderFields.Field::name)
                .containsExactly("via", "via", "call-id", "content-length", "event");
        assertThat(fields.malformedLine()).isEmpty();
    }

    @Test
    void continuationLinesJoinTheFieldTheyContinue() {
        SipHeaderFields fields = parse("SIP/2.0 200 OK\nSubject: one\n two\n\t three\nTo: <sip:x@y>");

        assertThat(fields.first("s")).contains("one two three");
        assertThat(fields.first("t")).contains("<sip:x@y>");
    }

    @Test
    void theFirstLineThatIsNoFieldIsKeptAndTheRestStillRead() {
        SipHeaderFields fields = parse("SIP/2.0 200 OK\r\n continuing nothing\r\nno colon\r\n: no name\r\nTo: x");

        assertThat(fields.malformedLine()).contains(" continuing nothing");
        assertThat(fields.values("to")).containsExactly("x");
    }
}
