package org.actionbridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SipNotifyTest {

    /** The NOTIFY of spec 3.7, verbatim. */
    private static final String SPEC_37 = "NOTIFY sip:3583@10.2.40.10:5062 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 10.2.40.27:5063;branch=z9hG4bK4163876675\r\n"
            + "From: <sip:3586@10.2.1.48 > ;tag=2900480538\r\n"
            + "To: \"3583\" <sip:3583@10.2.1.48 > ;tag=490600926\r\n"
            + "Call-ID: 2923387519@10.2.40.10\r\n"
            + "CSeq: 4 NOTIFY\r\n"
            + "Contact: <sip:3586@10.2.40.27:5063 >\r\n"
            + "Max-Forwards: 70\r\n"
            + "User-Agent: Fanvil X6 1.12.5\r\n"
            + "Event: ACTIVE-URI\r\n"
            + "Content-Type: message/sipfrag\r\n"
            + "Content-Length: 6\r\n"
            + "\r\n"
            + "key=OK";

    @Test
    void parsesTheSpec37Message() throws ProtocolException {
        assertThat(SipNotify.parseMessage(SPEC_37).instruction()).isEqualTo(PhoneCommands.answer());
    }

    @Test
    void buildsTheSpec37Headers() {
        SipNotify n = new SipNotify(PhoneCommands.answer());

        assertThat(n.body()).isEqualTo("key=OK");
        assertThat(n.contentLength()).isEqualTo(6);
        assertThat(n.headerLines()).containsExactly("Event: ACTIVE-URI", "Content-Type: message/sipfrag",
                "Content-Length: 6");
    }

    @Test
    void eventAndContentTypeAreCaseInsensitive() throws ProtocolException {
        assertThat(SipNotify.isActiveUriEvent("active-uri")).isTrue();
        assertThat(SipNotify.isActiveUriEvent(" Active-Uri ;id=1")).isTrue();
        assertThat(SipNotify.isActiveUriEvent("check-sync")).isFalse();
        assertThat(SipNotify.isSipfrag("Message/SipFrag;version=2.0")).isTrue();
        assertThat(SipNotify.parse("active-uri", null, "key=F_LOCK&code=12").instruction())
                .isEqualTo(PhoneCommands.openDoor("12"));
    }

    @Test
    void compactHeadersFoldedLinesAndLfOnly() throws ProtocolException {
        String msg = "NOTIFY sip:a@b SIP/2.0\nv: SIP/2.0/UDP h\no:\n active-uri\nc: message/sipfrag\nl: 19\n\n"
                + "key=SPEAKER;0;ENTERjunk";

        assertThat(SipNotify.parseMessage(msg).instruction().toNotifyBody()).isEqualTo("key=SPEAKER;0;ENTER");
    }

    @Test
    void contentLengthCountsUtf8Bytes() throws ProtocolException {
        SipNotify n = new SipNotify(PhoneCommands.displayName(1, "Jürgen"));

        assertThat(n.contentLength()).isEqualTo(n.body().length() + 1);
        String msg = "NOTIFY sip:a@b SIP/2.0\r\nEvent: ACTIVE-URI\r\nContent-Length: " + n.contentLength() + "\r\n\r\n"
                + n.body();
        assertThat(SipNotify.parseMessage(msg)).isEqualTo(n);
    }

    @Test
    void rejectsOtherNotifies() {
        assertThatThrownBy(() -> SipNotify.parse("message-summary", null, "key=OK")).hasMessageContaining("not ACTIVE-URI");
        assertThatThrownBy(() -> SipNotify.parse(null, null, "key=OK")).hasMessageContaining("no Event header");
        assertThatThrownBy(() -> SipNotify.parse("ACTIVE-URI", "text/plain", "key=OK")).hasMessageContaining("sipfrag");
        assertThatThrownBy(() -> SipNotify.parse("ACTIVE-URI", null, "key=OK\r\nkey=Reset"))
                .hasMessageContaining("control character");
        assertThatThrownBy(() -> SipNotify.parseMessage("INVITE sip:a@b SIP/2.0\r\n\r\n")).hasMessageContaining("NOTIFY");
        assertThatThrownBy(() -> SipNotify.parseMessage("NOTIFY sip:a@b SIP/2.0\r\nEvent: ACTIVE-URI"))
                .hasMessageContaining("blank line");
        assertThatThrownBy(() -> SipNotify.parseMessage("NOTIFY sip:a@b SIP/2.0\r\nEvent: ACTIVE-URI\r\nl: 99\r\n\r\nkey=OK"))
                .hasMessageContaining("Content-Length");
        assertThatThrownBy(() -> SipNotify.parseMessage("NOTIFY x\r\nbroken\r\n\r\nkey=OK")).hasMessageContaining("header");
    }

    private static String notify(String headers, String body) {
        return "NOTIFY sip:a@b SIP/2.0\r\nEvent: ACTIVE-URI\r\n" + headers + "\r\n" + body;
    }

    @Test
    void contentLengthIsExactOrRefused() throws ProtocolException {
        assertThat(SipNotify.parseMessage(notify("Content-Length: 6\r\n", "key=OK")).instruction())
                .isEqualTo(ActiveUriInstruction.parseQuery("key=OK"));
        assertThatThrownBy(() -> SipNotify.parseMessage(notify("Content-Length: 7\r\n", "key=OK")))
                .hasMessage("Content-Length 7 does not match the body of 6 bytes");
        assertThatThrownBy(() -> SipNotify.parseMessage(notify("Content-Length: -1\r\n", "key=OK")))
                .hasMessageContaining("Content-Length -1");
        assertThatThrownBy(() -> SipNotify.parseMessage(notify("Content-Length: 0\r\n", "key=OK")))
                .as("a body cut to nothing").hasMessageContaining("NOTIFY body is empty");
        assertThatThrownBy(() -> SipNotify.parseMessage(notify("Content-Length: 6x\r\n", "key=OK")))
                .hasMessageContaining("is not a number");
        assertThatThrownBy(() -> SipNotify.parseMessage(notify("Content-Length: 99999999999\r\n", "key=OK")))
                .hasMessageContaining("is not a number");
        // the last of two fields counts
        assertThat(SipNotify.parseMessage(notify("Content-Length: 99\r\nl: 6\r\n", "key=OKjunk")).instruction())
                .isEqualTo(ActiveUriInstruction.parseQuery("key=OK"));
    }

    @Test
    void theMessageLimitIsInclusiveAndTheBlankLineMayBeBareLf() throws ProtocolException {
        String head = "NOTIFY sip:a@b SIP/2.0\nEvent: ACTIVE-URI\nX-Pad: ";
        String tail = "\n\nkey=OK";
        String longest = head + "p".repeat(SipNotify.MAX_MESSAGE_LENGTH - head.length() - tail.length()) + tail;
        assertThat(longest).hasSize(SipNotify.MAX_MESSAGE_LENGTH);
        assertThat(SipNotify.parseMessage(longest).instruction()).isEqualTo(ActiveUriInstruction.parseQuery("key=OK"));
        assertThatThrownBy(() -> SipNotify.parseMessage(longest + " ")).hasMessageContaining("longer than 8192");
        assertThatThrownBy(() -> SipNotify.parseMessage("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> SipNotify.parseMessage(null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> SipNotify.parseMessage("notify sip:a@b SIP/2.0\r\n\r\nkey=OK"))
                .as("the method is case-sensitive").hasMessageContaining("not a NOTIFY");
    }

    @Test
    void headerValuesAreReadWithoutTheirParameters() {
        assertThat(SipNotify.isActiveUriEvent(" active-uri ;id=1")).isTrue();
        assertThat(SipNotify.isActiveUriEvent("ACTIVE-URI-X")).isFalse();
        assertThat(SipNotify.isActiveUriEvent(";ACTIVE-URI")).isFalse();
        assertThat(SipNotify.isSipfrag("Message/SipFrag;version=2.0")).isTrue();
        assertThat(SipNotify.isSipfrag("message/sipfragment")).isFalse();
        assertThat(SipNotify.isSipfrag(null)).isFalse();
    }
}
