package org.actionbridge.protocol;

import static org.actionbridge.protocol.PhoneModelSeries.X3_X4;
import static org.actionbridge.protocol.PhoneModelSeries.X6;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class VariableTest {

    /**
     * Spec 2.5, one row per variable: token, contexts on X3/X4 and on X6 (I incoming, O outgoing, C
     * conversation, E call end, M missed call, R registration, A always, - not available).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            $mac                | A    | A
            $ip                 | A    | A
            $model              | A    | A
            $firmware           | A    | A
            $active_uri         | IOC  | IOC
            $active_user        | IOC  | IOC
            $active_host        | IOC  | IOC
            $local              | IO   | IOC
            $remote             | IO   | IOC
            $display_local      | IO   | IO
            $display_remote     | I    | IO
            $call_id            | IOC  | IOC
            $duration           | E    | E
            $date_time          | A    | A
            $memory_free        | A    | A
            $flash_free         | A    | A
            $line               | IOCR | IOCR
            $local_user         | -    | IOC
            $local_server       | -    | IOC
            $local_domain       | -    | IOC
            $local_number       | -    | IOC
            $local_displayname  | -    | IOC
            $remote_number      | -    | IOCM
            $remote_displayname | -    | IOC
            """)
    void everySpecVariableRowIsModelled(String token, String x3x4, String x6) {
        Variable v = Variable.fromToken(token).orElseThrow();

        assertThat(v.token()).isEqualTo(token);
        assertThat(v.queryName()).isEqualTo(token.substring(1));
        assertThat(Variable.fromQueryName(token.substring(1))).contains(v);
        assertThat(v.description()).isNotBlank();
        assertThat(v.contexts(X3_X4)).isEqualTo(contexts(x3x4));
        assertThat(v.contexts(X6)).isEqualTo(contexts(x6));
        assertThat(v.x6Only()).isEqualTo(x3x4.equals("-"));
        assertThat(v.appliesTo(X6)).isTrue();
    }

    private static Set<VariableContext> contexts(String code) {
        EnumSet<VariableContext> set = EnumSet.noneOf(VariableContext.class);
        for (char c : code.toCharArray()) {
            switch (c) {
                case 'A' -> set.add(VariableContext.ALWAYS);
                case 'I' -> set.add(VariableContext.INCOMING_CALL);
                case 'O' -> set.add(VariableContext.OUTGOING_CALL);
                case 'C' -> set.add(VariableContext.CONVERSATION);
                case 'E' -> set.add(VariableContext.CALL_END);
                case 'M' -> set.add(VariableContext.MISSED_CALL);
                case 'R' -> set.add(VariableContext.REGISTRATION);
                default -> { }
            }
        }
        return set;
    }

    @Test
    void queryNamesAreExactlyThoseOfDesign() {
        String design = "mac, ip, model, firmware, active_uri, active_user, active_host, local, remote, "
                + "display_local, display_remote, call_id, duration, date_time, memory_free, flash_free, line, "
                + "local_user, local_server, local_domain, local_number, local_displayname, remote_number, "
                + "remote_displayname";

        assertThat(Arrays.stream(Variable.values()).map(Variable::queryName)).containsExactly(design.split(", "));
    }

    @Test
    void seriesDifferencesAreTheThreeTheSpecNames() {
        Set<Variable> differing = Arrays.stream(Variable.values()).filter(v -> !v.x6Only())
                .filter(Variable::differsBetweenSeries).collect(Collectors.toSet());

        assertThat(differing).containsExactlyInAnyOrder(Variable.LOCAL, Variable.REMOTE, Variable.DISPLAY_REMOTE);
    }

    @Test
    void ruleOneIncomingCallVariablesOnX3X4() {
        assertThat(ActionEvent.INCOMING_CALL.validVariables(X3_X4)).containsExactly(Variable.MAC, Variable.IP,
                Variable.MODEL, Variable.FIRMWARE, Variable.ACTIVE_URI, Variable.ACTIVE_USER, Variable.ACTIVE_HOST,
                Variable.LOCAL, Variable.REMOTE, Variable.DISPLAY_LOCAL, Variable.DISPLAY_REMOTE, Variable.CALL_ID,
                Variable.DATE_TIME, Variable.MEMORY_FREE, Variable.FLASH_FREE, Variable.LINE);
    }

    @Test
    void ruleTwoOutgoingCallOnX3X4LacksDisplayRemote() {
        assertThat(ActionEvent.OUTGOING_CALL.validVariables(X3_X4)).doesNotContain(Variable.DISPLAY_REMOTE)
                .contains(Variable.LOCAL, Variable.REMOTE, Variable.DISPLAY_LOCAL);
        assertThat(ActionEvent.OUTGOING_CALL.validVariables(X6)).contains(Variable.DISPLAY_REMOTE);
    }

    @Test
    void ruleThreeConversationVariablesOnX6() {
        assertThat(ActionEvent.CALL_ESTABLISHED.validVariables(X6)).containsExactly(Variable.MAC, Variable.IP,
                Variable.MODEL, Variable.FIRMWARE, Variable.ACTIVE_URI, Variable.ACTIVE_USER, Variable.ACTIVE_HOST,
                Variable.LOCAL, Variable.REMOTE, Variable.CALL_ID, Variable.DATE_TIME, Variable.MEMORY_FREE,
                Variable.FLASH_FREE, Variable.LINE, Variable.LOCAL_USER, Variable.LOCAL_SERVER,
                Variable.LOCAL_DOMAIN, Variable.LOCAL_NUMBER, Variable.LOCAL_DISPLAYNAME, Variable.REMOTE_NUMBER,
                Variable.REMOTE_DISPLAYNAME);
        assertThat(ActionEvent.CALL_ESTABLISHED.validVariables(X3_X4)).doesNotContain(Variable.LOCAL,
                Variable.REMOTE, Variable.LOCAL_NUMBER);
    }

    @Test
    void durationOnlyWhenTheConversationEnds() {
        for (ActionEvent e : ActionEvent.values()) {
            assertThat(Variable.DURATION.validFor(e, X6)).isEqualTo(e == ActionEvent.CALL_TERMINATED);
        }
    }

    @Test
    void remoteNumberIsKnownForMissedCallsOnX6() {
        assertThat(ActionEvent.MISSED_CALL.validVariables(X6)).contains(Variable.REMOTE_NUMBER)
                .doesNotContain(Variable.CALL_ID);
        assertThat(ActionEvent.MISSED_CALL.validVariables(X3_X4)).doesNotContain(Variable.REMOTE_NUMBER);
    }

    @Test
    void lineIsKnownForRegistrationEvents() {
        assertThat(ActionEvent.REGISTRATION_FAILED.validVariables(X3_X4)).contains(Variable.LINE)
                .doesNotContain(Variable.CALL_ID);
    }

    @ParameterizedTest
    @EnumSource(ActionEvent.class)
    void deviceVariablesAreValidForEveryEvent(ActionEvent event) {
        for (PhoneModelSeries s : PhoneModelSeries.values()) {
            assertThat(event.validVariables(s)).startsWith(Variable.MAC, Variable.IP, Variable.MODEL,
                    Variable.FIRMWARE);
        }
    }

    @Test
    void unknownNamesAreEmpty() {
        assertThat(Variable.fromQueryName("num")).isEmpty();
        assertThat(Variable.fromQueryName("MAC")).contains(Variable.MAC);
        assertThat(Variable.fromToken("mac")).isEmpty();
    }

    @Test
    void seriesFromModelName() {
        assertThat(PhoneModelSeries.fromModel("X4U")).contains(X3_X4);
        assertThat(PhoneModelSeries.fromModel("Fanvil X6U")).contains(X6);
        assertThat(PhoneModelSeries.fromModel("x3sg")).contains(X3_X4);
        assertThat(PhoneModelSeries.fromModel("i30")).isEmpty();
        assertThat(PhoneModelSeries.fromModel(null)).isEmpty();
    }
}
