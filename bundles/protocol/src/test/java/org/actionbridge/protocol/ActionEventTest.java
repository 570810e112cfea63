package org.actionbridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ActionEventTest {

    /** Spec 2.4, one row per event: wire name (DESIGN.md), display name, category, industry specific. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            setup_completed                | Setup Completed                     | DEVICE       | false
            registration_succeeded         | Registration Succeeded              | REGISTRATION | false
            registration_disabled          | Registration Disabled               | REGISTRATION | false
            registration_failed            | Registration Failed                 | REGISTRATION | false
            off_hook                       | Phone Off Hooked                    | CALL         | false
            on_hook                        | Phone On Hooked                     | CALL         | false
            incoming_call                  | Incoming call                       | CALL         | false
            outgoing_call                  | Outgoing call                       | CALL         | false
            call_established               | Call established                    | CALL         | false
            call_terminated                | Call terminated                     | CALL         | false
            dnd_enabled                    | DND Enabled                         | FEATURE      | false
            dnd_disabled                   | DND Disabled                        | FEATURE      | false
            forward_unconditional_enabled  | Unconditional Call Forward Enabled  | FEATURE      | false
            forward_unconditional_disabled | Unconditional Call Forward Disabled | FEATURE      | false
            forward_busy_enabled           | Call Forward on Busy Enabled        | FEATURE      | false
            forward_busy_disabled          | Call Forward on Busy Disabled       | FEATURE      | false
            forward_no_answer_enabled      | Call Forward on No Answer Enabled   | FEATURE      | false
            forward_no_answer_disabled     | Call Forward on No Answer Disabled  | FEATURE      | false
            call_transfer                  | Call transfer                       | CALL         | false
            unattended_transfer            | Unattended Call Transfer            | CALL         | false
            attended_transfer              | Attended Call Transfer              | CALL         | false
            call_hold                      | Call hold                           | CALL         | false
            call_resume                    | Call resume                         | CALL         | false
            mute                           | Mute                                | CALL         | false
            unmute                         | Unmute                              | CALL         | false
            missed_call                    | Missed calls                        | CALL         | false
            ip_changed                     | IP Changed                          | DEVICE       | false
            idle_to_busy                   | Idle To Busy                        | DEVICE       | false
            busy_to_idle                   | Busy To Idle                        | DEVICE       | false
            mwi                            | MWI                                 | FEATURE      | false
            sms                            | SMS                                 | FEATURE      | false
            start_reboot                   | Start reboot                        | DEVICE       | false
            door_opened                    | Open The Door                       | INTERCOM     | true
            door_closed                    | Close The Door                      | INTERCOM     | true
            tamper                         | Tamper                              | INTERCOM     | true
            door_sensor_1                  | Door Sensor 1                       | INTERCOM     | true
            door_sensor_2                  | Door Sensor 2                       | INTERCOM     | true
            web_api_auth_changed           | Web API Auth Changed                | DEVICE       | true
            sip_message_received           | Received Sip Message                | DEVICE       | true
            output_1                       | Output1                             | INTERCOM     | true
            output_2                       | Output2                             | INTERCOM     | true
            """)
    void everySpecEventRowIsModelled(String wireName, String displayName, EventCategory category,
            boolean industrySpecific) {
        ActionEvent event = ActionEvent.fromWireName(wireName).orElseThrow();

        assertThat(event.wireName()).isEqualTo(wireName);
        assertThat(event.displayName()).isEqualTo(displayName);
        assertThat(event.category()).isEqualTo(category);
        assertThat(event.industrySpecific()).isEqualTo(industrySpecific);
        assertThat(event.description()).isNotBlank();
        assertThat(event.toString()).isEqualTo(wireName);
    }

    @Test
    void hasExactlyTheFortyOneEventsOfDesign() {
        String design = "setup_completed, registration_succeeded, registration_disabled, registration_failed, "
                + "off_hook, on_hook, incoming_call, outgoing_call, call_established, call_terminated, "
                + "dnd_enabled, dnd_disabled, forward_unconditional_enabled, forward_unconditional_disabled, "
                + "forward_busy_enabled, forward_busy_disabled, forward_no_answer_enabled, "
                + "forward_no_answer_disabled, call_transfer, unattended_transfer, attended_transfer, call_hold, "
                + "call_resume, mute, unmute, missed_call, ip_changed, idle_to_busy, busy_to_idle, mwi, sms, "
                + "start_reboot, door_opened, door_closed, tamper, door_sensor_1, door_sensor_2, "
                + "web_api_auth_changed, sip_message_received, output_1, output_2";

        assertThat(Arrays.stream(ActionEvent.values()).map(ActionEvent::wireName))
                .containsExactly(design.split(", "));
    }

    @Test
    void matchesWireNamesIgnoringAsciiCaseOnly() {
        assertThat(ActionEvent.fromWireName("Incoming_Call")).contains(ActionEvent.INCOMING_CALL);
        assertThat(ActionEvent.fromWireName("incoming-call")).isEmpty();
        assertThat(ActionEvent.fromWireName("ıncoming_call")).isEmpty();
        assertThat(ActionEvent.fromWireName("")).isEmpty();
        assertThat(ActionEvent.fromWireName(null)).isEmpty();
        assertThat(ActionEvent.fromWireName("x".repeat(10_000))).isEmpty();
    }

    @Test
    void conversationEventsFollowRuleThreeOfSpec25() {
        Set<ActionEvent> conversation = Arrays.stream(ActionEvent.values())
                .filter(e -> e.contexts().contains(VariableContext.CONVERSATION))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ActionEvent.class)));

        assertThat(conversation).containsExactlyInAnyOrder(ActionEvent.CALL_ESTABLISHED, ActionEvent.CALL_TERMINATED,
                ActionEvent.CALL_TRANSFER, ActionEvent.UNATTENDED_TRANSFER, ActionEvent.ATTENDED_TRANSFER,
                ActionEvent.CALL_HOLD, ActionEvent.CALL_RESUME, ActionEvent.MUTE, ActionEvent.UNMUTE);
    }

    @Test
    void everyEventIsInTheAlwaysContext() {
        for (ActionEvent e : ActionEvent.values()) {
            assertThat(e.contexts()).contains(VariableContext.ALWAYS);
        }
    }
}
