package org.actionbridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ActionUrlTemplateTest {

    /** Spec 2.3: the Incoming call URL with num=$call_id becomes num=1 for the first call. */
    @Test
    void expandsTheSpec23Example() throws ProtocolException {
        ActionUrlTemplate t = ActionUrlTemplate.parse("http://192.168.1.100/newcall.xml?num=$call_id");

        assertThat(t.variables()).containsExactly(Variable.CALL_ID);
        assertThat(t.expand(Map.of(Variable.CALL_ID, "1"))).isEqualTo("http://192.168.1.100/newcall.xml?num=1");
    }

    @Test
    void expandsTheIssueExampleWithEncodedValues() throws ProtocolException {
        ActionUrlTemplate t = ActionUrlTemplate.parse("http://h:8181/actionurl/T/incoming_call?num=$call_id&mac=$mac");

        assertThat(t.expand(Map.of(Variable.CALL_ID, "a b&c=d", Variable.MAC, "0c383e1a2b3c")))
                .isEqualTo("http://h:8181/actionurl/T/incoming_call?num=a%20b%26c%3Dd&mac=0c383e1a2b3c");
    }

    @Test
    void matchesTheLongestVariableName() throws ProtocolException {
        ActionUrlTemplate t = ActionUrlTemplate.parse("http://h/x?a=$local_number&b=$local&c=$remote_displayname");

        assertThat(t.variables()).containsExactly(Variable.LOCAL_NUMBER, Variable.LOCAL, Variable.REMOTE_DISPLAYNAME);
        assertThat(t.expand(Map.of(Variable.LOCAL_NUMBER, "100", Variable.LOCAL, "sip:100@h",
                Variable.REMOTE_DISPLAYNAME, "Bob")))
                .isEqualTo("http://h/x?a=100&b=sip%3A100%40h&c=Bob");
    }

    @Test
    void x3x4PhonesReadX6OnlyTokensAsShorterOnes() throws ProtocolException {
        ActionUrlTemplate t = ActionUrlTemplate.parse("http://h/x?a=$local_number", PhoneModelSeries.X3_X4);

        assertThat(t.variables()).containsExactly(Variable.LOCAL);
        assertThat(t.expand(Map.of(Variable.LOCAL, "100"))).isEqualTo("http://h/x?a=100_number");
    }

    @Test
    void missingValuesStayAsLiteralTokens() throws ProtocolException {
        ActionUrlTemplate t = ActionUrlTemplate.parse("http://h/x?r=$remote&d=$duration&m=$mac");

        assertThat(t.expand(Map.of(Variable.MAC, ""))).isEqualTo("http://h/x?r=$remote&d=$duration&m=");
    }

    @Test
    void onlyVariablesValidForTheEventAreReplaced() throws ProtocolException {
        ActionUrlTemplate t = ActionUrlTemplate.parse("http://h/x?d=$duration&c=$call_id", PhoneModelSeries.X6);
        Map<Variable, String> values = new EnumMap<>(Variable.class);
        values.put(Variable.DURATION, "42");
        values.put(Variable.CALL_ID, "7");

        assertThat(t.expand(ActionEvent.INCOMING_CALL, values)).isEqualTo("http://h/x?d=$duration&c=7");
        assertThat(t.expand(ActionEvent.CALL_TERMINATED, values)).isEqualTo("http://h/x?d=42&c=7");
        assertThat(t.expand(ActionEvent.SETUP_COMPLETED, values)).isEqualTo("http://h/x?d=$duration&c=$call_id");
    }

    @Test
    void unknownDollarTextStaysLiteral() throws ProtocolException {
        ActionUrlTemplate t = ActionUrlTemplate.parse("http://h/x?a=$$mac&b=$price&c=$");

        assertThat(t.variables()).containsExactly(Variable.MAC);
        assertThat(t.expand(Map.of(Variable.MAC, "m"))).isEqualTo("http://h/x?a=$m&b=$price&c=$");
    }

    @Test
    void expandsNonAsciiValuesAsUtf8() throws ProtocolException {
        ActionUrlTemplate t = ActionUrlTemplate.parse("http://h/x?n=$display_remote");

        assertThat(t.expand(Map.of(Variable.DISPLAY_REMOTE, "Müller 😀")))
                .isEqualTo("http://h/x?n=M%C3%BCller%20%F0%9F%98%80");
    }

    @Test
    void rejectsBadTemplates() {
        assertThatThrownBy(() -> ActionUrlTemplate.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ActionUrlTemplate.parse("ftp://h/x")).hasMessageContaining("http://");
        assertThatThrownBy(() -> ActionUrlTemplate.parse("htp://127.0.0.1:8181/actionurl/EUtdz7-CybYt/mwi"))
                .hasMessage("Action URL must start with http:// or https://, not 'htp:...'")
                .hasMessageNotContaining("EUtdz7");
        assertThatThrownBy(() -> ActionUrlTemplate.parse("http://h/x\r\nHost: evil")).hasMessageContaining("control");
        assertThatThrownBy(() -> ActionUrlTemplate.parse("http://h/" + "x".repeat(ActionUrlTemplate.MAX_LENGTH)))
                .hasMessageContaining("longer than");
    }
}
