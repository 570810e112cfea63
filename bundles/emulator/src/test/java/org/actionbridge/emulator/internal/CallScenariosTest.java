package org.actionbridge.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.actionbridge.emulator.CallState;
import org.actionbridge.emulator.CallStatus;
import org.actionbridge.emulator.DeviceState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scripted scenarios of the issue, end to end over real sockets: keys pressed over HTTP, the outside world
 * driven through the control endpoint, and the exact Action URLs asserted as a receiver gets them.
 */
class CallScenariosTest {

    private DeviceFixture device;

    private DeviceFixture start(String... keyValues) {
        device = new DeviceFixture(keyValues);
        return device;
    }

    @AfterEach
    void close() {
        if (device != null) {
            device.close();
        }
    }

    @Test
    void incomingCallAnsweredThenHungUpSendsExactUrls() {
        DeviceFixture d = start("id", "desk", "sipUser", "2001", "displayName", "Desk", "mac", "0C:38:3E:00:00:01");
        d.act("ring", "number", "1001", "name", "Alice Smith");
        d.recorder.awaitEvents("incoming_call", "idle_to_busy");
        assertThat(d.state().callState()).isEqualTo(CallState.RINGING);

        ActionUrlRecorder.Received incoming = d.recorder.last("incoming_call");
        String ip = d.address.getHostAddress();
        String uri = incoming.uri().replace(incoming.rawQuery().get("date_time"), "{dt}")
                .replace("memory_free=" + incoming.rawQuery().get("memory_free"), "memory_free={mem}");
        assertThat(uri).isEqualTo("/actionurl/T0KEN/incoming_call?mac=0c383e000001&ip=" + ip
                + "&model=X6U&firmware=2.12.0&active_uri=sip%3A2001%40127.0.0.1&active_user=2001"
                + "&active_host=127.0.0.1&local=sip%3A2001%40127.0.0.1&remote=sip%3A1001%40127.0.0.1"
                + "&display_local=Desk&display_remote=Alice%20Smith&call_id=1&date_time={dt}&memory_free={mem}"
                + "&flash_free=$flash_free&line=1&local_user=2001&local_server=127.0.0.1&local_domain=127.0.0.1"
                + "&local_number=2001&local_displayname=Desk&remote_number=1001&remote_displayname=Alice%20Smith");
        assertThat(incoming.value("date_time")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(incoming.value("memory_free")).matches("\\d+");
        assertThat(incoming.source()).as("sent from the device's own address").isEqualTo(d.address);

        d.settleAndClear();
        d.keys("OK");
        d.recorder.awaitEvents("off_hook", "call_established");
        assertThat(d.state().callState()).isEqualTo(CallState.CONNECTED);
        assertThat(d.recorder.last("call_established").value("remote_number")).isEqualTo("1001");
        assertThat(d.recorder.last("off_hook").rawQuery()).containsOnlyKeys("mac", "ip", "model", "firmware",
                "date_time", "memory_free", "flash_free");

        d.settleAndClear();
        d.act("remote-hangup");
        d.recorder.awaitEvents("call_terminated", "on_hook", "busy_to_idle");
        ActionUrlRecorder.Received terminated = d.recorder.last("call_terminated");
        assertThat(terminated.value("duration")).matches("\\d+");
        assertThat(terminated.value("call_id")).isEqualTo("1");
        assertThat(terminated.value("remote")).isEqualTo("sip:1001@127.0.0.1");
        assertThat(d.state().callState()).isEqualTo(CallState.IDLE);
        assertThat(d.state().offHook()).isFalse();
    }

    @Test
    void unansweredCallThatEndsIsMissed() {
        DeviceFixture d = start();
        d.act("ring", "number", "1002");
        d.act("remote-hangup");
        d.recorder.awaitEvents("incoming_call", "idle_to_busy", "missed_call", "busy_to_idle");
        ActionUrlRecorder.Received missed = d.recorder.last("missed_call");
        assertThat(missed.value("remote_number")).isEqualTo("1002");
        assertThat(missed.rawQuery()).as("only the variables valid for a missed call").doesNotContainKeys("remote",
                "call_id", "duration");
        assertThat(d.state().missedCalls()).isEqualTo(1);
        assertThat(d.state().calls()).isEmpty();
    }

    @Test
    void outgoingCallWithSpeakerNumberEnter() {
        DeviceFixture d = start();
        d.keys("SPEAKER;0000;ENTER");
        d.recorder.awaitEvents("off_hook", "idle_to_busy", "outgoing_call");
        ActionUrlRecorder.Received outgoing = d.recorder.last("outgoing_call");
        assertThat(outgoing.value("remote_number")).isEqualTo("0000");
        assertThat(outgoing.value("call_id")).isEqualTo("1");
        assertThat(d.state().callState()).isEqualTo(CallState.DIALING);
        assertThat(d.state().lastDialed()).isEqualTo("0000");

        d.settleAndClear();
        d.act("remote-answer");
        d.keys("RELEASE");
        d.recorder.awaitEvents("call_established", "call_terminated", "on_hook", "busy_to_idle");
        assertThat(d.state().callState()).isEqualTo(CallState.IDLE);
    }

    @Test
    void dialledDigitsShowWhileDialing() {
        DeviceFixture d = start();
        d.keys("SPEAKER;12;F_3");
        assertThat(d.state().dialedDigits()).isEqualTo("123");
        assertThat(d.state().screen()).isEqualTo("dialing");
        d.keys("DELETE");
        assertThat(d.state().dialedDigits()).isEqualTo("12");
        d.keys("F_CANCEL");
        d.recorder.awaitEvents("off_hook", "idle_to_busy", "on_hook", "busy_to_idle");
    }

    @Test
    void blindTransfer() {
        DeviceFixture d = start();
        d.act("ring", "number", "1003");
        d.keys("OK");
        d.recorder.awaitEvents("incoming_call", "idle_to_busy", "off_hook", "call_established");
        d.settleAndClear();

        d.keys("F_TRANSFER;000;F_TRANSFER");
        d.recorder.awaitEvents("call_transfer", "call_hold", "unattended_transfer", "call_terminated", "on_hook",
                "busy_to_idle");
        assertThat(d.recorder.last("unattended_transfer").value("remote_number")).isEqualTo("1003");
        assertThat(d.state().calls()).isEmpty();
    }

    @Test
    void attendedTransfer() {
        DeviceFixture d = start();
        d.act("ring", "number", "1004");
        d.keys("OK");
        d.recorder.awaitEvents("incoming_call", "idle_to_busy", "off_hook", "call_established");
        d.settleAndClear();

        d.keys("F_TRANSFER;0000;OK");
        d.recorder.awaitEvents("call_transfer", "call_hold", "outgoing_call");
        assertThat(d.recorder.last("outgoing_call").value("call_id")).isEqualTo("2");
        assertThat(d.state().calls()).extracting(c -> c.status()).containsExactly(CallStatus.HELD, CallStatus.CALLING);

        d.act("remote-answer");
        d.keys("OK");
        d.recorder.awaitEvents("call_transfer", "call_hold", "outgoing_call", "call_established", "attended_transfer",
                "call_terminated", "call_terminated", "on_hook", "busy_to_idle");
        assertThat(d.recorder.last("attended_transfer").value("remote_number")).isEqualTo("1004");
        assertThat(d.state().calls()).isEmpty();
    }

    @Test
    void threeCallsSwitchedAsInSpec36() {
        DeviceFixture d = start();
        for (String caller : new String[] { "101", "102", "103" }) {
            d.act("ring", "number", caller);
            d.keys("OK");
        }
        // answering each new call holds the current one
        assertThat(d.state().calls()).extracting(c -> c.status())
                .containsExactly(CallStatus.HELD, CallStatus.HELD, CallStatus.TALKING);

        // make A current: select it, F_HOLD resumes it and holds C
        d.keys("next_call");
        assertThat(d.state().focusedCall().orElseThrow().remoteNumber()).isEqualTo("101");
        d.settleAndClear();
        d.keys("F_HOLD");
        d.recorder.awaitEvents("call_hold", "call_resume");
        assertThat(d.recorder.last("call_hold").value("remote_number")).isEqualTo("103");
        assertThat(d.recorder.last("call_resume").value("remote_number")).isEqualTo("101");

        // "A current, B and C held; F_FLASH: B switches to call status, A and C are held"
        d.settleAndClear();
        d.keys("F_FLASH");
        d.recorder.awaitEvents("call_hold", "call_resume");
        assertThat(statuses(d.state())).containsExactly("101 HELD", "102 TALKING", "103 HELD");

        // "prev_call (or next_call) to call C, then F_HOLD switches it to call status"
        d.keys("next_call;F_HOLD");
        assertThat(statuses(d.state())).containsExactly("101 HELD", "102 HELD", "103 TALKING");
        assertThat(d.state().callState()).isEqualTo(CallState.CONNECTED);
    }

    @Test
    void conferenceJoinsCalls() {
        DeviceFixture d = start();
        d.act("ring", "number", "201");
        d.keys("OK");
        d.recorder.awaitEvents("incoming_call", "idle_to_busy", "off_hook", "call_established");
        d.settleAndClear();
        d.keys("F_CONFERENCE;202;OK");
        d.act("remote-answer");
        d.keys("F_JOIN");
        // the first call is held for the second and resumed in the conference: the bridge follows by events
        d.recorder.awaitEvents("call_hold", "outgoing_call", "call_established", "call_resume");
        assertThat(d.recorder.last("call_resume").value("remote_number")).isEqualTo("201");
        DeviceState state = d.state();
        assertThat(state.conference()).isTrue();
        assertThat(statuses(state)).containsExactly("201 TALKING", "202 TALKING");
        d.keys("split");
        assertThat(d.state().conference()).isFalse();
    }

    @Test
    void dndToggleFiresOnEveryChangeAndRejectsCalls() {
        DeviceFixture d = start();
        d.keys("DND");
        d.keys("DND");
        d.keys("DNDON;DNDON");
        d.recorder.awaitEvents("dnd_enabled", "dnd_disabled", "dnd_enabled");
        assertThat(d.state().dnd()).isTrue();

        d.act("ring", "number", "1005");
        assertThat(d.state().calls()).as("DND rejects the call").isEmpty();
        d.keys("DNDOFF");
        d.recorder.awaitEvents("dnd_enabled", "dnd_disabled", "dnd_enabled", "dnd_disabled");
    }

    @Test
    void muteDtmfAndVolumeInACall() {
        DeviceFixture d = start();
        d.act("ring", "number", "1006");
        d.keys("OK;1234;F_MUTE;VOLUME_UP;VOLUME_UP;MUTE");
        d.recorder.awaitEvents("incoming_call", "idle_to_busy", "off_hook", "call_established", "mute", "unmute");
        DeviceState state = d.state();
        assertThat(state.calls().get(0).dtmf()).isEqualTo("1234");
        assertThat(state.volume()).isEqualTo(7);
        assertThat(state.mute()).isFalse();
    }

    @Test
    void redialCallsTheLastNumber() {
        DeviceFixture d = start();
        d.keys("0000;ENTER");
        d.keys("RELEASE");
        d.settleAndClear();
        d.keys("F_REDIAL");
        d.recorder.awaitEvents("off_hook", "idle_to_busy", "outgoing_call");
        assertThat(d.recorder.last("outgoing_call").value("remote_number")).isEqualTo("0000");
    }

    @Test
    void lineDisplayNameIsUsedInEvents() {
        DeviceFixture d = start();
        d.keys("F_HOLD"); // no call: ignored, still 200
        TestHttp.Response response = d.activeUri("line=1;displayname=Reception");
        assertThat(response.status()).isEqualTo(200);
        d.keys("SPEAKER;55;ENTER");
        d.recorder.awaitEvents("off_hook", "idle_to_busy", "outgoing_call");
        assertThat(d.recorder.last("outgoing_call").value("display_local")).isEqualTo("Reception");
        assertThat(d.state().lineDisplayNames()).containsEntry(1, "Reception");
    }

    @Test
    void rebootFiresStartRebootThenSetupAndRegistration() {
        DeviceFixture d = start();
        d.act("ring", "number", "1007");
        d.settleAndClear();
        d.keys("F_REBOOT");
        assertThat(d.activeUri("key=OK").status()).isIn(200, 503);
        d.recorder.awaitEvents("start_reboot", "setup_completed", "registration_succeeded");
        DeviceState state = d.state();
        assertThat(state.rebooting()).isFalse();
        assertThat(state.calls()).isEmpty();
    }

    @Test
    void factoryResetClearsSettings() {
        DeviceFixture d = start();
        d.keys("DNDON;VOLUME_UP");
        d.act("forward", "kind", "busy");
        d.keys("Reset");
        // the settings the reset switched off are reported once the phone is up, as switching each off would
        d.recorder.awaitEvents("dnd_enabled", "forward_busy_enabled", "start_reboot", "setup_completed",
                "registration_succeeded", "dnd_disabled", "forward_busy_disabled");
        assertThat(d.state().dnd()).isFalse();
        assertThat(d.state().volume()).isEqualTo(5);
    }

    @Test
    void aDivertedCallEndsWithCallTerminated() {
        DeviceFixture d = start();
        d.act("ring", "number", "1011");
        d.keys("F_DIVERT");
        d.recorder.awaitEvents("incoming_call", "idle_to_busy", "call_terminated", "busy_to_idle");
        assertThat(d.recorder.last("call_terminated").value("remote_number")).isEqualTo("1011");
        assertThat(d.state().calls()).isEmpty();
    }

    @Test
    void bothSpellingsOfThePrefixKeyPrefixTheNumber() {
        DeviceFixture d = start();
        d.keys("123;F_PREFIX:9;ENTER");
        assertThat(d.state().focusedCall().orElseThrow().remoteNumber()).isEqualTo("9123");
        d.keys("RELEASE");
        d.keys("123;f_prefix;9;ENTER");
        assertThat(d.state().focusedCall().orElseThrow().remoteNumber()).as("spec 3.3: f_ Prefix; prefix number")
                .isEqualTo("9123");
    }

    @Test
    void aClearedAccountStaysClearedAcrossARestart() {
        DeviceFixture d = start();
        d.keys("F_HOTDESKING");
        d.keys("F_REBOOT");
        d.recorder.awaitEvents("registration_disabled", "start_reboot", "setup_completed");
        assertThat(d.state().registration()).isEqualTo(org.actionbridge.emulator.Registration.DISABLED);
        d.act("registration-success");
        assertThat(d.state().registration()).isEqualTo(org.actionbridge.emulator.Registration.REGISTERED);
    }

    @Test
    void displayNameOfALineThePhoneDoesNotHaveIsRefused() {
        DeviceFixture d = start();
        assertThat(d.activeUri("line=7;displayname=Reception").status()).isEqualTo(400);
        assertThat(d.activeUri("line=6;displayname=Reception").status()).isEqualTo(200);
    }

    @Test
    void doorOpensWithTheRightCodeAndClosesAgain() {
        // open long enough that reading the state right after the answer sees it open on a loaded machine
        DeviceFixture d = start("type", "intercom", "doorCode", "4711", "doorOpenSeconds", "2");
        TestHttp.Response wrong = d.activeUri("key=F_LOCK&code=1234");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.body()).contains("wrong door code");
        assertThat(d.state().doorOpen()).isFalse();

        TestHttp.Response right = d.activeUri("key=F_LOCK&code=4711");
        assertThat(right.status()).isEqualTo(200);
        assertThat(d.state().doorOpen()).isTrue();
        d.recorder.awaitEvents("door_opened", "door_closed");
        assertThat(d.state().doorOpen()).isFalse();
        assertThat(d.recorder.last("door_opened").source()).isEqualTo(d.address);
    }

    @Test
    void phoneHasNoDoor() {
        DeviceFixture d = start("doorCode", "4711");
        assertThat(d.activeUri("key=F_LOCK&code=4711").status()).isEqualTo(400);
    }

    @Test
    void intercomAlarmsAndOutputs() {
        DeviceFixture d = start("type", "intercom");
        d.act("alarm", "kind", "door-sensor-1");
        d.act("alarm", "kind", "tamper");
        d.act("output", "output", "2");
        d.recorder.awaitEvents("door_sensor_1", "tamper", "output_2");
        DeviceState state = d.state();
        assertThat(state.doorSensor1()).isTrue();
        assertThat(state.tamper()).isTrue();
        assertThat(state.output2()).isTrue();
        d.act("alarm", "kind", "tamper", "active", "false");
        assertThat(d.state().tamper()).isFalse();
    }

    @Test
    void outsideWorldEvents() {
        DeviceFixture d = start();
        d.act("sms", "from", "1008", "text", "hello there");
        d.act("mwi", "count", "3");
        d.act("registration-failure");
        d.act("ip-change", "ip", "127.9.9.9");
        d.act("forward", "kind", "busy", "enabled", "true");
        d.recorder.awaitEvents("sms", "mwi", "registration_failed", "ip_changed", "forward_busy_enabled");
        assertThat(d.recorder.last("ip_changed").value("ip")).isEqualTo("127.9.9.9");
        assertThat(d.recorder.last("registration_failed").value("line")).isEqualTo("1");
        DeviceState state = d.state();
        assertThat(state.lastSmsText()).isEqualTo("hello there");
        assertThat(state.mwi()).isEqualTo(3);
        assertThat(state.forwardBusy()).isTrue();
        assertThat(d.control("ring", "number", "1009").status()).as("not registered").isEqualTo(409);
    }

    @Test
    void x4SeriesLeavesOutX6Variables() {
        DeviceFixture d = start("model", "X4U");
        d.act("ring", "number", "1010");
        d.recorder.awaitEvents("incoming_call", "idle_to_busy");
        assertThat(d.recorder.last("incoming_call").rawQuery()).doesNotContainKeys("local_number", "remote_number")
                .containsKeys("local", "remote", "display_remote");
        assertThat(d.recorder.last("incoming_call").value("local")).as("X3/X4: local number before answering")
                .isEqualTo(d.config.sipUser());
    }

    @Test
    void perEventTemplateOverridesTheBase() {
        try (ActionUrlRecorder custom = new ActionUrlRecorder()) {
            DeviceFixture d = start("mac", "0c383e000002", "actionUrl.dnd_enabled",
                    "http://127.0.0.1:" + custom.port() + "/custom?m=$mac&r=$remote&x=$nothing",
                    "actionUrl.dnd_disabled", "");
            d.keys("DNDON;DNDOFF");
            org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(custom.received()).hasSize(1));
            assertThat(custom.received().get(0).uri()).isEqualTo("/custom?m=0c383e000002&r=$remote&x=$nothing");
            assertThat(d.state().recentEvents()).extracting(ev -> ev.event().wireName())
                    .endsWith("dnd_enabled", "dnd_disabled");
            // the device sends in order: once a later event is in, a dnd_disabled sent by mistake would be too
            d.act("mwi", "count", "1");
            d.recorder.awaitEvents("mwi");
            assertThat(d.recorder.received()).as("dnd_disabled switched off by an empty template")
                    .extracting(r -> r.event()).containsExactly("mwi");
        }
    }

    private static java.util.List<String> statuses(DeviceState state) {
        return state.calls().stream().map(c -> c.remoteNumber() + " " + c.status()).toList();
    }
}
