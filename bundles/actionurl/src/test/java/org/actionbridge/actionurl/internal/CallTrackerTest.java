package org.actionbridge.actionurl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.actionbridge.core.ThingType;
import org.actionbridge.protocol.ActionUrlRequest;
import org.actionbridge.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

class CallTrackerTest {

    private final CallTracker phone = new CallTracker(ThingType.PHONE);
    private final Instant now = Instant.parse("2026-11-26T08:00:00Z");

    private Map<String, String> apply(CallTracker tracker, String event, String query) throws ProtocolException {
        return tracker.apply(ActionUrlRequest.parse(event, query), now);
    }

    private Map<String, String> apply(String event, String query) throws ProtocolException {
        return apply(phone, event, query);
    }

    @Test
    void incomingCallRingsConnectsAndEndsWithDuration() throws Exception {
        assertThat(apply("incoming_call", "call_id=7&remote_number=1234&remote_displayname=Alice&line=2"))
                .containsEntry("call-state", "RINGING").containsEntry("call-direction", "INCOMING")
                .containsEntry("remote-number", "1234").containsEntry("remote-name", "Alice")
                .containsEntry("call-id", "7").containsEntry("line", "2");
        assertThat(apply("call_established", "call_id=7")).containsEntry("call-state", "CONNECTED")
                .containsEntry("remote-number", "1234");
        assertThat(apply("call_terminated", "call_id=7&duration=00:01:05")).containsEntry("call-state", "IDLE")
                .containsEntry("call-duration", "65").containsEntry("remote-number", "")
                .containsEntry("call-direction", "NONE");
    }

    @Test
    void withoutDurationTheCallsOwnIsTakenFromItsEvents() throws Exception {
        phone.apply(ActionUrlRequest.parse("incoming_call", "call_id=7&remote_number=1234"), now);
        phone.apply(ActionUrlRequest.parse("call_established", "call_id=7"), now.plusSeconds(3));
        assertThat(phone.apply(ActionUrlRequest.parse("call_terminated", "call_id=7&duration=$duration"),
                now.plusSeconds(45))).containsEntry("call-duration", "42");

        // a call never established lasted nothing, not as long as the one before
        phone.apply(ActionUrlRequest.parse("incoming_call", "call_id=8&remote_number=1234"), now.plusSeconds(50));
        assertThat(phone.apply(ActionUrlRequest.parse("call_terminated", "call_id=8"), now.plusSeconds(55)))
                .containsEntry("call-duration", "0");
    }

    @Test
    void theLastCallEndingUnmutes() throws Exception {
        apply("incoming_call", "call_id=1&remote_number=1");
        apply("call_established", "call_id=1");
        apply("outgoing_call", "call_id=2&remote_number=2");
        apply("call_established", "call_id=2");
        assertThat(apply("mute", "")).containsEntry("mute", "ON");
        assertThat(apply("call_terminated", "call_id=2")).as("a call is left").doesNotContainKey("mute");
        assertThat(apply("call_terminated", "call_id=1")).containsEntry("mute", "OFF");
    }

    @Test
    void remoteSipUriGivesTheNumberWhenRemoteNumberIsAbsent() throws Exception {
        assertThat(apply("incoming_call", "call_id=1&remote=sip:5555@pbx.example&display_remote=Bob"))
                .containsEntry("remote-number", "5555").containsEntry("remote-name", "Bob");
    }

    @Test
    void unsubstitutedVariablesAreIgnored() throws Exception {
        assertThat(apply("incoming_call", "call_id=1&remote_number=$remote_number&remote=")).containsEntry(
                "remote-number", "");
    }

    @Test
    void missedCallsAreCountedAndLastNumberKept() throws Exception {
        apply("incoming_call", "call_id=3&remote_number=111");
        assertThat(apply("missed_call", "call_id=3&remote_number=111")).containsEntry("missed-calls", "1")
                .containsEntry("last-missed-number", "111").containsEntry("call-state", "IDLE");
        assertThat(apply("missed_call", "call_id=4&remote_number=222")).containsEntry("missed-calls", "2")
                .containsEntry("last-missed-number", "222");
    }

    @Test
    void missedCallWithoutCallIdEndsTheRingingCallFromThatNumber() throws Exception {
        apply("incoming_call", "call_id=8&remote_number=777");
        assertThat(apply("missed_call", "remote_number=777")).containsEntry("call-state", "IDLE")
                .containsEntry("missed-calls", "1");
    }

    @Test
    void secondAnsweredCallHoldsTheFirstAndEndingItBringsBackTheHeldOne() throws Exception {
        apply("incoming_call", "call_id=1&remote_number=100");
        apply("call_established", "call_id=1");
        assertThat(apply("incoming_call", "call_id=2&remote_number=200")).containsEntry("call-state", "RINGING")
                .containsEntry("remote-number", "200");
        assertThat(apply("call_established", "call_id=2")).containsEntry("call-state", "CONNECTED")
                .containsEntry("call-id", "2");
        assertThat(apply("call_terminated", "call_id=2")).containsEntry("call-state", "HELD")
                .containsEntry("call-id", "1").containsEntry("hold", "ON");
        assertThat(apply("call_resume", "call_id=1")).containsEntry("call-state", "CONNECTED")
                .containsEntry("hold", "OFF");
    }

    @Test
    void holdAndResumeWithoutCallIdActOnTheCallInFront() throws Exception {
        apply("outgoing_call", "remote_number=300");
        assertThat(apply("call_established", "")).containsEntry("call-state", "CONNECTED")
                .containsEntry("call-direction", "OUTGOING");
        assertThat(apply("call_hold", "")).containsEntry("call-state", "HELD").containsEntry("hold", "ON");
        assertThat(apply("call_resume", "")).containsEntry("call-state", "CONNECTED");
        assertThat(apply("call_terminated", "duration=12")).containsEntry("call-state", "IDLE")
                .containsEntry("call-duration", "12");
    }

    @Test
    void hangingUpIsIdleAtOnceThoughTheHookFollows() throws Exception {
        apply("off_hook", "");
        apply("outgoing_call", "call_id=4&remote_number=500");
        apply("call_established", "call_id=4");
        assertThat(apply("call_terminated", "call_id=4")).containsEntry("call-state", "IDLE");
        assertThat(apply("on_hook", "")).containsEntry("call-state", "IDLE");
    }

    @Test
    void offHookWithoutCallIsDialing() throws Exception {
        assertThat(apply("off_hook", "")).containsEntry("hook", "OFF_HOOK").containsEntry("call-state", "DIALING");
        assertThat(apply("on_hook", "")).containsEntry("hook", "ON_HOOK").containsEntry("call-state", "IDLE");
    }

    @Test
    void featureSwitchesFollowTheirEvents() throws Exception {
        assertThat(apply("dnd_enabled", "")).containsExactly(Map.entry("dnd", "ON"));
        assertThat(apply("dnd_disabled", "")).containsExactly(Map.entry("dnd", "OFF"));
        assertThat(apply("forward_busy_enabled", "")).containsExactly(Map.entry("forward-busy", "ON"));
        assertThat(apply("forward_no_answer_disabled", "")).containsExactly(Map.entry("forward-no-answer", "OFF"));
        assertThat(apply("forward_unconditional_enabled", "")).containsExactly(
                Map.entry("forward-unconditional", "ON"));
        assertThat(apply("mute", "")).containsEntry("mute", "ON");
        assertThat(apply("idle_to_busy", "")).containsEntry("screen", "BUSY");
    }

    @Test
    void registrationCarriesItsLine() throws Exception {
        assertThat(apply("registration_succeeded", "line=1")).containsEntry("registration", "REGISTERED")
                .containsEntry("line", "1");
        assertThat(apply("registration_failed", "line=1")).containsEntry("registration", "FAILED");
        assertThat(apply("registration_disabled", "")).containsEntry("registration", "DISABLED");
    }

    @Test
    void setupCompletedReportsModelFirmwareAndAddress() throws Exception {
        assertThat(apply("setup_completed", "mac=0c383e000001&ip=127.0.3.4&model=X6U&firmware=1.12.5"))
                .containsEntry("model", "X6U").containsEntry("firmware", "1.12.5")
                .containsEntry("ip-address", "127.0.3.4").containsEntry("call-state", "IDLE");
    }

    @Test
    void intercomDoorSensorsAndOutputs() throws Exception {
        CallTracker intercom = new CallTracker(ThingType.INTERCOM);
        assertThat(apply(intercom, "door_opened", "")).containsEntry("door", "OPEN");
        assertThat(apply(intercom, "door_closed", "")).containsEntry("door", "CLOSED");
        assertThat(apply(intercom, "tamper", "")).containsEntry("tamper", "ON");
        assertThat(apply(intercom, "door_sensor_1", "")).containsEntry("door-sensor-1", "ON");
        assertThat(apply(intercom, "door_sensor_2", "")).containsEntry("door-sensor-2", "ON");
        assertThat(apply(intercom, "output_1", "")).containsEntry("output-1", "ON");
        assertThat(apply(intercom, "output_2", "")).containsEntry("output-2", "ON");
        // no event clears them; a restart does
        assertThat(apply(intercom, "setup_completed", "")).containsEntry("tamper", "OFF")
                .containsEntry("door-sensor-1", "OFF").containsEntry("door-sensor-2", "OFF")
                .containsEntry("output-1", "OFF").containsEntry("output-2", "OFF");
        assertThat(apply(phone, "setup_completed", "")).as("a phone has none of them").doesNotContainKeys("tamper",
                "output-1");
    }

    @Test
    void phoneIgnoresIntercomChannels() throws Exception {
        assertThat(apply("door_opened", "")).isEmpty();
    }

    @Test
    void smsAndMwiUseExtraParametersWhenTheTemplateHasThem() throws Exception {
        assertThat(apply("sms", "text=hello")).containsEntry("last-sms", "hello");
        assertThat(apply("mwi", "count=3")).containsEntry("mwi", "3");
        assertThat(apply("mwi", "")).containsEntry("mwi", "ON");
    }

    @Test
    void durationFormats() {
        assertThat(CallTracker.seconds("75")).contains(75L);
        assertThat(CallTracker.seconds("01:02:03")).contains(3723L);
        assertThat(CallTracker.seconds("1:2:3:4")).isEmpty();
        assertThat(CallTracker.seconds("ten")).isEmpty();
    }

    @Test
    void aRestartForgetsTheCallsAndARebootTheRegistration() throws Exception {
        apply("incoming_call", "call_id=1&remote_number=100");
        assertThat(apply("setup_completed", "")).containsEntry("call-state", "IDLE").containsEntry("call-id", "")
                .containsEntry("hook", "ON_HOOK").containsEntry("mute", "OFF").containsEntry("screen", "IDLE")
                .doesNotContainKey("registration");
        apply("incoming_call", "call_id=2&remote_number=200");
        assertThat(apply("start_reboot", "")).containsEntry("call-state", "IDLE").containsEntry("registration",
                "UNKNOWN");
    }

    @Test
    void outgoingAndAnsweredCallsTakeTheirPartyAndLine() throws Exception {
        assertThat(apply("outgoing_call", "call_id=5&remote=sips:6000@pbx&remote_displayname=Desk&line=3"))
                .containsEntry("call-state", "DIALING").containsEntry("call-direction", "OUTGOING")
                .containsEntry("remote-number", "6000").containsEntry("remote-name", "Desk").containsEntry("line", "3");
        // the answer may name the party better than the dialling did
        assertThat(apply("call_established", "call_id=5&remote_number=6001&display_remote=Front&line=4"))
                .containsEntry("call-state", "CONNECTED").containsEntry("remote-number", "6001")
                .containsEntry("remote-name", "Front").containsEntry("line", "4");
        // a call answered that was never announced still shows as connected
        CallTracker fresh = new CallTracker(ThingType.PHONE);
        assertThat(apply(fresh, "call_established", "call_id=9&remote_number=42")).containsEntry("call-state",
                "CONNECTED").containsEntry("call-direction", "NONE").containsEntry("remote-number", "42");
    }

    @Test
    void withoutCallIdsTheCallInFrontIsTheOneThatEnds() throws Exception {
        apply("incoming_call", "call_id=1&remote_number=100");
        apply("call_established", "call_id=1");
        apply("call_hold", "call_id=1");
        apply("incoming_call", "call_id=2&remote_number=200");
        apply("call_established", "call_id=2");
        // a phone that leaves $call_id out of call_terminated: the connected call (in front) ended
        assertThat(apply("call_terminated", "")).containsEntry("call-id", "1").containsEntry("call-state", "HELD");
        assertThat(apply("call_terminated", "")).containsEntry("call-state", "IDLE");
        assertThat(apply("call_terminated", "")).as("nothing left to end").containsEntry("call-state", "IDLE");
    }

    @Test
    void holdAndResumeWithACallIdActOnThatCall() throws Exception {
        apply("incoming_call", "call_id=1&remote_number=100");
        apply("call_established", "call_id=1");
        apply("incoming_call", "call_id=2&remote_number=200");
        apply("call_established", "call_id=2"); // 1 is held
        assertThat(apply("call_hold", "call_id=2")).containsEntry("call-state", "HELD").containsEntry("hold", "ON");
        // both held: the newest is in front
        assertThat(apply("call_resume", "call_id=1")).containsEntry("call-id", "1").containsEntry("call-state",
                "CONNECTED");
        assertThat(apply("call_hold", "call_id=7")).as("an unknown id acts on the call in front")
                .containsEntry("call-id", "1").containsEntry("call-state", "HELD");
    }

    @Test
    void aMissedCallEndsOnlyARingingCall() throws Exception {
        apply("incoming_call", "call_id=1&remote_number=100");
        apply("call_established", "call_id=1");
        // a missed call from the same number while talking (a second line): the connected call stays
        assertThat(apply("missed_call", "remote_number=100")).containsEntry("call-state", "CONNECTED")
                .containsEntry("missed-calls", "1");
        apply("incoming_call", "call_id=2&remote_number=200");
        apply("incoming_call", "call_id=3&remote_number=300");
        assertThat(apply("missed_call", "remote_number=200")).as("the ringing call from 200 ended")
                .containsEntry("missed-calls", "2").containsEntry("call-id", "3");
        assertThat(apply("missed_call", "remote=sip:300@pbx")).containsEntry("last-missed-number", "sip:300@pbx");
    }

    @Test
    void remoteUrisGiveTheirUserPart() {
        assertThat(CallTracker.userPart("sip:123@host")).isEqualTo("123");
        assertThat(CallTracker.userPart("SIPS:456@host")).isEqualTo("456");
        assertThat(CallTracker.userPart("789")).isEqualTo("789");
        assertThat(CallTracker.userPart("@host")).as("no user part: kept").isEqualTo("@host");
        assertThat(CallTracker.userPart("tel:+4930@x")).isEqualTo("tel:+4930");
    }

    @Test
    void durationsAreDigitsOnly() {
        assertThat(CallTracker.seconds("0")).contains(0L);
        assertThat(CallTracker.seconds("9")).contains(9L);
        assertThat(CallTracker.seconds(" 12 ")).contains(12L);
        assertThat(CallTracker.seconds("1/2")).isEmpty();
        assertThat(CallTracker.seconds("1:")).isEmpty();
        assertThat(CallTracker.seconds("-1")).isEmpty();
        assertThat(CallTracker.seconds("999999999")).contains(999_999_999L);
        assertThat(CallTracker.seconds("1000000000")).as("ten digits").isEmpty();
    }
}
