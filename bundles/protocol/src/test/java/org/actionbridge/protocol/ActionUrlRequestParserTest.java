package org.actionbridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ActionUrlRequestParserTest {

    @Test
    void parsesATypicalIncomingCall() throws ProtocolException {
        ActionUrlRequest r = ActionUrlRequest.parse("incoming_call",
                "mac=0C:38:3E:1A:2B:3C&ip=192.168.1.20&remote=sip%3A1234%40pbx&display_remote=Bob+Smith&call_id=1");

        assertThat(r.event()).isEqualTo(ActionEvent.INCOMING_CALL);
        assertThat(r.mac()).contains(new MacAddress("0c383e1a2b3c"));
        assertThat(r.value(Variable.MAC)).contains("0c383e1a2b3c");
        assertThat(r.value(Variable.REMOTE)).contains("sip:1234@pbx");
        assertThat(r.value(Variable.DISPLAY_REMOTE)).contains("Bob Smith");
        assertThat(r.variables()).containsOnlyKeys(Variable.MAC, Variable.IP, Variable.REMOTE, Variable.DISPLAY_REMOTE,
                Variable.CALL_ID);
        assertThat(r.unknownParameters()).isEmpty();
        assertThat(r.absentVariables()).isEmpty();
    }

    /** Spec 2.3: num=1 is not a variable name; it is kept and marked unknown. */
    @Test
    void keepsUnknownParameters() throws ProtocolException {
        ActionUrlRequest r = ActionUrlRequest.parse("incoming_call", "num=1&x.y-z=%24");

        assertThat(r.unknownParameters()).containsExactly(Map.entry("num", "1"), Map.entry("x.y-z", "$"));
        assertThat(r.variables()).isEmpty();
    }

    @Test
    void unsubstitutedAndEmptyValuesAreAbsent() throws ProtocolException {
        ActionUrlRequest r = ActionUrlRequest.parse("call_established", "remote=$remote&duration=&local=%24local&line");

        assertThat(r.variables()).isEmpty();
        assertThat(r.absentVariables()).containsExactlyInAnyOrder(Variable.REMOTE, Variable.DURATION, Variable.LOCAL,
                Variable.LINE);
        assertThat(r.value(Variable.REMOTE)).isEmpty();
        assertThat(r.mac()).isEmpty();
    }

    @Test
    void aDollarAmountIsAValue() throws ProtocolException {
        assertThat(ActionUrlRequest.parse("sms", "display_remote=$5").value(Variable.DISPLAY_REMOTE)).contains("$5");
    }

    @Test
    void noQueryIsFine() throws ProtocolException {
        assertThat(ActionUrlRequest.parse("setup_completed", null).variables()).isEmpty();
        assertThat(ActionUrlRequest.parse("setup_completed", "").variables()).isEmpty();
        assertThat(ActionUrlRequest.parse("Setup_Completed", "a=1&&b=2").unknownParameters()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(ActionEvent.class)
    void everyEventCanBeReceivedWithItsGeneratedVariables(ActionEvent event) throws ProtocolException {
        ActionUrlGenerator g = ActionUrlGenerator.forPhone("http://127.0.0.1:8181/actionurl/T", PhoneModelSeries.X6);
        String url = g.urlFor(event);
        String query = url.substring(url.indexOf('?') + 1);

        ActionUrlRequest r = ActionUrlRequest.parse(event.wireName(), query);

        assertThat(r.event()).isEqualTo(event);
        assertThat(r.absentVariables()).containsExactlyInAnyOrderElementsOf(event.validVariables(PhoneModelSeries.X6));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0c383e1a2b3c", "0C383E1A2B3C", "0C:38:3E:1A:2B:3C", "0c-38-3e-1a-2b-3c", "0c38.3e1a.2b3c"})
    void acceptsTheMacFormsPhonesSend(String mac) throws ProtocolException {
        assertThat(ActionUrlRequest.parse("ip_changed", "mac=" + mac).mac())
                .contains(new MacAddress("0c383e1a2b3c"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0c383e1a2b3", "0c383e1a2b3cd", "0c:38:3e-1a:2b:3c", "0g383e1a2b3c", "0c:38:3e:1a:2b:3c:",
            "0c%3A38%3A3e%3A1a%3A2b", "０c383e1a2b3c", "0c 38 3e 1a 2b 3c", "0c383e1a2b3c%00"})
    void rejectsMalformedMacs(String mac) {
        assertThatThrownBy(() -> ActionUrlRequest.parse("ip_changed", "mac=" + mac))
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("MAC", "control"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.1.20", "10.0.0.1", "255.255.255.255", "0.0.0.0", "fe80::1", "::1", "::",
            "2001:db8:0:0:0:0:2:1", "2001:DB8::2:1", "::ffff:192.168.1.20", "1::", "1:2:3:4:5:6:7::"})
    void acceptsIpAddresses(String ip) throws ProtocolException {
        assertThat(ActionUrlRequest.parse("ip_changed", "ip=" + ip.replace(":", "%3A")).value(Variable.IP))
                .contains(ip);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-ip<script>", "192.168.1", "192.168.1.256", "192.168.1.20.5", "192.168..20",
            "192.168.1.x", "1.2.3.4 ", "phone.lan", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "1::2::3", ":::1",
            "12345::1", "1:2:3:4:5:6:7:8::", "::1.2.3", "g::1", "\u0661.2.3.4", "[::1]"})
    void rejectsWhatIsNoIpAddress(String ip) {
        assertThatThrownBy(() -> ActionUrlRequest.parse("ip_changed", "ip=" + ip.replace("%", "%25")
                .replace(" ", "%20").replace("<", "%3C").replace(">", "%3E").replace("\u0661", "%D9%A1")))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("is not an IPv4 or IPv6 address");
    }

    /** Hostile requests: event name, query, reason part. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ringing        | mac=0c383e1a2b3c          | unknown event 'ringing'
            ../admin       | mac=0c383e1a2b3c          | unknown event
            ''             | mac=0c383e1a2b3c          | event name is missing
            incoming_call  | remote=a%0D%0AInjected    | control character U+000D
            incoming_call  | remote=a%00b              | control character U+0000
            incoming_call  | remote=a%E2%80%A8b        | control character U+2028
            incoming_call  | remote=%C3%28             | UTF-8
            incoming_call  | remote=%2                 | truncated
            incoming_call  | remote=%G0                | malformed percent escape
            incoming_call  | re%0Amote=1               | contains U+000A
            incoming_call  | =1                        | without a name
            incoming_call  | a%26b=1                   | contains '&'
            incoming_call  | call_id=1&call_id=2       | twice
            incoming_call  | x=1&x=2                   | twice
            incoming_call  | mac=zz                    | malformed MAC address 'zz'
            """)
    void rejectsHostileRequests(String event, String query, String reasonPart) {
        assertThatThrownBy(() -> ActionUrlRequest.parse(event, query)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining(reasonPart);
    }

    @Test
    void rejectsControlCharactersInTheRawQueryAndEventName() {
        assertThatThrownBy(() -> ActionUrlRequest.parse("incoming_call", "a=1\r\nb=2"))
                .hasMessageContaining("control character");
        assertThatThrownBy(() -> ActionUrlRequest.parse("incoming_call\u0000", "")).hasMessageContaining("control");
    }

    @Test
    void enforcesTheDocumentedLimits() {
        ActionUrlRequestParser.Limits l = ActionUrlRequestParser.Limits.DEFAULTS;
        assertThatThrownBy(() -> ActionUrlRequest.parse("incoming_call", "a=" + "1".repeat(l.maxQueryLength())))
                .hasMessageContaining("query is longer than 8192");
        assertThatThrownBy(() -> ActionUrlRequest.parse("incoming_call", "remote=" + "1".repeat(l.maxValueLength() + 1)))
                .hasMessageContaining("longer than 1024");
        assertThatThrownBy(() -> ActionUrlRequest.parse("incoming_call", "a=1&".repeat(l.maxParameters() + 1)))
                .hasMessageContaining("more than 64 parameters");
        assertThatThrownBy(() -> ActionUrlRequest.parse("incoming_call", "n".repeat(l.maxNameLength() + 1) + "=1"))
                .hasMessageContaining("longer than 64");
        assertThatThrownBy(() -> ActionUrlRequest.parse("x".repeat(65), "")).hasMessageContaining("longer than 64");
    }

    @Test
    void customLimitsApply() {
        ActionUrlRequestParser small = new ActionUrlRequestParser(new ActionUrlRequestParser.Limits(100, 2, 10, 5));

        assertThatThrownBy(() -> small.parse("mwi", "remote=123456")).hasMessageContaining("longer than 5");
        assertThatThrownBy(() -> new ActionUrlRequestParser.Limits(0, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longErrorQuotesAreShortened() {
        assertThatThrownBy(() -> ActionUrlRequest.parse("e".repeat(60), ""))
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(120));
    }

    @Test
    void resultCollectionsAreUnmodifiable() throws ProtocolException {
        ActionUrlRequest r = ActionUrlRequest.parse("mwi", "mac=0c383e1a2b3c&u=1");

        assertThatThrownBy(() -> r.variables().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.unknownParameters().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
