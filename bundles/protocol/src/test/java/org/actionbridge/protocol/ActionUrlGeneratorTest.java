package org.actionbridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActionUrlGeneratorTest {
    private static final String BASE = "http://127.0.0.1:8181/actionurl/TOKEN";

    @Test
    void oneLinePerEventInSpecOrder() throws ProtocolException {
        List<ActionUrlGenerator.ActionUrlLine> lines = ActionUrlGenerator.forPhone(BASE, PhoneModelSeries.X6).lines();

        assertThat(lines).hasSize(41);
        assertThat(lines).extracting(ActionUrlGenerator.ActionUrlLine::event).containsExactly(ActionEvent.values());
        assertThat(lines.get(0).label()).isEqualTo("Setup Completed");
    }

    @Test
    void setupCompletedCarriesTheDeviceVariables() throws ProtocolException {
        assertThat(ActionUrlGenerator.forPhone(BASE + "/", PhoneModelSeries.X3_X4).urlFor(ActionEvent.SETUP_COMPLETED))
                .isEqualTo(BASE + "/setup_completed?mac=$mac&ip=$ip&model=$model&firmware=$firmware"
                        + "&date_time=$date_time&memory_free=$memory_free&flash_free=$flash_free");
    }

    @Test
    void incomingCallOnX3X4HasNoX6OnlyVariables() throws ProtocolException {
        String url = ActionUrlGenerator.forPhone(BASE, PhoneModelSeries.X3_X4).urlFor(ActionEvent.INCOMING_CALL);

        assertThat(url).startsWith(BASE + "/incoming_call?mac=$mac&ip=$ip&")
                .contains("&remote=$remote&", "&display_remote=$display_remote&", "&call_id=$call_id")
                .doesNotContain("local_number", "remote_number", "duration");
    }

    @Test
    void callTerminatedOnX6HasDurationAndCallDetails() throws ProtocolException {
        String url = ActionUrlGenerator.forPhone(BASE, PhoneModelSeries.X6).urlFor(ActionEvent.CALL_TERMINATED);

        assertThat(url).contains("&duration=$duration", "&remote_number=$remote_number", "&local=$local");
    }

    @Test
    void everyLineExpandsBackToItsVariables() throws ProtocolException {
        for (PhoneModelSeries s : PhoneModelSeries.values()) {
            ActionUrlGenerator g = ActionUrlGenerator.forPhone(BASE, s);
            for (ActionEvent e : ActionEvent.values()) {
                assertThat(g.templateFor(e).variables()).containsExactlyElementsOf(e.validVariables(s));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ftp://h/x", "http://", "http:///x", "http://h/x?a=1", "http://h/x#f", "http://h/$mac",
            "http://h/a b", "http://h/x\r\n", "http://h/ä"})
    void rejectsUnusableBaseUrls(String base) {
        assertThatThrownBy(() -> ActionUrlGenerator.forPhone(base, PhoneModelSeries.X6))
                .isInstanceOf(ProtocolException.class);
    }
}
